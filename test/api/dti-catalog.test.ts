import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NINH_SON_SEED_ROWS } from '../../db/seed-data/dti-catalog-ninh-son.js';
import { DB_KINDS } from '../support/test-db.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe.each(DB_KINDS)('DTI catalog on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  it('serves the seeded set exactly as CONTRACT §9, with all 81 indicators of seed 002 and their agencies', async () => {
    const res = await t.request('GET', '/api/v1/dti/catalog?set=NINH-SON-DTI-2022');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['sets']);
    const [set] = body.sets;
    expect(Object.keys(set)).toEqual(['code', 'name', 'year', 'indices']);
    expect(set.indices.map((i: { code: string }) => i.code)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(set.indices.map((i: { maxPoints: number | null }) => i.maxPoints)).toEqual([60, 30, 60, 65, 45, 150, 100, 90]);
    const indicators = set.indices.flatMap((i: { indicators: unknown[] }) => i.indicators);
    expect(indicators).toHaveLength(81);
    expect(Object.keys(indicators[0])).toEqual(['code', 'name', 'lead', 'coordinating']);
    // 1.1: lead Văn phòng HĐND-UBND huyện, coordinating Phòng Văn hóa và Thông tin.
    expect(indicators[0]).toMatchObject({ code: '1.1', lead: ['NS-VP'], coordinating: ['NS-VHTT'] });
    expect(indicators.every((i: { lead: string[] }) => i.lead.length > 0)).toBe(true);
    expect(indicators.map((i: { code: string }) => i.code)).toEqual(NINH_SON_SEED_ROWS.map((r: { code: string }) => r.code));
  });

  it('lists every active set without a filter, and 404s an unknown set', async () => {
    const all = await (await t.request('GET', '/api/v1/dti/catalog')).json();
    expect(all.sets.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(['NINH-SON-DTI-2022', 'BINH-SON-PL1-2023']));
    expect((await t.request('GET', '/api/v1/dti/catalog?set=KHONG-CO')).status).toBe(404);
  });
});
