import { describe, it, expect } from 'vitest';
import { lunarNewYear, lunarToSolar, solarToLunar } from '../../bot-server/src/domain/calendar/lunar-calendar.js';

const iso = (d: { year: number; month: number; day: number }): string =>
  `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

describe('lunarNewYear (Tết, UTC+7)', () => {
  it.each([
    [2025, '2025-01-29'],
    [2026, '2026-02-17'],
    [2027, '2027-02-06'],
    [2028, '2028-01-26'],
    [2029, '2029-02-13'],
  ])('Tết %i is %s', (year, expected) => {
    expect(lunarNewYear(year)).toBe(expected);
  });

  it('2030: the new moon is at 16:07 UT on 2 Feb, i.e. 23:07 in Vietnam but 00:07 on 3 Feb in China', () => {
    // Like 2007, the month starts a day earlier in UTC+7. 2030-02-03 is the
    // Chinese (UTC+8) date; the Vietnamese Tết Canh Tuất is Saturday 2030-02-02.
    expect(lunarNewYear(2030)).toBe('2030-02-02');
    expect(lunarNewYear(2030, 8)).toBe('2030-02-03');
  });

  it('1985 and 2007 differ between Vietnam (UTC+7) and China (UTC+8)', () => {
    // 1985: the Dec 1984 solstice is on 21 Dec in Hà Nội but 22 Dec in Beijing, the day a new
    // month starts; so month 11 begins a month earlier in Vietnam and Tết comes a month earlier.
    expect(lunarNewYear(1985)).toBe('1985-01-21');
    expect(lunarNewYear(1985, 8)).toBe('1985-02-20');
    expect(solarToLunar(1984, 12, 22)).toEqual({ year: 1984, month: 12, day: 1, leap: false });
    expect(solarToLunar(1984, 12, 22, 8)).toEqual({ year: 1984, month: 11, day: 1, leap: false });
    // 2007: new moon at 16:14 UT on 17 Feb → 23:14 in Hà Nội, 00:14 on 18 Feb in Beijing.
    expect(lunarNewYear(2007)).toBe('2007-02-17');
    expect(lunarNewYear(2007, 8)).toBe('2007-02-18');
  });
});

describe('lunarToSolar', () => {
  it('Giỗ Tổ Hùng Vương (10/3 âm lịch)', () => {
    expect(iso(lunarToSolar(10, 3, 2025))).toBe('2025-04-07');
    expect(iso(lunarToSolar(10, 3, 2026))).toBe('2026-04-26');
  });

  it('leap months: 6 nhuận of 2025 and 11 nhuận of 2033', () => {
    expect(iso(lunarToSolar(1, 6, 2025, true))).toBe('2025-07-25');
    expect(iso(lunarToSolar(1, 11, 2033, true))).toBe('2033-12-22');
  });

  it('rejects a leap month that does not exist and a day past the month end', () => {
    expect(() => lunarToSolar(1, 5, 2025, true)).toThrow(RangeError);
    // Tháng Chạp of Giáp Thìn (2024) had 29 days: there was no "30 Tết" in 2025.
    expect(() => lunarToSolar(30, 12, 2024)).toThrow(RangeError);
    expect(() => lunarToSolar(0, 1, 2025)).toThrow(RangeError);
  });
});

describe('solarToLunar', () => {
  it('converts known dates', () => {
    expect(solarToLunar(2025, 1, 29)).toEqual({ year: 2025, month: 1, day: 1, leap: false });
    expect(solarToLunar(2025, 1, 28)).toEqual({ year: 2024, month: 12, day: 29, leap: false });
    expect(solarToLunar(2025, 7, 24)).toEqual({ year: 2025, month: 6, day: 30, leap: false });
    expect(solarToLunar(2025, 7, 25)).toEqual({ year: 2025, month: 6, day: 1, leap: true });
    expect(solarToLunar(2026, 4, 26)).toEqual({ year: 2026, month: 3, day: 10, leap: false });
    // A December date belongs to month 11 of the current lunar year.
    expect(solarToLunar(2025, 12, 31)).toMatchObject({ year: 2025, month: 11 });
  });

  it('round-trips with lunarToSolar for every day of 2000–2040', () => {
    const start = Date.UTC(2000, 0, 1);
    const end = Date.UTC(2040, 11, 31);
    for (let t = start; t <= end; t += 86_400_000) {
      const d = new Date(t);
      const y = d.getUTCFullYear();
      const m = d.getUTCMonth() + 1;
      const day = d.getUTCDate();
      const l = solarToLunar(y, m, day);
      const back = lunarToSolar(l.day, l.month, l.year, l.leap);
      if (back.year !== y || back.month !== m || back.day !== day) {
        throw new Error(`round trip failed for ${y}-${m}-${day}: ${JSON.stringify(l)} → ${JSON.stringify(back)}`);
      }
    }
  });
});
