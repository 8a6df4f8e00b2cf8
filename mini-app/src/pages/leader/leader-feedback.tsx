// One item as a leader sees it, from an alert or a figure of the dashboard: the facts, the deadline, the answer and
// the history, read-only. Leaders do not act on items (the server refuses it too) unless they are also officers of the
// handling unit, who then have the officer's screen.
import { useParams, useNavigate, Button } from 'zmp-ui';
import { api } from '../../api/endpoints';
import type { FeedbackDetail } from '../../api/types';
import { rolesOf, useSession } from '../../auth/session-context';
import { Badge } from '../../components/badge';
import { DeadlineBadge } from '../../components/deadline-badge';
import { FeedbackTimeline } from '../../components/feedback-timeline';
import { LoadState } from '../../components/load-state';
import { Screen } from '../../components/screen';
import { StatusBadge } from '../../components/status-badge';
import { useLoad } from '../../components/use-load';
import { CHANNEL_LABELS } from '../../lib/feedback-labels';
import { formatDateTime } from '../../lib/format';
import { paths } from '../../routes';
import './leader.css';

function View({ f, canAct }: { f: FeedbackDetail; canAct: boolean }) {
  const navigate = useNavigate();
  return (
    <>
      <section className="card" aria-labelledby="fb-title">
        <div className="spread">
          <span className="list-item-title">{f.code}</span>
          <span className="badges">
            <StatusBadge status={f.status} />
            {f.published && <Badge tone="neutral">Đã công khai</Badge>}
          </span>
        </div>
        <h2 id="fb-title">{f.title?.trim() || 'Phản ánh, kiến nghị'}</h2>
        <p className="small">
          Hạn xử lý: {f.dueAt ? formatDateTime(f.dueAt) : f.status === 'needs_info' ? 'tạm dừng, chờ người dân bổ sung' : '—'}{' '}
          <DeadlineBadge deadline={f.deadline} />
        </p>
        <p className="preserve-lines">{f.content}</p>
        <dl className="facts">
          <dt>Đơn vị xử lý</dt>
          <dd>{f.unit.name}</dd>
          <dt>Kênh tiếp nhận</dt>
          <dd>{CHANNEL_LABELS[f.channel] ?? f.channel}</dd>
          <dt>Ngày nhận</dt>
          <dd>{formatDateTime(f.receivedAt)}</dd>
          {f.answeredAt && (
            <>
              <dt>Ngày trả lời</dt>
              <dd>{formatDateTime(f.answeredAt)}</dd>
            </>
          )}
        </dl>
        <p className="muted small" data-testid="read-only-note">
          Lãnh đạo xem để theo dõi; cán bộ của đơn vị xử lý thực hiện các bước xử lý.
        </p>
        {canAct && (
          <Button size="medium" variant="secondary" fullWidth onClick={() => navigate(paths.officerFeedback(f.code))}>
            Mở màn hình xử lý
          </Button>
        )}
      </section>
      {(f.answer || f.rejectReason || f.rating !== null) && (
        <section className="card" aria-labelledby="outcome-title">
          <h2 id="outcome-title">Kết quả xử lý</h2>
          {f.answer && <p className="preserve-lines">{f.answer}</p>}
          {f.rejectReason && <p className="preserve-lines">Lý do từ chối: {f.rejectReason}</p>}
          {f.rating !== null && (
            <p>
              Người dân đánh giá {f.rating}/5 sao{f.ratingComment ? ` · ${f.ratingComment}` : ''}
            </p>
          )}
        </section>
      )}
      <FeedbackTimeline events={f.timeline} statusChanges />
    </>
  );
}

export default function LeaderFeedback() {
  const { code = '' } = useParams();
  const { me } = useSession();
  const state = useLoad(() => api.feedback.get(code), [code]);
  // Only an officer of the handling unit (or an admin) may act; the server checks this as well.
  const canAct = (f: FeedbackDetail) =>
    rolesOf(me).has('admin') || (me?.roles ?? []).some((r) => r.role === 'officer' && r.unit === f.unit.code);
  return (
    <Screen title={`Phản ánh ${code}`}>
      <LoadState state={state}>{(f) => <View f={f} canAct={canAct(f)} />}</LoadState>
    </Screen>
  );
}
