// "Phản ánh của tôi": everything the citizen has sent, newest first, with where each one stands.
import { useState } from 'react';
import { Button, useNavigate } from 'zmp-ui';
import { api } from '../../api/endpoints';
import type { Feedback } from '../../api/types';
import { errorMessage } from '../../components/field-errors';
import { LoadState } from '../../components/load-state';
import { Screen } from '../../components/screen';
import { StatusBadge } from '../../components/status-badge';
import { useLoad } from '../../components/use-load';
import { feedbackHeadline } from '../../lib/feedback-labels';
import { formatDate } from '../../lib/format';
import { paths } from '../../routes';
import './citizen.css';

const PAGE = 30;

/** What the citizen is expected to do next, if anything. */
function callToAction(f: Feedback): string | null {
  if (f.status === 'needs_info') return 'Cơ quan đề nghị bạn bổ sung thông tin';
  if ((f.status === 'answered' || f.status === 'closed') && f.rating === null) return 'Đã có trả lời, mời bạn đánh giá';
  return null;
}

function FeedbackItem({ item, onOpen }: { item: Feedback; onOpen: () => void }) {
  const cta = callToAction(item);
  return (
    <button type="button" className="list-item" onClick={onOpen}>
      <span className="item-head">
        <span className="item-code">{item.code}</span>
        <StatusBadge status={item.status} />
      </span>
      <span className="item-summary">
        {feedbackHeadline(item, 80)}
      </span>
      <span className="item-meta">{`Gửi ngày ${formatDate(item.receivedAt)} · ${item.unit.name}`}</span>
      {cta && (
        <span className="item-meta warning-text">
          {cta}
        </span>
      )}
    </button>
  );
}

export default function MyFeedback() {
  const navigate = useNavigate();
  const first = useLoad(() => api.feedback.list({ limit: PAGE, offset: 0 }), []);
  const [more, setMore] = useState<Feedback[]>([]);
  const [hasMore, setHasMore] = useState<boolean | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<string | null>(null);

  const canLoadMore = hasMore ?? (first.data?.items.length ?? 0) === PAGE;

  const loadMore = async () => {
    setLoadingMore(true);
    setMoreError(null);
    try {
      const offset = (first.data?.items.length ?? 0) + more.length;
      const page = await api.feedback.list({ limit: PAGE, offset });
      setMore((m) => [...m, ...page.items.filter((i) => !m.some((x) => x.code === i.code))]);
      setHasMore(page.items.length === PAGE);
    } catch (err) {
      setMoreError(errorMessage(err));
    } finally {
      setLoadingMore(false);
    }
  };

  const reload = () => {
    setMore([]);
    setHasMore(null);
    first.reload();
  };

  return (
    <Screen title="Phản ánh của tôi">
      <LoadState
        state={{ ...first, reload }}
        isEmpty={(d) => d.items.length === 0}
        empty={
          <>
            <p>Bạn chưa gửi phản ánh nào</p>
            <Button onClick={() => navigate(paths.newFeedback)}>Gửi phản ánh</Button>
          </>
        }
      >
        {(d) => (
          <>
            <ul className="stack" aria-label="Danh sách phản ánh đã gửi">
              {[...d.items, ...more].map((item) => (
                <li key={item.code}>
                  <FeedbackItem item={item} onOpen={() => navigate(paths.feedback(item.code))} />
                </li>
              ))}
            </ul>
            {moreError && (
              <p className="error-text" role="alert">
                {moreError}
              </p>
            )}
            <div className="actions">
              {canLoadMore && (
                <Button fullWidth variant="secondary" loading={loadingMore} disabled={loadingMore} onClick={loadMore}>
                  {moreError ? 'Thử lại' : 'Xem thêm'}
                </Button>
              )}
              <Button fullWidth variant="tertiary" onClick={() => navigate(paths.newFeedback)}>
                Gửi phản ánh mới
              </Button>
            </div>
          </>
        )}
      </LoadState>
    </Screen>
  );
}
