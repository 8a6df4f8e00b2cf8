// Where a feedback stands against its due time, counted in working days on the local (Vietnam) calendar.
// Pure, unit-tested; the API adds it to every feedback view as `deadline`.
//
//   done      answered, rejected or closed (the office's response stopped the clock)
//   paused    waiting for the citizen (needs_info): there is no due time while the clock is stopped
//   overdue   the due instant has passed
//   due_soon  at most `dueSoonWorkingDays` working days are left after today (the list filter `due=due_soon`
//             and the due-soon alert for day policies use the same window)
//   on_track  otherwise
//
// workingDaysLeft (only when not overdue): working days after today up to and including the due date, so
// 0 = due today, 1 = due on the next working day (also when today is a Saturday and the due date a Monday).
// overdueWorkingDays (only when overdue): working days after the due date up to and including today, so an item
// due yesterday is 1 day late on a working day. It is 0 while no working day has passed since the due date: an
// item overdue since 10:00 today (hour policies) reads "quá hạn hôm nay", and one due on Friday reads 0 over the
// weekend and 1 on Monday. The state, not the number, says whether an item is late.
import type { FeedbackStatus } from '../../../../db/schema.js';
import { localDateOf } from '../calendar/local-date.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';

export const DEADLINE_STATES = ['done', 'paused', 'on_track', 'due_soon', 'overdue'] as const;
export type DeadlineState = (typeof DEADLINE_STATES)[number];

/** The default due-soon window, in working days (the alert default and the feedback list filter). */
export const DUE_SOON_WORKING_DAYS = 2;

export interface DeadlineStatus {
  state: DeadlineState;
  workingDaysLeft: number | null;
  overdueWorkingDays: number | null;
}

export interface DeadlineInput {
  dueAt: Date | null;
  answeredAt: Date | null;
  pausedAt: Date | null;
  status: FeedbackStatus;
}

const DONE: readonly FeedbackStatus[] = ['answered', 'closed', 'rejected'];

export function deadlineStatus(
  item: DeadlineInput,
  now: Date,
  cal: WorkingCalendar,
  dueSoonWorkingDays: number = DUE_SOON_WORKING_DAYS,
): DeadlineStatus {
  if (!Number.isInteger(dueSoonWorkingDays) || dueSoonWorkingDays < 0) {
    throw new RangeError(`dueSoonWorkingDays must be a non-negative integer, got ${dueSoonWorkingDays}`);
  }
  if (DONE.includes(item.status) || item.answeredAt !== null) return { state: 'done', workingDaysLeft: null, overdueWorkingDays: null };
  if (item.status === 'needs_info' || item.pausedAt !== null) return { state: 'paused', workingDaysLeft: null, overdueWorkingDays: null };
  // An open item always has a due time; without one there is nothing to count.
  if (item.dueAt === null) return { state: 'on_track', workingDaysLeft: null, overdueWorkingDays: null };
  const today = localDateOf(now);
  const dueDate = localDateOf(item.dueAt);
  if (now.getTime() > item.dueAt.getTime()) {
    return { state: 'overdue', workingDaysLeft: null, overdueWorkingDays: cal.workingDaysBetween(dueDate, today) };
  }
  const left = cal.workingDaysBetween(today, dueDate);
  return { state: left <= dueSoonWorkingDays ? 'due_soon' : 'on_track', workingDaysLeft: left, overdueWorkingDays: null };
}
