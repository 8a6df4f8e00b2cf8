// The DTI review queue: submitted values the caller may approve or return, oldest submission first.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

const SET = 'NINH-SON-DTI-2022';
const at = (iso: string) => new Date(iso);
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF');
const citation = { number: '12/QĐ-UBND', date: '2026-01-15', issuer: 'UBND huyện Ninh Sơn', title: 'Kế hoạch chuyển đổi số' };

type Item = { period: string; indicator: { code: string }; unit: { code: string } };
const keys = (items: Item[]) => items.map((i) => `${i.period}/${i.indicator.code}/${i.unit.code}`);

describe.each(DB_KINDS)('DTI review queue on %s', (kind) => {
  let t: TestApp;
  let vp: { token: string }; // officer of NS-VP
  let vhtt: { token: string }; // officer of NS-VHTT
  let leaderNs: { token: string }; // leader of the district: reviews its offices
  let leaderTinh: { token: string }; // leader of the province above
  let otherLeader: { token: string }; // leader of another branch
  let reviewer: { token: string; userId: number }; // officer elsewhere, designated reviewer of NS-VHTT
  let citizen: { token: string };

  const path = (period: string, indicator: string, unit: string) => `/api/v1/dti/values/${SET}/${period}/${indicator}/${unit}`;
  const queue = (token: string, query = `set=${SET}`) => t.request('GET', `/api/v1/dti/review-queue?${query}`, { token });
  const items = async (token: string, query?: string): Promise<Item[]> => {
    const res = await queue(token, query);
    expect(res.status).toBe(200);
    return (await res.json()).items;
  };
  const submit = async (token: string, period: string, indicator: string, unit: string, value: object, when: string) => {
    t.clock.now = at(when);
    expect((await t.request('PUT', path(period, indicator, unit), { token, json: { value, citation } })).status).toBe(200);
    expect((await t.request('POST', `${path(period, indicator, unit)}/submit`, { token, json: {} })).status).toBe(200);
  };

  beforeAll(async () => {
    t = await createTestApp(kind, { now: at('2026-03-02T02:00:00Z') });
    expect((await t.request('POST', '/api/v1/admin/dti/periods/generate', { token: ADMIN_TOKEN, json: { set: SET, year: 2026 } })).status).toBe(201);
    vp = await t.staff('NS-VP', 'officer');
    vhtt = await t.staff('NS-VHTT', 'officer');
    leaderNs = await t.staff('NS', 'leader');
    leaderTinh = await t.staff('TINH', 'leader');
    otherLeader = await t.staff('SO-XD', 'leader');
    reviewer = await t.staff('SO-KHCN', 'officer', 'Cán bộ đầu mối DTI');
    citizen = await t.citizen();
    const [{ phone }] = (await t.database.db.select({ phone: users.phone }).from(users).where(eq(users.id, reviewer.userId))) as [{ phone: string }];
    expect((await t.request('POST', '/api/v1/admin/dti/reviewers', { token: ADMIN_TOKEN, json: { unit: 'NS-VHTT', phone } })).status).toBe(201);

    // Submitted out of key order, so the order by submission time shows.
    await submit(vhtt.token, '2026-Q1', '1.3', 'NS-VHTT', { value: 4 }, '2026-03-03T02:00:00Z');
    t.clock.now = at('2026-03-04T02:00:00Z');
    expect((await t.request('PUT', path('2026-Q1', '1.1', 'NS-VP'), { token: vp.token, json: { value: { value: true } } })).status).toBe(200);
    const form = new FormData();
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'quyet-dinh.pdf');
    expect((await t.request('POST', `${path('2026-Q1', '1.1', 'NS-VP')}/evidence`, { token: vp.token, body: form })).status).toBe(201);
    expect((await t.request('POST', `${path('2026-Q1', '1.1', 'NS-VP')}/submit`, { token: vp.token, json: {} })).status).toBe(200);
    await submit(vp.token, '2026-Q2', '2.4', 'NS-VP', { value: false }, '2026-03-05T02:00:00Z');
    await submit(vhtt.token, '2026-Q1', '1.6', 'NS-VHTT', { value: 2 }, '2026-03-06T02:00:00Z');
    // Neither a draft nor an approved value is waiting for review.
    expect((await t.request('PUT', path('2026-Q1', '1.4', 'NS-VHTT'), { token: vhtt.token, json: { value: { value: 3 } } })).status).toBe(200);
    await submit(vp.token, '2026-Q1', '1.2', 'NS-VP', { value: true }, '2026-03-06T03:00:00Z');
    expect((await t.request('POST', `${path('2026-Q1', '1.2', 'NS-VP')}/approve`, { token: leaderNs.token, json: {} })).status).toBe(200);
    t.clock.now = at('2026-03-09T02:00:00Z');
  });
  afterAll(() => t?.close());

  it('shows leaders above the units and admins every submitted value, oldest submission first', async () => {
    const all = ['2026-Q1/1.3/NS-VHTT', '2026-Q1/1.1/NS-VP', '2026-Q2/2.4/NS-VP', '2026-Q1/1.6/NS-VHTT'];
    expect(keys(await items(leaderNs.token))).toEqual(all);
    expect(keys(await items(leaderTinh.token))).toEqual(all);
    expect(keys(await items(ADMIN_TOKEN))).toEqual(all);
  });

  it('gives each item its set, period, indicator, unit, value and evidence files', async () => {
    const [first, second] = await items(leaderNs.token);
    expect(first).toEqual({
      set: SET,
      period: '2026-Q1',
      indicator: { code: '1.3', name: expect.any(String), valueType: 'count', unitOfMeasure: expect.anything() },
      unit: { code: 'NS-VHTT', name: 'Phòng Văn hóa và Thông tin huyện Ninh Sơn' },
      value: {
        status: 'submitted',
        value: { type: 'count', value: 4 },
        comment: null,
        citation,
        submittedAt: '2026-03-03T09:00:00.000+07:00',
        reviewedAt: null,
        reviewComment: null,
        changedAfterApproval: false,
        updatedAt: '2026-03-03T09:00:00.000+07:00',
      },
      evidence: [],
    });
    // The same value view as GET /values/…
    const detail = await (await t.request('GET', path('2026-Q1', '1.1', 'NS-VP'), { token: leaderNs.token })).json();
    expect(second!).toMatchObject({ indicator: { code: '1.1', valueType: 'boolean' }, value: detail.value });
    expect((second as unknown as { evidence: unknown[] }).evidence).toEqual([
      { id: expect.any(Number), fileName: 'quyet-dinh.pdf', mimeType: 'application/pdf', size: PDF.length },
    ]);
  });

  it('filters by period', async () => {
    expect(keys(await items(leaderNs.token, `set=${SET}&period=2026-Q2`))).toEqual(['2026-Q2/2.4/NS-VP']);
    expect(keys(await items(leaderNs.token, `set=${SET}&period=2026-Q1`))).toEqual(['2026-Q1/1.3/NS-VHTT', '2026-Q1/1.1/NS-VP', '2026-Q1/1.6/NS-VHTT']);
    expect((await queue(leaderNs.token, `set=${SET}&period=2026-Q9`)).status).toBe(404);
    expect((await queue(leaderNs.token, 'set=NOPE')).status).toBe(404);
    expect((await queue(leaderNs.token, '')).status).toBe(400);
  });

  it('shows a designated reviewer only the units they review, and officers without review rights nothing', async () => {
    expect(keys(await items(reviewer.token))).toEqual(['2026-Q1/1.3/NS-VHTT', '2026-Q1/1.6/NS-VHTT']);
    expect(await items(vp.token)).toEqual([]);
    expect(await items(vhtt.token)).toEqual([]);
    expect(await items(otherLeader.token)).toEqual([]);
    expect((await queue(citizen.token)).status).toBe(403);
    expect((await t.request('GET', `/api/v1/dti/review-queue?set=${SET}`)).status).toBe(401);
  });

  it('lists exactly what the caller may review: each listed value can be decided, the others cannot', async () => {
    // Those with an empty queue are refused by the review itself.
    for (const token of [vp.token, vhtt.token, otherLeader.token]) {
      expect((await t.request('POST', `${path('2026-Q1', '1.3', 'NS-VHTT')}/approve`, { token, json: {} })).status).toBe(403);
    }
    expect((await t.request('POST', `${path('2026-Q1', '1.1', 'NS-VP')}/approve`, { token: reviewer.token, json: {} })).status).toBe(403);
    for (const item of await items(reviewer.token)) {
      const res = await t.request('POST', `${path(item.period, item.indicator.code, item.unit.code)}/approve`, { token: reviewer.token, json: {} });
      expect(res.status).toBe(200);
    }
    expect(await items(reviewer.token)).toEqual([]);
    const ret = await t.request('POST', `${path('2026-Q1', '1.1', 'NS-VP')}/return`, { token: leaderTinh.token, json: { comment: 'Bổ sung số quyết định' } });
    expect(ret.status).toBe(200);
    expect(keys(await items(leaderNs.token))).toEqual(['2026-Q2/2.4/NS-VP']);
  });
});
