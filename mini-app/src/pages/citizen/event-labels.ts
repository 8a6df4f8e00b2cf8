// What each timeline event means. Event types: bot-server/src/features/feedback/
// feedback-service.ts (created, the handling actions, rated), feedback-routes.ts (attachment_added),
// feedback-import.ts (imported_answer, imported_update) and calendar-repository.ts (deadline_recomputed).
import type { TimelineEvent } from '../../api/types';

// The words are the one vocabulary's (feedback-vocabulary.ts): the same for the citizen, the officer and the bot.
export { EVENT_LABELS_VI as EVENT_LABELS, eventLabel } from '../../../../bot-server/src/domain/feedback/feedback-vocabulary';

/** The answer and the reject reason have their own card; the timeline does not repeat their full text. */
export function eventNote(e: TimelineEvent): string | null {
  if (e.type === 'answer' || e.type === 'reject') return null;
  return e.note?.trim() || null;
}

/** The officer's latest request for more information, shown above the "Bổ sung thông tin" form. */
export function latestInfoRequest(timeline: TimelineEvent[]): TimelineEvent | null {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i];
    if (e && e.type === 'request_info') return e;
  }
  return null;
}
