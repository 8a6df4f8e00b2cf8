// Monthly feedback indicators for a chart: each month is exactly GET /indicators/feedback for that month.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Channel, feedback, units } from '../../db/schema.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

const local = (date: string, time = '09:00') => new Date(`${date}T${time}:00+07:00`);
const endOf = (date: string) => new Date(`${date}T23:59:59.999+07:00`);

// received, unit, channel, due, answered (null = open), rating
const ITEMS: [string, string, Channel, string, string | null, number | null][] = [
  ['2025-12-20', 'SO-XD', 'zalo_oa', '2026-01-12', '2026-01-05', 5],
  ['2026-01-10', 'SO-XD', 'zalo_mini_app', '2026-02-02', '2026-01-20', 4], // before the 15th: outside the first month
  ['2026-01-15', 'SO-XD', 'zalo_mini_app', '2026-02-05', '2026-02-10', 2], // first day of the range; late
  ['2026-01-31', 'SO-KHCN', 'dvc_portal', '2026-02-24', '2026-02-03', 5],
  ['2026-02-02', 'SO-XD', 'email', '2026-02-24', null, null], // open and overdue
  ['2026-02-27', 'SO-KHCN', 'zalo_oa', '2026-03-20', '2026-03-02', 3],
  ['2026-03-10', 'SO-XD', 'other', '2026-03-31', '2026-03-12', 5], // last day of the range
  ['2026-03-11', 'SO-XD', 'zalo_oa', '2026-04-01', null, null], // after the range
];

describe.each(DB_KINDS)('monthly feedback indicators on %s', (kind) => {
  let t: TestApp;
  let leaderXd: { token: string };
  let officerXd: { token: string };
  let citizen: { token: string };
  const monthly = (query: string, token: string = ADMIN_TOKEN) =>
    t.request('GET', `/api/v1/indicators/feedback/monthly?${query}`, { token });
  const single = async (query: string, token = ADMIN_TOKEN) => (await t.request('GET', `/api/v1/indicators/feedback?${query}`, { token })).json();

  beforeAll(async () => {
    t = await createTestApp(kind, { now: new Date('2026-03-16T02:00:00Z') });
    const db = t.database.db;
    const unitIds = new Map((await db.select().from(units)).map((u) => [u.code, u.id]));
    await db.insert(feedback).values(
      ITEMS.map(([date, unit, channel, due, answered, rating], i) => ({
        code: `PA-2026-${String(800000 + i)}`,
        channel,
        unitId: unitIds.get(unit)!,
        status: answered ? ('answered' as const) : ('in_progress' as const),
        content: `Phản ánh thử nghiệm số ${i}`,
        receivedAt: local(date),
        receivedDate: date,
        policyUnit: 'working_days' as const,
        policyAmount: 15,
        clockStartedAt: local(date),
        dueAt: endOf(due),
        answeredAt: answered ? local(answered) : null,
        answer: answered ? 'Đã xử lý' : null,
        rating,
      })),
    );
    leaderXd = await t.staff('SO-XD', 'leader');
    officerXd = await t.staff('SO-XD', 'officer');
    citizen = await t.citizen();
  });
  afterAll(() => t?.close());

  it('gives each month, clipped to the period, exactly what the single report gives for it', async () => {
    const res = await monthly('from=2026-01-15&to=2026-03-10');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['from', 'to', 'unit', 'months']);
    expect(body).toMatchObject({ from: '2026-01-15', to: '2026-03-10', unit: null });
    expect(body.months.map((m: { month: string; from: string; to: string }) => [m.month, m.from, m.to])).toEqual([
      ['2026-01', '2026-01-15', '2026-01-31'],
      ['2026-02', '2026-02-01', '2026-02-28'],
      ['2026-03', '2026-03-01', '2026-03-10'],
    ]);
    for (const m of body.months) {
      expect(Object.keys(m)).toEqual(['month', 'from', 'to', 'onTime', 'satisfaction']);
      const report = await single(`from=${m.from}&to=${m.to}`);
      expect(m.onTime).toEqual(report.onTime);
      expect(m.satisfaction).toEqual(report.satisfaction);
    }
    // By hand: January from the 15th holds one late and one on-time item; February one open overdue and one on time.
    const all = (m: { onTime: { code: string }[] }) => m.onTime.find((g) => g.code === 'all');
    expect(all(body.months[0])).toMatchObject({ total: 2, onTime: 1, late: 1, pending: 0, rate: 1 / 2 });
    expect(all(body.months[1])).toMatchObject({ total: 2, onTime: 1, late: 1, pending: 0 });
    expect(all(body.months[2])).toMatchObject({ total: 1, onTime: 1, late: 0 });
    expect(body.months[0].satisfaction.find((g: { code: string }) => g.code === '4.1')).toMatchObject({ responses: 1, satisfied: 0, mean: 2 });
  });

  it('follows the unit rules of the single report', async () => {
    const own = await monthly('from=2026-01-01&to=2026-02-28', leaderXd.token);
    expect(own.status).toBe(200);
    const body = await own.json();
    expect(body.unit).toBe('SO-XD');
    for (const m of body.months) {
      expect(m.onTime).toEqual((await single(`from=${m.from}&to=${m.to}&unit=SO-XD`)).onTime);
    }
    expect(body.months[0].onTime.find((g: { code: string }) => g.code === 'all').total).toBe(2);
    expect((await monthly('from=2026-01-01&to=2026-02-28&unit=SO-KHCN', leaderXd.token)).status).toBe(403);
    expect((await monthly('from=2026-01-01&to=2026-02-28&unit=NOPE')).status).toBe(404);
    expect((await monthly('from=2026-01-01&to=2026-02-28', officerXd.token)).status).toBe(403);
    expect((await monthly('from=2026-01-01&to=2026-02-28', citizen.token)).status).toBe(403);
    expect((await monthly('from=2026-01-01&to=2026-02-28', '')).status).toBe(401);
  });

  it('takes at most 24 months and names `to` otherwise', async () => {
    const longest = await monthly('from=2025-01-31&to=2026-12-01');
    expect(longest.status).toBe(200);
    expect((await longest.json()).months).toHaveLength(24);
    for (const query of ['from=2025-01-31&to=2027-01-01', 'from=2026-03-10&to=2026-03-09']) {
      const res = await monthly(query);
      expect(res.status, query).toBe(422);
      const body = await res.json();
      expect(body.errors).toEqual([{ field: 'to', message: expect.any(String) }]);
    }
    const malformed = await monthly('from=2026-02-30&to=2026-03-01');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).issues[0].field).toBe('from');
  });
});
