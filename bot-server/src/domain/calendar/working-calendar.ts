// Working-day calendar for civil servants: Monday–Friday, minus days off, plus
// worked days (e.g. a Saturday worked in exchange for a bridge day).
//
// Per year, either the Prime Minister's announced schedule is the whole truth
// ('announced'), or the Labour Code derivation applies with per-date overrides
// ('derived', also the default for years without any input).

import { deriveStatutoryDaysOff, type CalendarDay } from './statutory-holidays.js';
import { civilFromDays, daysFromCivil, fromEpochDay, isLeapYear, parseDate, toEpochDay, weekdayOfEpochDay } from './local-date.js';

export type { CalendarDay } from './statutory-holidays.js';

export type YearSchedule = { mode: 'derived' | 'announced'; days: CalendarDay[] };
export type YearScheduleInput = YearSchedule & { year: number };
export type DayInfo = { working: boolean; name?: string };

type YearData = {
  year: number;
  /** Epoch day of 1 January. */
  start: number;
  /** 1 = working day, 0 = not, indexed by day of year (0-based). */
  working: Uint8Array;
  /** cumulative[i] = working days among the first i days of the year. */
  cumulative: Int32Array;
  names: Map<number, string>;
};

export class WorkingCalendar {
  private readonly schedules = new Map<number, YearSchedule>();
  private readonly cache = new Map<number, YearData>();
  private lastYear: YearData | undefined;

  /**
   * @param schedules per-year schedules, as a Map keyed by year or as a list of
   *   `{ year, mode, days }`. Years not given are 'derived' without overrides.
   *   Throws RangeError if a listed date is invalid or outside its year.
   */
  constructor(schedules: ReadonlyMap<number, YearSchedule> | readonly YearScheduleInput[] = []) {
    const entries: [number, YearSchedule][] = isScheduleList(schedules)
      ? schedules.map((s) => [s.year, { mode: s.mode, days: s.days }])
      : [...schedules];
    for (const [year, schedule] of entries) {
      if (!Number.isInteger(year)) throw new RangeError(`Invalid schedule year ${year}`);
      if (this.schedules.has(year)) throw new RangeError(`Duplicate schedule for ${year}`);
      if (schedule.mode !== 'derived' && schedule.mode !== 'announced') {
        throw new RangeError(`Invalid mode '${String(schedule.mode)}' for ${year}`);
      }
      for (const d of schedule.days) {
        if (parseDate(d.date).year !== year) throw new RangeError(`${d.date} is listed under year ${year}`);
        if (d.kind !== 'off' && d.kind !== 'working') throw new RangeError(`Invalid kind '${String(d.kind)}' for ${d.date}`);
      }
      // Copy so later mutation of the caller's arrays cannot desync the cache.
      this.schedules.set(year, { mode: schedule.mode, days: schedule.days.map((d) => ({ ...d })) });
    }
  }

  /** The schedule in force for a year (derived with no overrides when none was given). */
  scheduleFor(year: number): YearSchedule {
    const s = this.schedules.get(year);
    return s ? { mode: s.mode, days: s.days.map((d) => ({ ...d })) } : { mode: 'derived', days: [] };
  }

  isWorkingDay(date: string): boolean {
    return this.isWorkingEpochDay(toEpochDay(date));
  }

  dayInfo(date: string): DayInfo {
    const day = toEpochDay(date);
    const data = this.yearOf(day);
    const name = data.names.get(day - data.start);
    const working = data.working[day - data.start] === 1;
    return name === undefined ? { working } : { working, name };
  }

  /** The n-th working day strictly after `date` (n = 0 returns `date` itself). */
  addWorkingDays(date: string, n: number): string {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
    let day = toEpochDay(date);
    if (n === 0) return fromEpochDay(day);
    day++;
    let remaining = n;
    for (;;) {
      const data = this.yearOf(day);
      const length = data.working.length;
      let idx = day - data.start;
      const available = (data.cumulative[length] as number) - (data.cumulative[idx] as number);
      if (available < remaining) {
        // The target is in a later year: skip the rest of this one at once.
        remaining -= available;
        day = data.start + length;
        continue;
      }
      // Terminates inside this year because `available` ≥ `remaining`.
      for (; ; idx++) {
        if (data.working[idx] === 1 && --remaining === 0) return fromEpochDay(data.start + idx);
      }
    }
  }

  /** Working days d with fromExclusive < d ≤ toInclusive (0 when toInclusive ≤ fromExclusive). */
  workingDaysBetween(fromExclusive: string, toInclusive: string): number {
    const from = toEpochDay(fromExclusive);
    const to = toEpochDay(toInclusive);
    if (to <= from) return 0;
    const a = this.yearOf(from);
    const b = this.yearOf(to);
    const upToFrom = a.cumulative[from - a.start + 1] as number;
    const upToTo = b.cumulative[to - b.start + 1] as number;
    if (a.year === b.year) return upToTo - upToFrom;
    let total = (a.cumulative[a.working.length] as number) - upToFrom + upToTo;
    for (let y = a.year + 1; y < b.year; y++) {
      const mid = this.yearData(y);
      total += mid.cumulative[mid.working.length] as number;
    }
    return total;
  }

  /** First working day strictly after `date`. */
  nextWorkingDay(date: string): string {
    return this.addWorkingDays(date, 1);
  }

  /** Last working day strictly before `date`. */
  previousWorkingDay(date: string): string {
    let day = toEpochDay(date);
    // Bounded: every year has working days, so this stops within a year.
    for (let guard = 0; guard < 800; guard++) {
      day--;
      if (this.isWorkingEpochDay(day)) return fromEpochDay(day);
    }
    throw new RangeError(`No working day before ${date}`);
  }

  /** Effective days off on weekdays and worked weekend days of a year, with names, sorted. */
  exceptions(year: number): CalendarDay[] {
    const data = this.yearData(year);
    const out: CalendarDay[] = [];
    for (let i = 0; i < data.working.length; i++) {
      const wd = weekdayOfEpochDay(data.start + i);
      const weekday = wd !== 0 && wd !== 6;
      const working = data.working[i] === 1;
      if (weekday !== working) {
        out.push({ date: fromEpochDay(data.start + i), kind: working ? 'working' : 'off', name: data.names.get(i) ?? '' });
      }
    }
    return out;
  }

  private isWorkingEpochDay(day: number): boolean {
    const data = this.yearOf(day);
    return data.working[day - data.start] === 1;
  }

  private yearOf(day: number): YearData {
    // Hot path for addWorkingDays: consecutive lookups mostly hit the same year.
    const last = this.lastYear;
    if (last && day >= last.start && day < last.start + last.working.length) return last;
    const data = this.yearData(civilFromDays(day).year);
    this.lastYear = data;
    return data;
  }

  private yearData(year: number): YearData {
    const hit = this.cache.get(year);
    if (hit) return hit;
    const data = this.buildYear(year);
    this.cache.set(year, data);
    return data;
  }

  private buildYear(year: number): YearData {
    const start = daysFromCivil(year, 1, 1);
    const length = isLeapYear(year) ? 366 : 365;
    const working = new Uint8Array(length);
    const names = new Map<number, string>();
    for (let i = 0; i < length; i++) {
      const wd = weekdayOfEpochDay(start + i);
      working[i] = wd === 0 || wd === 6 ? 0 : 1;
    }
    const schedule = this.schedules.get(year) ?? { mode: 'derived' as const, days: [] };
    const apply = (d: CalendarDay): void => {
      const i = toEpochDay(d.date) - start;
      working[i] = d.kind === 'working' ? 1 : 0;
      if (d.name) names.set(i, d.name);
      else names.delete(i);
    };
    if (schedule.mode === 'derived') {
      for (const d of deriveStatutoryDaysOff(year)) apply(d);
    }
    // Listed days override the derivation per date; for announced years they are all there is.
    for (const d of schedule.days) apply(d);
    const cumulative = new Int32Array(length + 1);
    for (let i = 0; i < length; i++) cumulative[i + 1] = (cumulative[i] as number) + (working[i] as number);
    return { year, start, working, cumulative, names };
  }
}

function isScheduleList(
  input: ReadonlyMap<number, YearSchedule> | readonly YearScheduleInput[],
): input is readonly YearScheduleInput[] {
  return Array.isArray(input);
}
