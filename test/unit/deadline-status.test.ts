import { describe, expect, it } from 'vitest';
import { dueSoonFrom } from '../../bot-server/src/domain/alerts/alert-rules.js';
import { announcedYearSchedules } from '../../bot-server/src/domain/calendar/announced-schedules.js';
import { addDays, endOfLocalDay } from '../../bot-server/src/domain/calendar/local-date.js';
import { WorkingCalendar } from '../../bot-server/src/domain/calendar/working-calendar.js';
import { deadlineStatus, type DeadlineInput } from '../../bot-server/src/domain/feedback/deadline-status.js';

const cal = new WorkingCalendar(announcedYearSchedules());
/** Local Vietnamese wall-clock time → instant. */
const vn = (local: string): Date => new Date(`${local}+07:00`);
const open = (dueAt: Date | null): DeadlineInput => ({ dueAt, answeredAt: null, pausedAt: null, status: 'in_progress' });
const dayDue = (date: string) => open(endOfLocalDay(date));

describe('deadlineStatus', () => {
  it('counts working days left across a weekend (due Mon 23/3/2026)', () => {
    const item = dayDue('2026-03-23');
    expect(deadlineStatus(item, vn('2026-03-18T09:00:00'), cal)).toEqual({ state: 'on_track', workingDaysLeft: 3, overdueWorkingDays: null });
    expect(deadlineStatus(item, vn('2026-03-19T00:00:00'), cal)).toEqual({ state: 'due_soon', workingDaysLeft: 2, overdueWorkingDays: null });
    expect(deadlineStatus(item, vn('2026-03-20T16:00:00'), cal)).toMatchObject({ state: 'due_soon', workingDaysLeft: 1 });
    // Saturday and Sunday: Monday is the next working day.
    expect(deadlineStatus(item, vn('2026-03-21T10:00:00'), cal)).toMatchObject({ state: 'due_soon', workingDaysLeft: 1 });
    expect(deadlineStatus(item, vn('2026-03-22T10:00:00'), cal)).toMatchObject({ state: 'due_soon', workingDaysLeft: 1 });
    expect(deadlineStatus(item, vn('2026-03-23T23:59:59'), cal)).toEqual({ state: 'due_soon', workingDaysLeft: 0, overdueWorkingDays: null });
    expect(deadlineStatus(item, vn('2026-03-24T00:00:01'), cal)).toEqual({ state: 'overdue', workingDaysLeft: null, overdueWorkingDays: 1 });
    expect(deadlineStatus(item, vn('2026-03-30T09:00:00'), cal)).toMatchObject({ state: 'overdue', overdueWorkingDays: 5 });
  });

  it('counts overdue days only on working days (due Fri 20/3/2026)', () => {
    const item = dayDue('2026-03-20');
    expect(deadlineStatus(item, vn('2026-03-21T09:00:00'), cal)).toEqual({ state: 'overdue', workingDaysLeft: null, overdueWorkingDays: 0 });
    expect(deadlineStatus(item, vn('2026-03-22T09:00:00'), cal)).toMatchObject({ state: 'overdue', overdueWorkingDays: 0 });
    expect(deadlineStatus(item, vn('2026-03-23T09:00:00'), cal)).toMatchObject({ state: 'overdue', overdueWorkingDays: 1 });
  });

  it('skips Tết 2026 (Sat 14/2 – Sun 22/2 off)', () => {
    // Due Tue 24/2: from Thu 12/2 the working days left are 13/2, 23/2 and 24/2.
    const item = dayDue('2026-02-24');
    expect(deadlineStatus(item, vn('2026-02-12T09:00:00'), cal)).toMatchObject({ state: 'on_track', workingDaysLeft: 3 });
    expect(deadlineStatus(item, vn('2026-02-13T09:00:00'), cal)).toMatchObject({ state: 'due_soon', workingDaysLeft: 2 });
    expect(deadlineStatus(item, vn('2026-02-18T09:00:00'), cal)).toMatchObject({ state: 'due_soon', workingDaysLeft: 2 });
    expect(deadlineStatus(item, vn('2026-02-23T09:00:00'), cal)).toMatchObject({ state: 'due_soon', workingDaysLeft: 1 });
    // Due Fri 13/2, the last working day before Tết: no working day passes until Mon 23/2.
    const beforeTet = dayDue('2026-02-13');
    expect(deadlineStatus(beforeTet, vn('2026-02-17T09:00:00'), cal)).toEqual({ state: 'overdue', workingDaysLeft: null, overdueWorkingDays: 0 });
    expect(deadlineStatus(beforeTet, vn('2026-02-23T09:00:00'), cal)).toMatchObject({ state: 'overdue', overdueWorkingDays: 1 });
    expect(deadlineStatus(beforeTet, vn('2026-02-24T09:00:00'), cal)).toMatchObject({ state: 'overdue', overdueWorkingDays: 2 });
  });

  it('an hour policy due earlier today is overdue by 0 working days ("quá hạn hôm nay")', () => {
    const item = open(vn('2026-03-09T10:00:00'));
    expect(deadlineStatus(item, vn('2026-03-09T09:59:00'), cal)).toEqual({ state: 'due_soon', workingDaysLeft: 0, overdueWorkingDays: null });
    expect(deadlineStatus(item, vn('2026-03-09T14:00:00'), cal)).toEqual({ state: 'overdue', workingDaysLeft: null, overdueWorkingDays: 0 });
    expect(deadlineStatus(item, vn('2026-03-10T08:00:00'), cal)).toMatchObject({ state: 'overdue', overdueWorkingDays: 1 });
  });

  it('answered, rejected and closed items are done; items waiting for the citizen are paused', () => {
    const due = endOfLocalDay('2026-03-02');
    const now = vn('2026-03-20T09:00:00');
    const none = { state: 'done', workingDaysLeft: null, overdueWorkingDays: null };
    for (const status of ['answered', 'closed', 'rejected'] as const) {
      expect(deadlineStatus({ dueAt: due, answeredAt: vn('2026-03-05T09:00:00'), pausedAt: null, status }, now, cal)).toEqual(none);
    }
    expect(deadlineStatus({ dueAt: null, answeredAt: null, pausedAt: vn('2026-03-03T09:00:00'), status: 'needs_info' }, now, cal)).toEqual({
      state: 'paused',
      workingDaysLeft: null,
      overdueWorkingDays: null,
    });
  });

  it('takes another due-soon window and refuses a bad one', () => {
    const item = dayDue('2026-03-23');
    expect(deadlineStatus(item, vn('2026-03-18T09:00:00'), cal, 3).state).toBe('due_soon');
    expect(deadlineStatus(item, vn('2026-03-19T09:00:00'), cal, 0).state).toBe('on_track');
    expect(() => deadlineStatus(item, vn('2026-03-19T09:00:00'), cal, -1)).toThrow(RangeError);
  });

  it('is due soon exactly when the due-soon alert of a day policy would be (every day around Tết and a weekend)', () => {
    for (const dueDate of ['2026-02-13', '2026-02-23', '2026-02-25', '2026-03-23', '2026-05-04']) {
      const dueAt = endOfLocalDay(dueDate);
      const alertFrom = dueSoonFrom(dueAt, 'working_days', 2, cal).getTime();
      for (let d = -20; d <= 3; d++) {
        for (const hour of ['00:00:00', '12:00:00', '23:59:59']) {
          const now = vn(`${addDays(dueDate, d)}T${hour}`);
          const expected = now.getTime() > dueAt.getTime() ? 'overdue' : now.getTime() >= alertFrom ? 'due_soon' : 'on_track';
          expect(deadlineStatus(open(dueAt), now, cal).state, `due ${dueDate}, now ${now.toISOString()}`).toBe(expected);
        }
      }
    }
  });
});
