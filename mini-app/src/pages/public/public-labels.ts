// Wording of the public results, shared by the list and the detail. Pure.
import type { FeedbackStatus, PublicFeedback } from '../../api/types';
import { formatDate } from '../../lib/format';

/** The statuses a published item can have (publish is allowed from answered and closed only). */
export const PUBLIC_STATUSES: FeedbackStatus[] = ['answered', 'closed'];

export const ALL = 'all';

/** "Xử lý trong 3 ngày làm việc", or null before an answer. */
export function workingDaysText(f: Pick<PublicFeedback, 'workingDaysTaken'>): string | null {
  if (f.workingDaysTaken === null) return null;
  return f.workingDaysTaken === 0 ? 'Trả lời trong ngày tiếp nhận' : `Xử lý trong ${f.workingDaysTaken} ngày làm việc`;
}

/** The place line of a card: the unit, and the commune when it is another name. */
export function placeText(f: Pick<PublicFeedback, 'unitName' | 'area'>): string {
  return f.area && f.area !== f.unitName ? `${f.unitName} · ${f.area}` : f.unitName;
}

export function datesText(f: Pick<PublicFeedback, 'receivedAt' | 'answeredAt'>): string {
  const received = `Nhận ngày ${formatDate(f.receivedAt)}`;
  return f.answeredAt ? `${received} · Trả lời ngày ${formatDate(f.answeredAt)}` : received;
}
