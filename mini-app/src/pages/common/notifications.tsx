// "Thông báo": what needs the signed-in person, newest first, for every role. Tapping one marks it read and opens
// the item on that role's screen.
import { useState } from 'react';
import { Button, useNavigate, useSnackbar } from 'zmp-ui';
import { api } from '../../api/endpoints';
import type { NotificationItem, NotificationList } from '../../api/types';
import { isLeader, isStaff, useSession } from '../../auth/session-context';
import { ErrorState, LoadState } from '../../components/load-state';
import { Screen } from '../../components/screen';
import { StaffNav } from '../../components/staff-nav';
import { setUnread } from '../../components/unread-count';
import { useLoad } from '../../components/use-load';
import '../../components/notifications.css';
import { formatDateTime } from '../../lib/format';
import { paths } from '../../routes';

const PAGE = 30;

/** Where a notification leads, for this person. */
export function notificationTarget(item: Pick<NotificationItem, 'feedbackCode' | 'kind'>, staff: boolean, leader: boolean): string | null {
  if (item.feedbackCode) return staff ? paths.officerFeedback(item.feedbackCode) : paths.feedback(item.feedbackCode);
  if (!staff) return null;
  if (item.kind === 'digest' && leader) return paths.leader;
  if (item.kind?.startsWith('dti_')) return item.kind === 'dti_summary' && leader ? paths.leaderDtiReview : paths.officerDti;
  return null;
}

export default function Notifications() {
  const { me } = useSession();
  const staff = isStaff(me);
  const leader = isLeader(me);
  const navigate = useNavigate();
  const { openSnackbar } = useSnackbar();
  const [more, setMore] = useState<NotificationItem[]>([]);
  const [end, setEnd] = useState(false);
  const [busy, setBusy] = useState(false);
  const [readIds, setReadIds] = useState<Set<number>>(new Set());
  const list = useLoad(async () => {
    const first = await api.notifications({ limit: PAGE });
    setUnread(first.unread);
    setMore([]);
    setEnd(first.items.length < PAGE);
    setReadIds(new Set());
    return first;
  }, []);

  const isUnread = (n: NotificationItem) => !n.readAt && !readIds.has(n.id);

  const open = async (n: NotificationItem) => {
    if (isUnread(n)) {
      setReadIds((s) => new Set(s).add(n.id));
      try {
        setUnread((await api.notificationRead(n.id)).unread);
      } catch {
        // The read mark can wait for the next visit; the item itself still opens.
      }
    }
    const to = notificationTarget(n, staff, leader);
    if (to) navigate(to);
  };

  const readAll = async (data: NotificationList) => {
    setBusy(true);
    try {
      const r = await api.notificationsReadAll();
      setUnread(r.unread);
      setReadIds(new Set([...data.items, ...more].map((n) => n.id)));
      openSnackbar({ text: 'Đã đánh dấu đã đọc tất cả', type: 'success' });
    } catch (e) {
      openSnackbar({ text: (e as Error).message || 'Không đánh dấu được. Vui lòng thử lại.', type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  const loadMore = async (data: NotificationList) => {
    const last = [...data.items, ...more].at(-1);
    if (!last) return;
    setBusy(true);
    try {
      const next = await api.notifications({ limit: PAGE, before: last.id });
      setMore((m) => [...m, ...next.items]);
      setEnd(next.items.length < PAGE);
    } catch (e) {
      openSnackbar({ text: (e as Error).message || 'Không tải được. Vui lòng thử lại.', type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title="Thông báo" back={!staff}>
      <LoadState state={list} isEmpty={(d) => d.items.length === 0} empty="Chưa có thông báo nào">
        {(data) => {
          const items = [...data.items, ...more];
          const anyUnread = items.some(isUnread);
          return (
            <>
              {anyUnread && (
                <div className="actions">
                  <Button size="medium" variant="secondary" loading={busy} onClick={() => void readAll(data)}>
                    Đánh dấu đã đọc tất cả
                  </Button>
                </div>
              )}
              <ul className="notification-list" aria-label="Danh sách thông báo">
                {items.map((n) => {
                  const unread = isUnread(n);
                  return (
                    <li key={n.id}>
                      <button
                        type="button"
                        className={`notification-item${unread ? ' unread' : ''}`}
                        data-testid="notification-item"
                        aria-label={unread ? `Chưa đọc: ${n.text}` : undefined}
                        onClick={() => void open(n)}
                      >
                        <span className="notification-meta">
                          {unread && <span className="unread-dot" aria-hidden="true" />}
                          {n.feedbackCode && <span>{n.feedbackCode}</span>}
                          <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
                        </span>
                        <span className="notification-text">{n.text}</span>
                      </button>
                    </li>
                  );
                })}
              </ul>
              {list.error && <ErrorState error={list.error} onRetry={list.reload} />}
              {!end && (
                <div className="actions">
                  <Button variant="secondary" loading={busy} onClick={() => void loadMore(data)}>
                    Xem thêm
                  </Button>
                </div>
              )}
            </>
          );
        }}
      </LoadState>
      {staff && <StaffNav />}
    </Screen>
  );
}
