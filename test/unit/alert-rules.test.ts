import { describe, expect, it } from 'vitest';
import { ANNOUNCED_SCHEDULES } from '../../bot-server/src/domain/calendar/announced-schedules.js';
import { WorkingCalendar } from '../../bot-server/src/domain/calendar/working-calendar.js';
import { afterQuietHours, alertText, dueSoonFrom, escalationFrom, overdueWorkingDaysAt, parseQuietHours } from '../../bot-server/src/domain/alerts/alert-rules.js';

const cal = new WorkingCalendar(ANNOUNCED_SCHEDULES.map((s) => ({ year: s.year, mode: 'announced' as const, days: s.days })));
const iso = (d: Date) => d.toISOString();

describe('alert timing', () => {
  it('is due soon from the start of the 2nd working day before the due date', () => {
    // Due Mon 23/3/2026 → working days before: Fri 20, Thu 19 → from Thu 19/3 00:00 local.
    expect(iso(dueSoonFrom(new Date('2026-03-23T16:59:59.999Z'), 'working_days', 2, cal))).toBe('2026-03-18T17:00:00.000Z');
  });

  it('counts across a weekend and Tết', () => {
    // Due Mon 23/2/2026 (after Tết 16–20/2): 2 working days before are Fri 13/2 and Thu 12/2.
    expect(iso(dueSoonFrom(new Date('2026-02-23T16:59:59.999Z'), 'working_days', 2, cal))).toBe('2026-02-11T17:00:00.000Z');
    // Escalation 2 working days after a due date of Fri 13/2: Mon 23/2 and Tue 24/2 → end of Tue 24/2.
    expect(iso(escalationFrom(new Date('2026-02-13T16:59:59.999Z'), 2, cal))).toBe('2026-02-24T16:59:59.999Z');
  });

  it('counts office hours back for hour policies', () => {
    // Due Mon 9/3 16:00 local; 2 office hours before: 14:00 the same day.
    expect(iso(dueSoonFrom(new Date('2026-03-09T09:00:00Z'), 'working_hours', 2, cal))).toBe('2026-03-09T07:00:00.000Z');
    // Due Mon 9/3 08:30 local; 2 office hours before: 1 h on Monday (07:30–08:30), 1 h on Friday (16:00–17:00).
    expect(iso(dueSoonFrom(new Date('2026-03-09T01:30:00Z'), 'working_hours', 2, cal))).toBe('2026-03-06T09:00:00.000Z');
  });

  it('holds alerts during quiet hours until they end', () => {
    const q = parseQuietHours('21-7');
    expect(q).toEqual({ start: 21, end: 7 });
    expect(parseQuietHours('')).toBeNull();
    // 22:30 local → 07:00 next day.
    expect(iso(afterQuietHours(new Date('2026-03-09T15:30:00Z'), q))).toBe('2026-03-10T00:00:00.000Z');
    // 05:00 local → 07:00 the same day.
    expect(iso(afterQuietHours(new Date('2026-03-09T22:00:00Z'), q))).toBe('2026-03-10T00:00:00.000Z');
    // 10:00 local → now.
    expect(iso(afterQuietHours(new Date('2026-03-10T03:00:00Z'), q))).toBe('2026-03-10T03:00:00.000Z');
    // A window inside the day: 12-13.
    expect(iso(afterQuietHours(new Date('2026-03-10T05:30:00Z'), parseQuietHours('12-13')))).toBe('2026-03-10T06:00:00.000Z');
  });
});

describe('alert texts state the facts, not the thresholds', () => {
  // Due Tue 10/11/2026 23:59:59.999 local.
  const dueAt = new Date('2026-11-10T16:59:59.999Z');
  const subject = { code: 'PA-2026-000002', unitName: 'Xã Bằng Thành', dueAt };

  it('counts working days late on the day the alert goes out, like the inbox', () => {
    // Wed 3/12/2026: 11/11 … 3/12 holds 17 working days (no day off in between).
    const asOf = new Date('2026-12-03T02:00:00Z');
    expect(overdueWorkingDaysAt(dueAt, asOf, cal)).toBe(17);
    const text = alertText('escalation', subject, asOf, cal);
    expect(text).toContain('đã quá hạn từ 10/11/2026');
    expect(text).toContain('tính đến 03/12/2026 đã quá hạn 17 ngày làm việc');
    expect(text).not.toMatch(/quá hạn 2 ngày/);
  });

  it('says the same facts a night later, with the count of the new day', () => {
    const nextDay = alertText('overdue', subject, new Date('2026-12-04T00:30:00Z'), cal);
    expect(nextDay).toContain('đã quá hạn từ 10/11/2026 và chưa được trả lời');
    expect(nextDay).toContain('tính đến 04/12/2026 đã quá hạn 18 ngày làm việc');
  });

  it('gives no count before a working day has passed since the due date', () => {
    // Sat 14/11/2026 after a Fri 13/11 due date: overdue, 0 working days late.
    const friday = { ...subject, dueAt: new Date('2026-11-13T16:59:59.999Z') };
    const text = alertText('overdue', friday, new Date('2026-11-14T03:00:00Z'), cal);
    expect(text).toContain('đã quá hạn từ 13/11/2026');
    expect(text).not.toContain('tính đến');
    // An hour policy's due time is part of the fact.
    const hourly = { ...subject, dueAt: new Date('2026-11-13T03:00:00Z') };
    expect(alertText('overdue', hourly, new Date('2026-11-13T05:00:00Z'), cal)).toContain('đã quá hạn từ 13/11/2026 10:00 và chưa');
  });

  it('states the due time of a due-soon alert', () => {
    expect(alertText('due_soon', subject, new Date('2026-11-09T02:00:00Z'), cal)).toBe(
      'Sắp đến hạn: phản ánh PA-2026-000002 của Xã Bằng Thành cần được trả lời trước 10/11/2026 23:59. Mở ứng dụng để xử lý.',
    );
  });
});
