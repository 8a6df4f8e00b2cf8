import { describe, it, expect } from 'vitest';
import {
  DEFAULT_POLICY,
  OFFICE_HOURS,
  computeDueAt,
  pausedAmountBetween,
  type DeadlinePolicy,
} from '../../bot-server/src/domain/calendar/deadline.js';
import { WorkingCalendar } from '../../bot-server/src/domain/calendar/working-calendar.js';
import { announcedYearSchedules } from '../../bot-server/src/domain/calendar/announced-schedules.js';
import {
  VN_TZ,
  addDays,
  dayOfWeek,
  endOfLocalDay,
  localDateOf,
  startOfLocalDay,
  toIsoWithOffset,
} from '../../bot-server/src/domain/calendar/local-date.js';

const cal = new WorkingCalendar(announcedYearSchedules());
/** Local Vietnamese wall-clock time → instant. */
const vn = (local: string): Date => new Date(`${local}+07:00`);
const due = (start: Date, policy: DeadlinePolicy = DEFAULT_POLICY, paused = 0): string =>
  toIsoWithOffset(computeDueAt(start, policy, cal, paused));
const hours = (amount: number): DeadlinePolicy => ({ unit: 'working_hours', amount });

describe('local-date helpers', () => {
  it('use a fixed +07:00 offset', () => {
    expect(VN_TZ).toBe('Asia/Ho_Chi_Minh');
    expect(localDateOf(new Date('2026-03-02T16:59:59.999Z'))).toBe('2026-03-02');
    expect(localDateOf(new Date('2026-03-02T17:00:00Z'))).toBe('2026-03-03');
    expect(toIsoWithOffset(endOfLocalDay('2026-01-16'))).toBe('2026-01-16T23:59:59.999+07:00');
    expect(endOfLocalDay('2026-01-16').toISOString()).toBe('2026-01-16T16:59:59.999Z');
    expect(startOfLocalDay('2026-01-16').toISOString()).toBe('2026-01-15T17:00:00.000Z');
    expect(toIsoWithOffset(new Date('2026-03-02T18:30:00Z'))).toBe('2026-03-03T01:30:00.000+07:00');
  });

  it('date arithmetic on strings', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2027-02-28', 1)).toBe('2027-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(dayOfWeek('2026-01-10')).toBe(6);
    expect(dayOfWeek('2026-02-17')).toBe(2);
    expect(dayOfWeek('1970-01-01')).toBe(4);
  });
});

describe('computeDueAt — working days', () => {
  it('defaults to 15 working days', () => {
    expect(DEFAULT_POLICY).toEqual({ unit: 'working_days', amount: 15 });
  });

  it('15 working days across Tết 2026', () => {
    // Received Tue 10/2/2026. Counting from Wed 11/2:
    // 11, 12, 13/2 (3) — Sat 14 – Sun 22/2 off (Tết) — 23–27/2 (8) — 2–6/3 (13) — 9/3 (14), 10/3 (15).
    expect(due(vn('2026-02-10T09:00:00'))).toBe('2026-03-10T23:59:59.999+07:00');
  });

  it('the receipt date never counts, even at 07:00 on a working day', () => {
    // Mon 12/1/2026: 13–16/1 (4), 19–23/1 (9), 26–30/1 (14), Mon 2/2 (15).
    expect(due(vn('2026-01-12T07:00:00'))).toBe('2026-02-02T23:59:59.999+07:00');
  });

  it('received on a Saturday: same due date as the Friday before', () => {
    // Fri 16/1 and Sat 17/1/2026 both start counting on Mon 19/1:
    // 19–23/1 (5), 26–30/1 (10), 2–6/2 (15).
    expect(due(vn('2026-01-16T10:00:00'))).toBe('2026-02-06T23:59:59.999+07:00');
    expect(due(vn('2026-01-17T10:00:00'))).toBe('2026-02-06T23:59:59.999+07:00');
  });

  it('received on a holiday', () => {
    // Thu 1/1/2026 (Tết Dương lịch); 2/1 off (swap), 3–4/1 weekend;
    // 5–9/1 (5), Sat 10/1 worked (6), 12–16/1 (11), 19–22/1 (15).
    expect(due(vn('2026-01-01T11:00:00'))).toBe('2026-01-22T23:59:59.999+07:00');
  });

  it('received on the worked Saturday 10/1/2026: D still does not count', () => {
    // 12–16/1 (5), 19–23/1 (10), 26–30/1 (15).
    expect(due(vn('2026-01-10T08:00:00'))).toBe('2026-01-30T23:59:59.999+07:00');
    // One day earlier, the worked Saturday is the first day counted:
    // 10/1 (1), 12–16/1 (6), 19–23/1 (11), 26–29/1 (15).
    expect(due(vn('2026-01-09T08:00:00'))).toBe('2026-01-29T23:59:59.999+07:00');
  });

  it('an instant late in the UTC day is already the next local day', () => {
    // 2026-03-02T18:30Z = Tue 03/03 01:30 in Vietnam: 4–6/3 (3), 9–13/3 (8), 16–20/3 (13), 23, 24/3 (15).
    expect(due(new Date('2026-03-02T18:30:00Z'))).toBe('2026-03-24T23:59:59.999+07:00');
    // One minute before local midnight is still Mon 02/03: … 23/3 is the 15th.
    expect(due(new Date('2026-03-02T16:59:00Z'))).toBe('2026-03-23T23:59:59.999+07:00');
  });

  it('0 days is the end of the receipt day; fractional or negative amounts are rejected', () => {
    expect(due(vn('2026-03-02T10:00:00'), { unit: 'working_days', amount: 0 })).toBe('2026-03-02T23:59:59.999+07:00');
    expect(() => computeDueAt(vn('2026-03-02T10:00:00'), { unit: 'working_days', amount: 1.5 }, cal)).toThrow(RangeError);
    expect(() => computeDueAt(vn('2026-03-02T10:00:00'), { unit: 'working_days', amount: -1 }, cal)).toThrow(RangeError);
    expect(() => computeDueAt(new Date('nope'), DEFAULT_POLICY, cal)).toThrow(RangeError);
  });

  it('uses derived holidays for years without an announced schedule', () => {
    // Derived 2027: Tết Fri 5 – Tue 9/2, substitutes Wed 10 and Thu 11/2.
    // Received Thu 4/2/2027 → Fri 12/2 is the 1st working day.
    expect(due(vn('2027-02-04T10:00:00'), { unit: 'working_days', amount: 1 })).toBe('2027-02-12T23:59:59.999+07:00');
  });
});

describe('computeDueAt — working hours', () => {
  it('office hours are 07:30–11:30 and 13:00–17:00', () => {
    expect(OFFICE_HOURS.map((p) => `${p.start}-${p.end}`)).toEqual(['07:30-11:30', '13:00-17:00']);
  });

  it('8 h received Friday 16:00 → next working day 16:00', () => {
    // Fri 16/1/2026 16:00–17:00 (1 h), Mon 19/1 07:30–11:30 (5 h), 13:00–16:00 (8 h).
    // An 8-hour office day means the same clock time on the next working day.
    expect(due(vn('2026-01-16T16:00:00'), hours(8))).toBe('2026-01-19T16:00:00.000+07:00');
    // Fri 9/1/2026: the next working day is the worked Saturday 10/1.
    expect(due(vn('2026-01-09T16:00:00'), hours(8))).toBe('2026-01-10T16:00:00.000+07:00');
  });

  it('a start outside office hours begins at the next office period', () => {
    expect(due(vn('2026-01-19T06:00:00'), hours(4))).toBe('2026-01-19T11:30:00.000+07:00');
    expect(due(vn('2026-01-19T12:00:00'), hours(1))).toBe('2026-01-19T14:00:00.000+07:00');
    expect(due(vn('2026-01-19T18:00:00'), hours(0.5))).toBe('2026-01-20T08:00:00.000+07:00');
    expect(due(vn('2026-01-18T09:00:00'), hours(2))).toBe('2026-01-19T09:30:00.000+07:00'); // Sunday
    // Exactly filling a period ends at its close, not at the next opening.
    expect(due(vn('2026-01-19T13:00:00'), hours(4))).toBe('2026-01-19T17:00:00.000+07:00');
  });

  it('skips Tết 2026', () => {
    // Fri 13/2 15:00–17:00 (2 h); 14–22/2 off; Mon 23/2 07:30–09:30 (4 h).
    expect(due(vn('2026-02-13T15:00:00'), hours(4))).toBe('2026-02-23T09:30:00.000+07:00');
  });
});

describe('paused clock', () => {
  it('working days paused extend the due date', () => {
    const received = vn('2026-03-02T10:00:00');
    // Unpaused: 3–6/3 (4), 9–13/3 (9), 16–20/3 (14), 23/3 (15).
    expect(due(received)).toBe('2026-03-23T23:59:59.999+07:00');
    // Paused Wed 4/3, resumed Mon 9/3: working days after 4/3 up to 9/3 = 5, 6, 9/3 = 3.
    const paused = pausedAmountBetween(vn('2026-03-04T09:00:00'), vn('2026-03-09T14:00:00'), DEFAULT_POLICY, cal);
    expect(paused).toBe(3);
    // 15 + 3 = 18: 24 (16), 25 (17), 26/3 (18).
    expect(due(received, DEFAULT_POLICY, paused)).toBe('2026-03-26T23:59:59.999+07:00');
  });

  it('a pause resumed the same day or going backwards costs nothing', () => {
    expect(pausedAmountBetween(vn('2026-03-04T09:00:00'), vn('2026-03-04T16:00:00'), DEFAULT_POLICY, cal)).toBe(0);
    expect(pausedAmountBetween(vn('2026-03-05T09:00:00'), vn('2026-03-04T16:00:00'), DEFAULT_POLICY, cal)).toBe(0);
  });

  it('working hours paused are the office hours in between', () => {
    // 10:00–11:30 (1.5 h) + 13:00–14:00 (1 h).
    expect(pausedAmountBetween(vn('2026-01-19T10:00:00'), vn('2026-01-19T14:00:00'), hours(8), cal)).toBe(2.5);
    // Fri 16/1 16:30–17:00 (0.5 h), weekend, Mon 19/1 07:30–08:00 (0.5 h).
    expect(pausedAmountBetween(vn('2026-01-16T16:30:00'), vn('2026-01-19T08:00:00'), hours(8), cal)).toBe(1);
    // Paused over the whole of Tết 2026 (Fri 13/2 17:00 → Mon 23/2 07:30): nothing.
    expect(pausedAmountBetween(vn('2026-02-13T17:00:00'), vn('2026-02-23T07:30:00'), hours(8), cal)).toBe(0);
  });

  it('hours paused extend a working-hours deadline', () => {
    const received = vn('2026-01-19T08:00:00');
    // 8 h from Mon 08:00: 08:00–11:30 (3.5), 13:00–17:00 (7.5), Tue 07:30–08:00 (8).
    expect(due(received, hours(8))).toBe('2026-01-20T08:00:00.000+07:00');
    const paused = pausedAmountBetween(vn('2026-01-19T10:00:00'), vn('2026-01-19T14:00:00'), hours(8), cal);
    // + 2.5 h → Tue 10:30.
    expect(due(received, hours(8), paused)).toBe('2026-01-20T10:30:00.000+07:00');
  });
});
