// Splits a reporting period into calendar months, each clipped to the period. Pure, unit-tested.
import { daysInMonth, formatDate, parseDate } from '../calendar/local-date.js';

export interface ReportMonth {
  /** YYYY-MM */
  month: string;
  /** First day of the month inside the period (YYYY-MM-DD). */
  from: string;
  /** Last day of the month inside the period (YYYY-MM-DD). */
  to: string;
}

/** Calendar months touched by [from, to], counting partial ones: 2026-01-15..2026-03-01 → 3. */
export function monthCount(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  return b.year * 12 + b.month - (a.year * 12 + a.month) + 1;
}

/** The months of [from, to] in order, the first and last clipped to the period. Empty when to < from. */
export function reportMonths(from: string, to: string): ReportMonth[] {
  if (to < from) return [];
  const out: ReportMonth[] = [];
  let { year, month } = parseDate(from);
  for (let i = 0; i < monthCount(from, to); i++) {
    const first = formatDate(year, month, 1);
    const last = formatDate(year, month, daysInMonth(year, month));
    out.push({ month: first.slice(0, 7), from: first < from ? from : first, to: last > to ? to : last });
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return out;
}
