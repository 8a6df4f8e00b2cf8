// The history of one item, as the citizen, the officer and the leader see it: one list in the one vocabulary.
import type { FeedbackStatus, TimelineEvent } from '../api/types';
import { STATUS_LABELS } from '../lib/feedback-labels';
import { formatDateTime } from '../lib/format';
import { eventLabel, eventNote } from '../pages/citizen/event-labels';

const statusLabel = (s: string) => (s in STATUS_LABELS ? STATUS_LABELS[s as FeedbackStatus] : s);

/** `statusChanges`: staff also see the status each step moved the item to. */
export function FeedbackTimeline({ events, statusChanges = false }: { events: TimelineEvent[]; statusChanges?: boolean }) {
  return (
    <section className="card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">Quá trình xử lý</h2>
      {events.length === 0 ? (
        <p className="muted">Chưa có cập nhật nào.</p>
      ) : (
        <ol className="timeline">
          {events.map((e, i) => {
            const note = eventNote(e);
            return (
              <li key={`${e.at}-${i}`}>
                <div className="timeline-time">
                  <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                  {e.actor ? ` · ${e.actor}` : ''}
                </div>
                <strong>{eventLabel(e.type)}</strong>
                {statusChanges && e.to && e.from !== e.to && (
                  <div className="timeline-status">{e.from ? `${statusLabel(e.from)} → ${statusLabel(e.to)}` : statusLabel(e.to)}</div>
                )}
                {note && <p className="timeline-note pre-wrap">{note}</p>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
