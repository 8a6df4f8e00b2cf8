// Handling deadlines for feedback (PAKN), in working days or working hours.
//
// Working days: a feedback received on local date D is due at 23:59:59.999 local
// time on the N-th working day after D; D itself never counts (CONTRACT §4).
// Working hours: only office hours on working days are counted.
// Time the clock was paused (waiting for the citizen) is added back via
// `pausedAmount`, so it is not charged to the office.

import { endOfLocalDay, localDateOf, startOfLocalDay } from './local-date.js';
import type { WorkingCalendar } from './working-calendar.js';

export type DeadlinePolicy = { unit: 'working_days' | 'working_hours'; amount: number };

export const DEFAULT_POLICY: DeadlinePolicy = { unit: 'working_days', amount: 15 };

export type OfficePeriod = { start: string; end: string; startMinute: number; endMinute: number };

/**
 * Civil-service office hours (local time): 07:30–11:30 and 13:00–17:00, 8 h a day.
 * A constant for now; meant to become configurable per unit later.
 */
export const OFFICE_HOURS: readonly OfficePeriod[] = Object.freeze([
  { start: '07:30', end: '11:30', startMinute: 7 * 60 + 30, endMinute: 11 * 60 + 30 },
  { start: '13:00', end: '17:00', startMinute: 13 * 60, endMinute: 17 * 60 },
]);

const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;

function assertAmount(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a finite number ≥ 0, got ${value}`);
}

function assertInstant(name: string, value: Date): void {
  if (!(value instanceof Date) || !Number.isFinite(value.getTime())) throw new RangeError(`${name} must be a valid Date`);
}

/** When a feedback received at `start` is due under `policy`, extended by `pausedAmount` (same unit). */
export function computeDueAt(
  start: Date,
  policy: DeadlinePolicy,
  cal: WorkingCalendar,
  pausedAmount = 0,
  officeHours: readonly OfficePeriod[] = OFFICE_HOURS,
): Date {
  assertInstant('start', start);
  assertAmount('policy.amount', policy.amount);
  assertAmount('pausedAmount', pausedAmount);
  const total = policy.amount + pausedAmount;
  if (policy.unit === 'working_days') {
    if (!Number.isInteger(total)) throw new RangeError(`Working-day amounts must be integers, got ${total}`);
    return endOfLocalDay(cal.addWorkingDays(localDateOf(start), total));
  }
  if (policy.unit === 'working_hours') {
    return addOfficeTime(start, Math.round(total * MS_PER_HOUR), cal, officeHours);
  }
  throw new RangeError(`Unknown deadline unit '${String((policy as { unit: unknown }).unit)}'`);
}

/**
 * Working time (in the policy's unit) that passed while the clock was paused.
 * Days: working days after the pause date up to and including the resume date.
 * Hours: office hours between the two instants (may be fractional).
 */
export function pausedAmountBetween(
  pausedAt: Date,
  resumedAt: Date,
  policy: DeadlinePolicy,
  cal: WorkingCalendar,
  officeHours: readonly OfficePeriod[] = OFFICE_HOURS,
): number {
  assertInstant('pausedAt', pausedAt);
  assertInstant('resumedAt', resumedAt);
  if (resumedAt.getTime() <= pausedAt.getTime()) return 0;
  if (policy.unit === 'working_days') {
    return cal.workingDaysBetween(localDateOf(pausedAt), localDateOf(resumedAt));
  }
  if (policy.unit === 'working_hours') {
    return officeMsBetween(pausedAt, resumedAt, cal, officeHours) / MS_PER_HOUR;
  }
  throw new RangeError(`Unknown deadline unit '${String((policy as { unit: unknown }).unit)}'`);
}

/** The instant at which `amountMs` of office time has elapsed from `start`. */
function addOfficeTime(start: Date, amountMs: number, cal: WorkingCalendar, periods: readonly OfficePeriod[]): Date {
  if (amountMs === 0) return new Date(start.getTime());
  if (periods.length === 0) throw new RangeError('No office hours configured');
  let remaining = amountMs;
  let date = localDateOf(start);
  let t = start.getTime();
  for (;;) {
    if (cal.isWorkingDay(date)) {
      const dayStart = startOfLocalDay(date).getTime();
      for (const p of periods) {
        const periodEnd = dayStart + p.endMinute * MS_PER_MINUTE;
        if (t >= periodEnd) continue;
        // A start outside office hours begins at the next period.
        const from = Math.max(t, dayStart + p.startMinute * MS_PER_MINUTE);
        const available = periodEnd - from;
        if (remaining <= available) return new Date(from + remaining);
        remaining -= available;
        t = periodEnd;
      }
    }
    date = cal.nextWorkingDay(date);
    t = startOfLocalDay(date).getTime();
  }
}

/** Office time in ms between two instants. */
function officeMsBetween(from: Date, to: Date, cal: WorkingCalendar, periods: readonly OfficePeriod[]): number {
  const a = from.getTime();
  const b = to.getTime();
  const lastDate = localDateOf(to);
  let date = localDateOf(from);
  if (!cal.isWorkingDay(date)) date = cal.nextWorkingDay(date);
  let total = 0;
  while (date <= lastDate) {
    const dayStart = startOfLocalDay(date).getTime();
    for (const p of periods) {
      const lo = Math.max(a, dayStart + p.startMinute * MS_PER_MINUTE);
      const hi = Math.min(b, dayStart + p.endMinute * MS_PER_MINUTE);
      if (hi > lo) total += hi - lo;
    }
    date = cal.nextWorkingDay(date);
  }
  return total;
}
