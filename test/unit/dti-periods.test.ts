import { describe, expect, it } from 'vitest';
import { ANNOUNCED_SCHEDULES } from '../../bot-server/src/domain/calendar/announced-schedules.js';
import { WorkingCalendar } from '../../bot-server/src/domain/calendar/working-calendar.js';
import { adjustDueDate, defaultPeriods, isLocked, isOnTime } from '../../bot-server/src/domain/dti/reporting-periods.js';

const cal = new WorkingCalendar(ANNOUNCED_SCHEDULES.map((s) => ({ year: s.year, mode: 'announced' as const, days: s.days })));

describe('DTI reporting periods', () => {
  it('derives the 2026 periods: quarterly before the 20th of the last month, yearly before 10/12', () => {
    const periods = defaultPeriods(2026, cal);
    expect(periods.map((p) => [p.code, p.startsOn, p.endsOn, p.dueOn])).toEqual([
      // 20/3/2026 is a Friday → due Thu 19/3.
      ['2026-Q1', '2026-01-01', '2026-03-31', '2026-03-19'],
      // 20/6/2026 is a Saturday → the working day before is Fri 19/6.
      ['2026-Q2', '2026-04-01', '2026-06-30', '2026-06-19'],
      // 20/9/2026 is a Sunday → Fri 18/9.
      ['2026-Q3', '2026-07-01', '2026-09-30', '2026-09-18'],
      // 20/12/2026 is a Sunday → Fri 18/12.
      ['2026-Q4', '2026-10-01', '2026-12-31', '2026-12-18'],
      // 10/12/2026 is a Thursday → Wed 9/12.
      ['2026', '2026-01-01', '2026-12-31', '2026-12-09'],
    ]);
  });

  it('moves a due date on a day off to the previous working day', () => {
    expect(adjustDueDate('2026-02-18', cal)).toBe('2026-02-13'); // inside Tết 16–20/2 → Fri 13/2
    expect(adjustDueDate('2026-01-10', cal)).toBe('2026-01-10'); // a worked Saturday stays
    expect(adjustDueDate('2026-03-19', cal)).toBe('2026-03-19');
  });

  it('counts a submission on the due day (local time) as on time, and one after midnight as late', () => {
    expect(isOnTime(new Date('2026-03-19T16:59:59.999Z'), '2026-03-19')).toBe(true); // 23:59:59.999 local
    expect(isOnTime(new Date('2026-03-19T17:00:00Z'), '2026-03-19')).toBe(false); // 00:00 on 20/3 local
  });

  it('locks after the grace period unless reopened', () => {
    const p = { dueOn: '2026-03-19', graceDays: 5, reopenedUntil: null };
    expect(isLocked(p, new Date('2026-03-24T16:00:00Z'))).toBe(false); // 24/3 23:00 local
    expect(isLocked(p, new Date('2026-03-24T17:00:00Z'))).toBe(true);
    expect(isLocked({ ...p, reopenedUntil: new Date('2026-04-01T00:00:00Z') }, new Date('2026-03-30T00:00:00Z'))).toBe(false);
  });
});
