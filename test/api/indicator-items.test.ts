// GET /api/v1/indicators/feedback/items and /feedback/units: the items behind each figure of the report. For random
// data the list's total must equal the report's count for every code and bucket, on each database.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, feedback, units } from '../../db/schema.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { DB_KINDS } from '../support/test-db.js';

/** A small deterministic generator, so a failure can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ON_TIME = ['3.1', '3.2', '3.3', '3.4', 'all'] as const;
const SATISFACTION = ['4.1', '4.2', 'all'] as const;

describe.each(DB_KINDS)('indicator item lists on %s', (kind) => {
  let t: TestApp;
  const Q = 'from=2026-01-01&to=2026-03-31&asOf=2026-03-20T09:00:00%2B07:00';
  const get = (path: string, token = ADMIN_TOKEN) => t.request('GET', `/api/v1/indicators/feedback${path}`, { token });

  beforeAll(async () => {
    t = await createTestApp(kind, { now: new Date('2026-04-10T02:00:00Z') });
    const db = t.database.db;
    const unitRows = await db.select().from(units);
    const pick = rng(20260320);
    const day = 86_400_000;
    const start = Date.parse('2025-12-25T02:00:00Z');
    const rows = Array.from({ length: 160 }, (_, n) => {
      const receivedAt = new Date(start + Math.floor(pick() * 110) * day + Math.floor(pick() * day));
      const paused = pick() < 0.1;
      const dueAt = paused ? null : new Date(receivedAt.getTime() + Math.floor(5 + pick() * 25) * day);
      const r = pick();
      const answeredAt = r < 0.35 ? null : new Date(receivedAt.getTime() + Math.floor(pick() * 40) * day);
      const rating = answeredAt && pick() < 0.6 ? 1 + Math.floor(pick() * 5) : null;
      const local = new Date(receivedAt.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
      return {
        code: `PA-2026-${String(700000 + n)}`,
        channel: CHANNELS[Math.floor(pick() * CHANNELS.length)]!,
        unitId: unitRows[Math.floor(pick() * unitRows.length)]!.id,
        status: answeredAt ? ('answered' as const) : paused ? ('needs_info' as const) : ('in_progress' as const),
        title: `Phản ánh ngẫu nhiên ${n}`,
        content: `Nội dung ${n}`,
        receivedAt,
        receivedDate: local,
        policyUnit: 'working_days' as const,
        policyAmount: 15,
        clockStartedAt: receivedAt,
        pausedAt: paused ? receivedAt : null,
        dueAt,
        answeredAt,
        rating,
        ratedAt: rating ? answeredAt : null,
      };
    });
    await db.insert(feedback).values(rows);
  });
  afterAll(() => t?.close());

  async function listTotal(query: string): Promise<number> {
    const res = await get(`/items?${query}&limit=200`);
    expect(res.status).toBe(200);
    const body = await res.json();
    // Every page holds at most the total, and all of it when it fits.
    expect(body.items.length).toBe(Math.min(body.total, 200));
    return body.total;
  }

  for (const unit of [null, 'SO-XD', 'TINH']) {
    it(`every figure of the report equals the count of its list (${unit ?? 'all units'})`, async () => {
      const scope = unit ? `${Q}&unit=${unit}` : Q;
      const report = await (await get(`?${scope}`)).json();
      let checked = 0;
      for (const code of ON_TIME) {
        const g = report.onTime.find((x: { code: string }) => x.code === code);
        const lateAnswered = await listTotal(`${scope}&code=${code}&bucket=lateAnswered`);
        const overdue = await listTotal(`${scope}&code=${code}&bucket=overdue`);
        expect(await listTotal(`${scope}&code=${code}&bucket=total`)).toBe(g.total);
        expect(await listTotal(`${scope}&code=${code}&bucket=onTime`)).toBe(g.onTime);
        expect(await listTotal(`${scope}&code=${code}&bucket=late`)).toBe(g.late);
        expect(lateAnswered + overdue).toBe(g.late);
        expect(await listTotal(`${scope}&code=${code}&bucket=pending`)).toBe(g.pending);
        expect(await listTotal(`${scope}&code=${code}&bucket=decided`)).toBe(g.onTime + g.late);
        checked += g.total;
      }
      for (const code of SATISFACTION) {
        const g = report.satisfaction.find((x: { code: string }) => x.code === code);
        expect(await listTotal(`${scope}&code=${code}&bucket=total`)).toBe(g.total);
        expect(await listTotal(`${scope}&code=${code}&bucket=responses`)).toBe(g.responses);
        expect(await listTotal(`${scope}&code=${code}&bucket=satisfied`)).toBe(g.satisfied);
        const bad = await listTotal(`${scope}&code=${code}&bucket=bad766`);
        expect(g.total ? (g.total - bad) / g.total : null).toBeCloseTo(g.rate766 ?? Number.NaN);
      }
      if (!unit) expect(checked).toBeGreaterThan(100); // the random data reach the period
    });
  }

  it('lists each item with its facts and where it stands', async () => {
    const body = await (await get(`/items?${Q}&code=all&bucket=late&limit=5`)).json();
    expect(body).toMatchObject({ from: '2026-01-01', to: '2026-03-31', unit: null, code: 'all', bucket: 'late', limit: 5, offset: 0 });
    expect(body.items.length).toBe(5);
    for (const item of body.items) {
      expect(item).toEqual({
        code: expect.stringMatching(/^PA-2026-7\d{5}$/),
        title: expect.any(String),
        unit: { code: expect.any(String), name: expect.any(String) },
        channel: expect.any(String),
        status: expect.any(String),
        receivedAt: expect.any(String),
        dueAt: expect.any(String),
        answeredAt: item.answeredAt === null ? null : expect.any(String),
        rating: item.rating === null ? null : expect.any(Number),
        standing: 'late',
      });
      if (item.answeredAt) expect(Date.parse(item.answeredAt)).toBeGreaterThan(Date.parse(item.dueAt));
      else expect(Date.parse(item.dueAt)).toBeLessThan(Date.parse('2026-03-20T02:00:00Z'));
    }
    // Pages do not overlap.
    const next = await (await get(`/items?${Q}&code=all&bucket=late&limit=5&offset=5`)).json();
    const codes = new Set(body.items.map((i: { code: string }) => i.code));
    expect(next.items.some((i: { code: string }) => codes.has(i.code))).toBe(false);
  });

  it('the per-unit figures add up to the report', async () => {
    const report = await (await get(`?${Q}`)).json();
    const all = report.onTime.find((x: { code: string }) => x.code === 'all');
    const body = await (await get(`/units?${Q}`)).json();
    const sum = (k: 'total' | 'onTime' | 'late' | 'pending') => body.units.reduce((s: number, u: Record<string, number>) => s + u[k]!, 0);
    expect([sum('total'), sum('onTime'), sum('late'), sum('pending')]).toEqual([all.total, all.onTime, all.late, all.pending]);
    const overdue = await listTotal(`${Q}&code=all&bucket=overdue`);
    expect(body.units.reduce((s: number, u: { overdue: number }) => s + u.overdue, 0)).toBe(overdue);
  });

  it('bad parameters are 400 with the field named', async () => {
    for (const [query, field] of [
      [`${Q}&code=3.9&bucket=late`, 'code'],
      [`${Q}&code=3.1&bucket=everything`, 'bucket'],
      [`${Q}&code=3.1&bucket=late&limit=0`, 'limit'],
      ['from=2026-13-01&to=2026-03-31&code=3.1&bucket=late', 'from'],
    ] as const) {
      const res = await get(`/items?${query}`);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain(field);
    }
  });

  it('a leader sees their subtree only; an unknown unit is 404; citizens and officers 403', async () => {
    const leader = await t.staff('SO-XD', 'leader');
    const own = await get(`/items?${Q}&code=all&bucket=total&limit=200`, leader.token);
    expect(own.status).toBe(200);
    const asAdmin = await (await get(`/items?${Q}&unit=SO-XD&code=all&bucket=total&limit=200`)).json();
    expect((await own.json()).total).toBe(asAdmin.total);
    const [soXd] = await t.database.db.select().from(units).where(eq(units.code, 'SO-XD'));
    expect(asAdmin.items.every((i: { unit: { code: string } }) => i.unit.code === soXd!.code || i.unit.code.startsWith('SO-XD'))).toBe(true);
    for (const path of [`/items?${Q}&unit=TINH&code=all&bucket=total`, `/units?${Q}&unit=SO-KHCN`]) {
      expect((await get(path, leader.token)).status).toBe(403);
    }
    expect((await get(`/items?${Q}&unit=NO-SUCH&code=all&bucket=total`)).status).toBe(404);
    const citizen = await t.citizen();
    const officer = await t.staff('SO-XD', 'officer');
    for (const token of [citizen.token, officer.token]) {
      expect((await get(`/items?${Q}&unit=SO-XD&code=all&bucket=total`, token)).status).toBe(403);
    }
    expect((await t.request('GET', `/api/v1/indicators/feedback/items?${Q}&code=all&bucket=total`)).status).toBe(401);
  });
});
