import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

describe.each(DB_KINDS)('calendar API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { now: new Date('2026-12-01T02:00:00Z') });
  });
  afterAll(() => t?.close());

  const deadline = async (start: string, n: number) => {
    const res = await t.request('GET', `/api/v1/calendar/deadline?start=${encodeURIComponent(start)}&workingDays=${n}`);
    expect(res.status).toBe(200);
    return res.json();
  };

  it('computes deadlines on the seeded 2026 schedule', async () => {
    // Fri 9/1/2026; next working days: Sat 10/1 (worked), Mon 12/1 …
    expect(await deadline('2026-01-09T10:00:00+07:00', 1)).toEqual({
      start: '2026-01-09T10:00:00+07:00',
      workingDays: 1,
      dueAt: '2026-01-10T23:59:59.999+07:00',
    });
    // 23:30 UTC on 1/1 is already 2/1 local, a day off (swap); D=2/1 does not count → Sat 10/1 is the 1st? No: 5/1 Mon is the 1st.
    expect((await deadline('2026-01-01T23:30:00Z', 1)).dueAt).toBe('2026-01-05T23:59:59.999+07:00');
  });

  it('validates its query', async () => {
    const res = await t.request('GET', '/api/v1/calendar/deadline?start=2026-01-09&workingDays=x');
    expect(res.status).toBe(400);
    const fields = (await res.json()).issues.map((i: { field: string }) => i.field);
    expect(fields).toEqual(expect.arrayContaining(['start', 'workingDays']));
  });

  it('lets an admin add a day off and a worked Saturday, recomputing open deadlines, and delete them again', async () => {
    // A feedback received Tue 1/12/2026 09:00 is due on the 15th working day: Tue 22/12.
    const citizen = await t.citizen();
    const created = await (
      await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { content: 'Cống thoát nước bị tắc ở tổ 5' } })
    ).json();
    expect(created.dueAt).toBe('2026-12-22T23:59:59.999+07:00');

    const put = await t.request('PUT', '/api/v1/calendar/days/2026-12-15', {
      token: ADMIN_TOKEN,
      json: { kind: 'off', name: 'Nghỉ đột xuất' },
    });
    expect(put.status).toBe(200);
    expect((await put.json()).recomputedDeadlines).toBeGreaterThanOrEqual(1);
    const after = await (await t.request('GET', `/api/v1/feedback/${created.code}`, { token: ADMIN_TOKEN })).json();
    expect(after.dueAt).toBe('2026-12-23T23:59:59.999+07:00');
    expect(after.timeline.at(-1).type).toBe('deadline_recomputed');

    await t.request('PUT', '/api/v1/calendar/days/2026-12-19', { token: ADMIN_TOKEN, json: { kind: 'working', name: 'Làm bù' } });
    const year = await (await t.request('GET', '/api/v1/calendar/days?year=2026')).json();
    expect(year.mode).toBe('announced');
    expect(year.days).toEqual(
      expect.arrayContaining([
        { date: '2026-12-15', kind: 'off', name: 'Nghỉ đột xuất' },
        { date: '2026-12-19', kind: 'working', name: 'Làm bù' },
        { date: '2026-01-10', kind: 'working', name: expect.any(String) },
      ]),
    );
    expect((await deadline('2026-12-18T09:00:00+07:00', 1)).dueAt).toBe('2026-12-19T23:59:59.999+07:00');

    expect((await t.request('DELETE', '/api/v1/calendar/days/2026-12-15', { token: ADMIN_TOKEN })).status).toBe(200);
    expect((await t.request('DELETE', '/api/v1/calendar/days/2026-12-19', { token: ADMIN_TOKEN })).status).toBe(200);
    expect((await t.request('DELETE', '/api/v1/calendar/days/2026-12-19', { token: ADMIN_TOKEN })).status).toBe(404);
    const restored = await (await t.request('GET', `/api/v1/feedback/${created.code}`, { token: ADMIN_TOKEN })).json();
    expect(restored.dueAt).toBe('2026-12-22T23:59:59.999+07:00');
  });

  it('derives a year nobody announced, including Tết 2027, and validates edits', async () => {
    const y = await (await t.request('GET', '/api/v1/calendar/days?year=2027')).json();
    expect(y.mode).toBe('derived');
    // Mùng 1 Tết Đinh Mùi = Sat 6/2/2027.
    expect(y.days.map((d: { date: string }) => d.date)).toEqual(expect.arrayContaining(['2027-02-05', '2027-02-08']));
    const bad = await t.request('PUT', '/api/v1/calendar/days/2027-13-01', { token: ADMIN_TOKEN, json: { kind: 'holiday' } });
    expect(bad.status).toBe(400);
  });
});
