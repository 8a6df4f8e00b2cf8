// When each feedback alert becomes due, and when quiet hours let it go. Pure, unit-tested.
import { OFFICE_HOURS } from '../calendar/deadline.js';
import { endOfLocalDay, localDateOf, startOfLocalDay } from '../calendar/local-date.js';
import type { WorkingCalendar } from '../calendar/working-calendar.js';

const localMsOfDay = (at: Date) => at.getTime() - startOfLocalDay(localDateOf(at)).getTime();

export interface AlertThresholds {
  /** Due soon this many working days (day policies) or working hours (hour policies) before the due time. */
  dueSoon: number;
  /** Escalate to the parent unit's leaders after this many working days overdue. */
  escalationWorkingDays: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = { dueSoon: 2, escalationWorkingDays: 2 };

/**
 * Day policies: due soon from the start of the N-th working day before the due date, i.e. when at most N working
 * days remain after today (due Mon 23/3, N = 2 → from Thu 19/3 00:00). Hour policies: N office hours before the due time.
 */
export function dueSoonFrom(dueAt: Date, policyUnit: 'working_days' | 'working_hours', n: number, cal: WorkingCalendar): Date {
  if (policyUnit === 'working_days') {
    let day = localDateOf(dueAt);
    for (let i = 0; i < n; i++) day = cal.previousWorkingDay(day);
    return startOfLocalDay(day);
  }
  return minusOfficeHours(dueAt, n, cal);
}

/** Steps back through office periods on working days until `hours` of office time are covered. */
function minusOfficeHours(at: Date, hours: number, cal: WorkingCalendar): Date {
  let remaining = hours * 3_600_000;
  let day = localDateOf(at);
  let cursorMs = localMsOfDay(at);
  for (let guard = 0; guard < 3660 && remaining > 0; guard++) {
    if (cal.isWorkingDay(day)) {
      for (const p of [...OFFICE_HOURS].reverse()) {
        const start = p.startMinute * 60_000;
        const end = Math.min(p.endMinute * 60_000, cursorMs);
        if (end <= start) continue;
        const take = Math.min(remaining, end - start);
        remaining -= take;
        if (remaining === 0) return new Date(startOfLocalDay(day).getTime() + end - take);
      }
    }
    day = cal.previousWorkingDay(day);
    cursorMs = 24 * 3_600_000;
  }
  return at;
}

/** Escalation is due at the end of the M-th working day after the due date. */
export function escalationFrom(dueAt: Date, m: number, cal: WorkingCalendar): Date {
  return endOfLocalDay(cal.addWorkingDays(localDateOf(dueAt), m));
}

export interface QuietHours {
  /** Local hour quiet time starts (inclusive), e.g. 21. */
  start: number;
  /** Local hour quiet time ends (exclusive), e.g. 7. */
  end: number;
}

/** "21-7" → {start: 21, end: 7}; "" → null (no quiet hours). */
export function parseQuietHours(value: string): QuietHours | null {
  const m = value.match(/^(\d{1,2})-(\d{1,2})$/);
  if (!m) return null;
  const q = { start: Number(m[1]), end: Number(m[2]) };
  return q.start === q.end ? null : q;
}

/** The first instant at or after `at` that is outside quiet hours (local time). */
export function afterQuietHours(at: Date, quiet: QuietHours | null): Date {
  if (!quiet) return at;
  const hour = Math.floor(localMsOfDay(at) / 3_600_000);
  const inQuiet = quiet.start < quiet.end ? hour >= quiet.start && hour < quiet.end : hour >= quiet.start || hour < quiet.end;
  if (!inQuiet) return at;
  // Quiet hours end at `end` o'clock today, or tomorrow when they wrap past midnight and it is still evening.
  const today = localDateOf(at);
  const endToday = new Date(startOfLocalDay(today).getTime() + quiet.end * 3_600_000);
  return endToday > at ? endToday : new Date(endToday.getTime() + 24 * 3_600_000);
}

export type FeedbackAlertKind = 'due_soon' | 'overdue' | 'escalation';

export interface AlertSubject {
  code: string;
  unitName: string;
  dueAt: Date;
}

/** 'dd/mm/yyyy' of an instant's local date. */
const viDateOf = (at: Date) => localDateOf(at).split('-').reverse().join('/');
const viTimeOf = (at: Date) => {
  const ms = localMsOfDay(at);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
};

/** Working days an item is late on `asOf`, counted like the inbox's deadline (deadline-status.ts). */
export function overdueWorkingDaysAt(dueAt: Date, asOf: Date, cal: WorkingCalendar): number {
  return asOf > dueAt ? cal.workingDaysBetween(localDateOf(dueAt), localDateOf(asOf)) : 0;
}

/**
 * The text of an item's alert, stating facts that stay true whenever it is read: the due date, and a late count
 * dated by the day it was counted (`asOf`: when the alert goes out, since quiet hours may hold it for a night).
 */
export function alertText(kind: FeedbackAlertKind, s: AlertSubject, asOf: Date, cal: WorkingCalendar): string {
  const due = `${viDateOf(s.dueAt)} ${viTimeOf(s.dueAt)}`;
  // Day policies fall due at the end of a day: the date says it. Hour policies need the time too.
  const since = viTimeOf(s.dueAt) === '23:59' ? viDateOf(s.dueAt) : due;
  const days = overdueWorkingDaysAt(s.dueAt, asOf, cal);
  const count = days > 0 ? `; tính đến ${viDateOf(asOf)} đã quá hạn ${days} ngày làm việc` : '';
  switch (kind) {
    case 'due_soon':
      return `Sắp đến hạn: phản ánh ${s.code} của ${s.unitName} cần được trả lời trước ${due}. Mở ứng dụng để xử lý.`;
    case 'overdue':
      return `Quá hạn: phản ánh ${s.code} của ${s.unitName} đã quá hạn từ ${since} và chưa được trả lời${count}. Đề nghị xử lý ngay.`;
    case 'escalation':
      return `Báo cáo lãnh đạo: phản ánh ${s.code} của ${s.unitName} đã quá hạn từ ${since} mà chưa được trả lời${count}.`;
  }
}
