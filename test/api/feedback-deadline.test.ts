// Every feedback view carries `deadline`: where the item stands against its due time at the request's instant.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/test-db.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

const at = (iso: string) => new Date(iso);

describe.each(DB_KINDS)('feedback deadline summary on %s', (kind) => {
  let t: TestApp;
  let citizen: { token: string };
  let officer: { token: string };
  let code: string;

  beforeAll(async () => {
    // Monday 2 March 2026, 09:00 local: due Mon 23/3 (15 working days).
    t = await createTestApp(kind, { now: at('2026-03-02T02:00:00Z') });
    citizen = await t.citizen();
    officer = await t.staff('SO-XD', 'officer');
    const res = await t.request('POST', '/api/v1/feedback', {
      token: citizen.token,
      json: { category: 'ha-tang', content: 'Cột điện nghiêng trước số nhà 45 đường Lê Lợi' },
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    code = body.code;
    expect(body.dueAt).toBe('2026-03-23T23:59:59.999+07:00');
    expect(body.deadline).toEqual({ state: 'on_track', workingDaysLeft: 15, overdueWorkingDays: null });
  });
  afterAll(() => t?.close());

  const detail = async (token: string) => (await (await t.request('GET', `/api/v1/feedback/${code}`, { token })).json()).deadline;
  const listed = async (token: string) => {
    const { items } = await (await t.request('GET', '/api/v1/feedback', { token })).json();
    return items.find((i: { code: string }) => i.code === code).deadline;
  };
  const act = async (action: string, token: string, json: object = {}) => {
    const res = await t.request('POST', `/api/v1/feedback/${code}/${action}`, { token, json });
    expect(res.status, action).toBe(200);
    return (await res.json()).deadline;
  };

  it('moves with the clock, the same for the citizen and the officer, in the list and the detail', async () => {
    const steps: [string, object][] = [
      // Wed 18/3: Thu, Fri, Mon left.
      ['2026-03-18T02:00:00Z', { state: 'on_track', workingDaysLeft: 3, overdueWorkingDays: null }],
      // Thu 19/3: two working days left → due soon.
      ['2026-03-19T02:00:00Z', { state: 'due_soon', workingDaysLeft: 2, overdueWorkingDays: null }],
      // Sat 21/3: Monday is next.
      ['2026-03-21T02:00:00Z', { state: 'due_soon', workingDaysLeft: 1, overdueWorkingDays: null }],
      ['2026-03-23T10:00:00Z', { state: 'due_soon', workingDaysLeft: 0, overdueWorkingDays: null }],
      // Tue 24/3 09:00: one working day late.
      ['2026-03-24T02:00:00Z', { state: 'overdue', workingDaysLeft: null, overdueWorkingDays: 1 }],
      // Mon 30/3: Tue–Fri and Mon.
      ['2026-03-30T02:00:00Z', { state: 'overdue', workingDaysLeft: null, overdueWorkingDays: 5 }],
    ];
    for (const [now, expected] of steps) {
      t.clock.now = at(now);
      for (const token of [citizen.token, officer.token]) {
        expect(await detail(token), `${now} detail`).toEqual(expected);
        expect(await listed(token), `${now} list`).toEqual(expected);
      }
    }
  });

  it('is in action responses: paused while waiting for the citizen, done once answered', async () => {
    t.clock.now = at('2026-03-04T02:00:00Z');
    expect(await act('accept', officer.token)).toMatchObject({ state: 'on_track' });
    expect(await act('request_info', officer.token, { note: 'Xin ảnh chụp cột điện' })).toEqual({
      state: 'paused',
      workingDaysLeft: null,
      overdueWorkingDays: null,
    });
    expect(await detail(citizen.token)).toMatchObject({ state: 'paused' });
    // The citizen answers two working days later: the due date moves by two working days (Wed 25/3).
    t.clock.now = at('2026-03-06T02:00:00Z');
    const resumed = await act('provide_info', citizen.token, { note: 'Đã gửi ảnh' });
    expect(resumed).toEqual({ state: 'on_track', workingDaysLeft: 13, overdueWorkingDays: null });
    t.clock.now = at('2026-03-24T02:00:00Z');
    expect(await detail(officer.token)).toMatchObject({ state: 'due_soon', workingDaysLeft: 1 });
    expect(await act('answer', officer.token, { answer: 'Điện lực đã dựng lại cột.' })).toEqual({
      state: 'done',
      workingDaysLeft: null,
      overdueWorkingDays: null,
    });
    t.clock.now = at('2026-03-31T02:00:00Z'); // sessions last 30 days
    expect(await listed(citizen.token)).toMatchObject({ state: 'done' });
    const rated = await t.request('POST', `/api/v1/feedback/${code}/rating`, { token: citizen.token, json: { rating: 5 } });
    expect((await rated.json()).deadline).toMatchObject({ state: 'done' });
  });
});
