import { describe, it, expect } from 'vitest';
import { deriveStatutoryDaysOff } from '../../bot-server/src/domain/calendar/statutory-holidays.js';
import { WorkingCalendar } from '../../bot-server/src/domain/calendar/working-calendar.js';
import { ANNOUNCED_SCHEDULES, announcedYearSchedules } from '../../bot-server/src/domain/calendar/announced-schedules.js';
import { addDays, dayOfWeek } from '../../bot-server/src/domain/calendar/local-date.js';

const announced = (): WorkingCalendar => new WorkingCalendar(announcedYearSchedules());
const derived = (): WorkingCalendar => new WorkingCalendar();

/** Dates of `year` whose working status differs between two calendars. */
function differences(a: WorkingCalendar, b: WorkingCalendar, year: number): string[] {
  const out: string[] = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) {
    if (a.isWorkingDay(d) !== b.isWorkingDay(d)) out.push(d);
  }
  return out;
}

describe('deriveStatutoryDaysOff', () => {
  it('2026 per the Labour Code', () => {
    // Tết Bính Ngọ: mùng 1 = Tue 17/2, so 30 Tết = Mon 16/2 and mùng 1–4 = Tue 17 – Fri 20/2,
    // all weekdays → no substitute. Giỗ Tổ 10/3 âm = Sun 26/4 → substitute Mon 27/4 (Art. 111(3)).
    expect(deriveStatutoryDaysOff(2026)).toEqual([
      { date: '2026-01-01', kind: 'off', name: 'Tết Dương lịch' },
      { date: '2026-02-16', kind: 'off', name: 'Tết Nguyên đán' },
      { date: '2026-02-17', kind: 'off', name: 'Tết Nguyên đán' },
      { date: '2026-02-18', kind: 'off', name: 'Tết Nguyên đán' },
      { date: '2026-02-19', kind: 'off', name: 'Tết Nguyên đán' },
      { date: '2026-02-20', kind: 'off', name: 'Tết Nguyên đán' },
      { date: '2026-04-26', kind: 'off', name: 'Giỗ Tổ Hùng Vương' },
      { date: '2026-04-27', kind: 'off', name: 'Giỗ Tổ Hùng Vương (nghỉ bù)' },
      { date: '2026-04-30', kind: 'off', name: 'Ngày Chiến thắng' },
      { date: '2026-05-01', kind: 'off', name: 'Ngày Quốc tế Lao động' },
      { date: '2026-09-01', kind: 'off', name: 'Quốc khánh' },
      { date: '2026-09-02', kind: 'off', name: 'Quốc khánh' },
    ]);
  });

  it('2025: Tết straddles a Saturday, substitute on Monday', () => {
    // Mùng 1 Ất Tỵ = Wed 29/1; 29 Tết (last day of the year) = Tue 28/1; mùng 4 = Sat 1/2 → Mon 3/2.
    const dates = deriveStatutoryDaysOff(2025).map((d) => d.date);
    expect(dates).toEqual([
      '2025-01-01',
      '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31', '2025-02-01', '2025-02-03',
      '2025-04-07', '2025-04-30', '2025-05-01', '2025-09-01', '2025-09-02',
    ]);
  });

  it('2028: weekend holidays and chained substitutes', () => {
    const days = deriveStatutoryDaysOff(2028);
    const byDate = new Map(days.map((d) => [d.date, d.name]));
    expect(days.every((d) => d.kind === 'off')).toBe(true);
    // 1/1 is a Saturday → Mon 3/1.
    expect(dayOfWeek('2028-01-01')).toBe(6);
    expect(byDate.get('2028-01-03')).toBe('Tết Dương lịch (nghỉ bù)');
    // Tết Mậu Thân: mùng 1 = Wed 26/1, so Tue 25 – Sat 29/1; Saturday → Mon 31/1.
    expect(byDate.get('2028-01-31')).toBe('Tết Nguyên đán (nghỉ bù)');
    // 30/4 is a Sunday; Mon 1/5 is itself a holiday, so the substitute is Tue 2/5.
    expect(dayOfWeek('2028-04-30')).toBe(0);
    expect(byDate.get('2028-05-02')).toBe('Ngày Chiến thắng (nghỉ bù)');
    // 2/9 is a Saturday (1/9 Friday) → Mon 4/9.
    expect(dayOfWeek('2028-09-02')).toBe(6);
    expect(byDate.get('2028-09-04')).toBe('Quốc khánh (nghỉ bù)');
    expect(days).toHaveLength(15);
  });

  it('only returns days inside the requested year, sorted', () => {
    for (const year of [2024, 2025, 2026, 2027, 2028, 2029, 2030, 2031]) {
      const dates = deriveStatutoryDaysOff(year).map((d) => d.date);
      expect(dates.every((d) => d.startsWith(`${year}-`))).toBe(true);
      expect([...dates].sort()).toEqual(dates);
      expect(new Set(dates).size).toBe(dates.length);
    }
  });
});

describe('announced schedules', () => {
  it('are well formed', () => {
    expect(ANNOUNCED_SCHEDULES.map((s) => s.year)).toEqual([2025, 2026]);
    expect(ANNOUNCED_SCHEDULES[0]?.notice).toBe('Thông báo 6150/TB-BLĐTBXH ngày 03/12/2024');
    expect(ANNOUNCED_SCHEDULES[1]?.notice).toBe('Công văn 12729/VPCP-KGVX; Thông báo của Bộ Nội vụ');
  });

  it('2026: only the 2/1 ↔ 10/1 swap differs from the derivation', () => {
    // Derived 2026 already gives Tết 16–20/2 and Giỗ Tổ bù 27/4 (see above).
    expect(differences(announced(), derived(), 2026)).toEqual(['2026-01-02', '2026-01-10']);
    const cal = announced();
    expect(cal.isWorkingDay('2026-01-02')).toBe(false);
    expect(cal.isWorkingDay('2026-01-10')).toBe(true);
    expect(dayOfWeek('2026-01-10')).toBe(6);
    expect(cal.dayInfo('2026-01-10')).toEqual({ working: true, name: 'Làm bù cho ngày 02/1' });
    expect(cal.isWorkingDay('2026-04-27')).toBe(false);
  });

  it('2025: Tết 27–31/1 and the 2/5 ↔ 26/4 swap', () => {
    const cal = announced();
    expect(cal.isWorkingDay('2025-05-02')).toBe(false);
    expect(cal.isWorkingDay('2025-04-26')).toBe(true);
    // Derived would give 28/1–1/2 + Mon 3/2; the notice chose Mon 27 – Fri 31/1 instead.
    expect(differences(announced(), derived(), 2025)).toEqual([
      '2025-01-27', '2025-02-03', '2025-04-26', '2025-05-02',
    ]);
  });
});

describe('WorkingCalendar', () => {
  it('weekends, holidays and names', () => {
    const cal = announced();
    expect(cal.isWorkingDay('2026-03-02')).toBe(true); // Monday
    expect(cal.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(cal.dayInfo('2026-02-17')).toEqual({ working: false, name: 'Tết Nguyên đán' });
    expect(cal.dayInfo('2026-03-02')).toEqual({ working: true });
    // Years without input are derived: 2027 Tết substitute days.
    expect(cal.dayInfo('2027-02-10')).toEqual({ working: false, name: 'Tết Nguyên đán (nghỉ bù)' });
  });

  it('derived years accept per-date overrides', () => {
    const cal = new WorkingCalendar([
      {
        year: 2027,
        mode: 'derived',
        days: [
          { date: '2027-02-11', kind: 'working', name: 'Đi làm' },
          { date: '2027-02-12', kind: 'off', name: 'Nghỉ thêm' },
          { date: '2027-02-20', kind: 'working', name: 'Làm bù' },
        ],
      },
    ]);
    expect(cal.isWorkingDay('2027-02-10')).toBe(false); // derived substitute kept
    expect(cal.dayInfo('2027-02-11')).toEqual({ working: true, name: 'Đi làm' });
    expect(cal.dayInfo('2027-02-12')).toEqual({ working: false, name: 'Nghỉ thêm' });
    expect(cal.isWorkingDay('2027-02-20')).toBe(true); // a Saturday
  });

  it('announced years ignore the derivation entirely', () => {
    const cal = new WorkingCalendar(new Map([[2027, { mode: 'announced' as const, days: [] }]]));
    expect(cal.isWorkingDay('2027-02-05')).toBe(true); // would be 30 Tết if derived
    expect(cal.isWorkingDay('2027-02-06')).toBe(false); // still a Saturday
  });

  it('rejects days listed under the wrong year or malformed', () => {
    expect(() => new WorkingCalendar([{ year: 2026, mode: 'announced', days: [{ date: '2025-12-31', kind: 'off', name: 'x' }] }])).toThrow(RangeError);
    expect(() => new WorkingCalendar([{ year: 2026, mode: 'announced', days: [{ date: '2026-02-30', kind: 'off', name: 'x' }] }])).toThrow(RangeError);
    expect(() => announced().isWorkingDay('2026-1-2')).toThrow(RangeError);
  });

  it('addWorkingDays / next / previous across Tết 2026', () => {
    const cal = announced();
    expect(cal.addWorkingDays('2026-02-13', 0)).toBe('2026-02-13');
    expect(cal.nextWorkingDay('2026-02-13')).toBe('2026-02-23');
    expect(cal.previousWorkingDay('2026-02-23')).toBe('2026-02-13');
    expect(cal.nextWorkingDay('2026-01-09')).toBe('2026-01-10'); // worked Saturday
    expect(cal.previousWorkingDay('2026-01-12')).toBe('2026-01-10');
    expect(cal.addWorkingDays('2025-12-30', 2)).toBe('2026-01-05'); // 31/12, then 1–4/1 off
    expect(() => cal.addWorkingDays('2026-01-01', -1)).toThrow(RangeError);
  });

  it('workingDaysBetween is the inverse of addWorkingDays, also across years', () => {
    const cal = announced();
    expect(cal.workingDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
    expect(cal.workingDaysBetween('2026-02-23', '2026-02-13')).toBe(0);
    expect(cal.workingDaysBetween('2026-01-01', '2026-01-01')).toBe(0);
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 300; i++) {
      const from = addDays('2024-06-01', rand(1500));
      const n = rand(700);
      const to = cal.addWorkingDays(from, n);
      expect(cal.workingDaysBetween(from, to)).toBe(n);
      if (n > 0) expect(cal.isWorkingDay(to)).toBe(true);
    }
  });

  it('agrees with a naive day-by-day count', () => {
    const cal = announced();
    for (let start = '2025-12-20'; start <= '2026-03-01'; start = addDays(start, 3)) {
      let d = start;
      let left = 15;
      while (left > 0) {
        d = addDays(d, 1);
        if (cal.isWorkingDay(d)) left--;
      }
      expect(cal.addWorkingDays(start, 15)).toBe(d);
    }
  });

  it('is fast: 1e5 addWorkingDays(…, 15) well under a second', () => {
    const cal = announced();
    const dates = Array.from({ length: 730 }, (_, i) => addDays('2025-01-01', i));
    cal.addWorkingDays('2025-01-01', 15); // warm the cache
    const t0 = performance.now();
    let last = '';
    for (let i = 0; i < 100_000; i++) last = cal.addWorkingDays(dates[i % dates.length] as string, 15);
    const elapsed = performance.now() - t0;
    expect(last).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(elapsed).toBeLessThan(1000);
  });
});
