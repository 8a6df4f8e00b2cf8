// Public holidays derived from the Labour Code 2019 (Bộ luật Lao động, Luật 45/2019/QH14).
//
// Art. 112(1) fixes the holidays; Art. 112(3) lets the Prime Minister choose the
// concrete Tết days and the second Quốc khánh day, and each year's notice may also
// swap a weekday off for a Saturday worked. Such an announced schedule replaces this
// derivation (see working-calendar.ts); the derivation is only the fallback for
// years without one. Assumptions here: Tết = last day of the old lunar year + mùng
// 1–4, Quốc khánh = 1/9 + 2/9, civil servants rest on Saturday and Sunday.

import { lunarNewYear, lunarToSolar } from './lunar-calendar.js';
import { formatDate, fromEpochDay, toEpochDay, weekdayOfEpochDay } from './local-date.js';

export type CalendarDay = {
  /** YYYY-MM-DD, local date in Vietnam. */
  date: string;
  kind: 'off' | 'working';
  name: string;
};

export const HOLIDAY_NAMES = {
  newYear: 'Tết Dương lịch',
  tet: 'Tết Nguyên đán',
  hungKings: 'Giỗ Tổ Hùng Vương',
  victory: 'Ngày Chiến thắng',
  labour: 'Ngày Quốc tế Lao động',
  national: 'Quốc khánh',
} as const;

export const SUBSTITUTE_SUFFIX = ' (nghỉ bù)';

function isWeekend(epochDay: number): boolean {
  const wd = weekdayOfEpochDay(epochDay);
  return wd === 0 || wd === 6;
}

/** Days off for civil servants in a Gregorian year, per the Labour Code alone (no announced notice). */
export function deriveStatutoryDaysOff(year: number): CalendarDay[] {
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
  const entries: { day: number; name: string }[] = [];
  const add = (date: string, name: string): void => {
    entries.push({ day: toEpochDay(date), name });
  };

  add(formatDate(year, 1, 1), HOLIDAY_NAMES.newYear);
  // Tết of this year and of the next: the eve of next year's Tết cannot reach
  // December today, but computing both keeps the rule right without that assumption.
  for (const tetYear of [year, year + 1]) {
    const firstDay = toEpochDay(lunarNewYear(tetYear));
    for (let d = firstDay - 1; d <= firstDay + 3; d++) entries.push({ day: d, name: HOLIDAY_NAMES.tet });
  }
  const hung = lunarToSolar(10, 3, year);
  add(formatDate(hung.year, hung.month, hung.day), HOLIDAY_NAMES.hungKings);
  add(formatDate(year, 4, 30), HOLIDAY_NAMES.victory);
  add(formatDate(year, 5, 1), HOLIDAY_NAMES.labour);
  add(formatDate(year, 9, 1), HOLIDAY_NAMES.national);
  add(formatDate(year, 9, 2), HOLIDAY_NAMES.national);
  entries.sort((a, b) => a.day - b.day);

  const holidays = new Map<number, string>();
  const displaced: { day: number; name: string }[] = [];
  for (const e of entries) {
    // Giỗ Tổ can land on 30/4 (e.g. 1947): keep both paid days by treating the
    // second like one falling on a rest day.
    if (holidays.has(e.day)) displaced.push(e);
    else holidays.set(e.day, e.name);
  }

  // Art. 111(3): a holiday on a weekly rest day moves to the next working day,
  // i.e. the next Mon–Fri that is neither a holiday nor already a substitute.
  const substitutes = new Map<number, string>();
  const needSubstitute = [...[...holidays].filter(([d]) => isWeekend(d)).map(([day, name]) => ({ day, name })), ...displaced];
  needSubstitute.sort((a, b) => a.day - b.day);
  for (const h of needSubstitute) {
    let s = h.day + 1;
    while (isWeekend(s) || holidays.has(s) || substitutes.has(s)) s++;
    substitutes.set(s, `${h.name}${SUBSTITUTE_SUFFIX}`);
  }

  const start = toEpochDay(formatDate(year, 1, 1));
  const end = toEpochDay(formatDate(year, 12, 31));
  const days: CalendarDay[] = [];
  for (const [d, name] of [...holidays, ...substitutes]) {
    if (d >= start && d <= end) days.push({ date: fromEpochDay(d), kind: 'off', name });
  }
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
