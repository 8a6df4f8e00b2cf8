// Section (d) of the dashboard: the five most urgent overdue and nearly due items the leader can see.
import { useNavigate } from 'zmp-ui';
import { api } from '../../api/endpoints';
import type { Feedback } from '../../api/types';
import { DeadlineBadge } from '../../components/deadline-badge';
import { LoadState } from '../../components/load-state';
import { useLoad } from '../../components/use-load';
import { paths } from '../../routes';
import { deadlineListQuery } from './leader-periods';

function FeedbackList({ due, title, empty }: { due: 'overdue' | 'due_soon'; title: string; empty: string }) {
  const navigate = useNavigate();
  const list = useLoad(() => api.feedback.list(deadlineListQuery(due)), [due]);
  const headingId = `due-${due}`;
  return (
    <section className="leader-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <LoadState state={list} isEmpty={(l) => l.items.length === 0} empty={empty}>
        {(l) => (
          <div>
            {l.items.map((f: Feedback) => (
              <button key={f.code} type="button" className="list-item" onClick={() => navigate(paths.leaderFeedback(f.code))}>
                <span className="spread">
                  <span className="list-item-title">{f.code}</span>
                  <DeadlineBadge deadline={f.deadline} />
                </span>
                <span className="excerpt">{f.title || f.content}</span>
                <span className="muted small">{f.unit.name}</span>
              </button>
            ))}
          </div>
        )}
      </LoadState>
    </section>
  );
}

export function DeadlineSections() {
  return (
    <>
      <FeedbackList due="overdue" title="Phản ánh quá hạn" empty="Không có phản ánh nào quá hạn." />
      <FeedbackList due="due_soon" title="Sắp đến hạn" empty="Không có phản ánh nào sắp đến hạn." />
    </>
  );
}
