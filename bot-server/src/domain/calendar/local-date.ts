// Pure local-date helpers for Vietnam.
//
// Vietnam has used a fixed UTC+07:00 offset with no daylight saving since 1975,
// so a constant offset is exact for every date this system handles and keeps
// the results independent of the process TZ and of the ICU data shipped with Node.

export const VN_TZ = 'Asia/Ho_Chi_Minh';
export const VN_OFFSET_MINUTES = 7 * 60;

const MS_PER_DAY = 86_400_000;
const OFFSET_MS = VN_OFFSET_MINUTES * 60_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export type CivilDate = { year: number; month: number; day: number };

/** Days since 1970-01-01 of a proleptic Gregorian date (integer arithmetic, any year). */
export function daysFromCivil(year: number, month: number, day: number): number {
  // Shift the year to start in March so the leap day is the last day of the year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Inverse of {@link daysFromCivil}. */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatDate(year: number, month: number, day: number): string {
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Parses a strict 'YYYY-MM-DD' string; throws RangeError on anything else. */
export function parseDate(date: string): CivilDate {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`Invalid date '${date}', expected YYYY-MM-DD`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`Invalid date '${date}'`);
  }
  return { year, month, day };
}

/** 'YYYY-MM-DD' → days since 1970-01-01. */
export function toEpochDay(date: string): number {
  const { year, month, day } = parseDate(date);
  return daysFromCivil(year, month, day);
}

/** Days since 1970-01-01 → 'YYYY-MM-DD'. */
export function fromEpochDay(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return formatDate(year, month, day);
}

/** Local (UTC+7) calendar date of an instant. */
export function localDateOf(instant: Date): string {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  return fromEpochDay(Math.floor((ms + OFFSET_MS) / MS_PER_DAY));
}

/** 00:00:00.000 local time of the date, as an instant. */
export function startOfLocalDay(date: string): Date {
  return new Date(toEpochDay(date) * MS_PER_DAY - OFFSET_MS);
}

/** 23:59:59.999 local time of the date, as an instant. */
export function endOfLocalDay(date: string): Date {
  return new Date((toEpochDay(date) + 1) * MS_PER_DAY - OFFSET_MS - 1);
}

/** ISO 8601 with the Vietnamese offset, e.g. '2026-01-16T23:59:59.999+07:00'. */
export function toIsoWithOffset(instant: Date): string {
  const ms = instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  // Reuse the UTC formatter on a shifted instant, then swap the 'Z' for the offset.
  return new Date(ms + OFFSET_MS).toISOString().replace('Z', '+07:00');
}

export function addDays(date: string, n: number): string {
  return fromEpochDay(toEpochDay(date) + n);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return weekdayOfEpochDay(toEpochDay(date));
}

/** 0 = Sunday … 6 = Saturday, for days since 1970-01-01 (a Thursday). */
export function weekdayOfEpochDay(days: number): number {
  return (((days + 4) % 7) + 7) % 7;
}
