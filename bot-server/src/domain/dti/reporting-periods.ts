// Reporting periods of a DTI set and their due dates (seed 001: quarterly before the 20th of the quarter's last month,
// yearly before 10 December). A due date that falls on a day off moves to the previous working day.
import { addDays, endOfLocalDay, formatDate } from '../calendar/local-date.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';

export interface PeriodPlan {
  code: string;
  kind: 'quarter' | 'year';
  startsOn: string;
  endsOn: string;
  dueOn: string;
}

export interface DueRule {
  /** Day of the quarter's last month before which a quarterly report is due (seed 001: 20). */
  quarterlyBeforeDay: number;
  /** Month and day before which the yearly report is due (seed 001: 10 December). */
  yearlyBefore: { month: number; day: number };
}

export const DEFAULT_DUE_RULE: DueRule = { quarterlyBeforeDay: 20, yearlyBefore: { month: 12, day: 10 } };

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** "Before day X" means the report is due on the working day before X at the latest. */
function dueBefore(date: string, cal: WorkingCalendar): string {
  return cal.previousWorkingDay(date);
}

export function defaultPeriods(year: number, cal: WorkingCalendar, rule: DueRule = DEFAULT_DUE_RULE): PeriodPlan[] {
  const quarters = [1, 2, 3, 4].map((q) => {
    const lastMonth = q * 3;
    return {
      code: `${year}-Q${q}`,
      kind: 'quarter' as const,
      startsOn: formatDate(year, lastMonth - 2, 1),
      endsOn: formatDate(year, lastMonth, lastDayOfMonth(year, lastMonth)),
      dueOn: dueBefore(formatDate(year, lastMonth, rule.quarterlyBeforeDay), cal),
    };
  });
  const yearly: PeriodPlan = {
    code: String(year),
    kind: 'year',
    startsOn: formatDate(year, 1, 1),
    endsOn: formatDate(year, 12, 31),
    dueOn: dueBefore(formatDate(year, rule.yearlyBefore.month, rule.yearlyBefore.day), cal),
  };
  return [...quarters, yearly];
}

/** Moves an admin-chosen due date off a day off, to the previous working day. */
export function adjustDueDate(dueOn: string, cal: WorkingCalendar): string {
  return cal.isWorkingDay(dueOn) ? dueOn : cal.previousWorkingDay(dueOn);
}

/** A submission is on time when made by the end of the due day, local time. */
export function isOnTime(submittedAt: Date, dueOn: string): boolean {
  return submittedAt.getTime() <= endOfLocalDay(dueOn).getTime();
}

/** Values lock at the end of the grace period, unless an admin reopened the period. */
export function isLocked(period: { dueOn: string; graceDays: number; reopenedUntil: Date | null }, now: Date): boolean {
  if (period.reopenedUntil && period.reopenedUntil > now) return false;
  return now.getTime() > endOfLocalDay(addDays(period.dueOn, period.graceDays)).getTime();
}
