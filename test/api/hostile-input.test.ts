// Each finding of issue 10, points 1, 2 and 4, as the attacker sent it: a clear 4xx naming the field, nothing
// stored by a refused request, and the indicators' inputs (channel, time of receipt, unit) out of reach.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories, feedback, units } from '../../db/schema.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

describe.each(DB_KINDS)('hostile input on %s', (kind) => {
  let t: TestApp;
  let citizen: { token: string };
  let officer: { token: string };
  beforeAll(async () => {
    t = await createTestApp(kind);
    citizen = await t.citizen();
    officer = await t.staff('NS-CA', 'officer');
  });
  afterAll(() => t?.close());

  const fieldsOf = async (res: Awaited<ReturnType<TestApp['request']>>) => {
    const body = await res.json();
    return [...(body.issues ?? []), ...(body.errors ?? [])].map((i: { field: string }) => i.field);
  };

  it('refuses NUL in query strings and paths with a 400 naming the field, also to anonymous callers', async () => {
    const o311 = await t.request('GET', '/open311/v2/requests.json?service_code=a%00b');
    expect(o311.status).toBe(400);
    expect((await o311.json())[0].description).toMatch(/query\.service_code/);
    const catalog = await t.request('GET', '/api/v1/dti/catalog?set=a%00b');
    expect(catalog.status).toBe(400);
    expect(await fieldsOf(catalog)).toEqual(['query.set']);
    const path = await t.request('GET', '/api/v1/units/a%00b/staff', { token: officer.token });
    expect(path.status).toBe(400);
    expect(await fieldsOf(path)).toEqual(['path']);
  });

  it('refuses NUL and lone surrogates in JSON bodies, naming the field, and stores nothing', async () => {
    const before = (await t.database.db.select().from(feedback)).length;
    for (const content of ['Đèn đường hỏng\u0000 ở ngõ 12', 'Đèn đường hỏng \ud800 ở ngõ 12']) {
      const res = await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { content, contact: { name: 'A\udfff' } } });
      expect(res.status).toBe(400);
      expect((await fieldsOf(res)).sort()).toEqual(['contact.name', 'content']);
    }
    expect((await t.database.db.select().from(feedback)).length).toBe(before);
  });

  it('refuses NUL in unit names, category descriptions and CSV rows as row errors of an all-or-nothing import', async () => {
    const unitsRes = await t.request('POST', '/api/v1/admin/units/import', {
      token: ADMIN_TOKEN,
      json: [{ code: 'OK-1', name: 'Phường Mới', level: 'commune', parent: 'TINH' }, { code: 'BAD-1', name: 'Xã\u0000', level: 'commune' }],
    });
    expect(unitsRes.status).toBe(422);
    expect((await unitsRes.json()).errors).toEqual([expect.objectContaining({ row: 2, field: 'name' })]);
    expect(await t.database.db.select().from(units).where(eq(units.code, 'OK-1'))).toHaveLength(0);

    const cats = await t.request('POST', '/api/v1/admin/categories/import', {
      token: ADMIN_TOKEN,
      json: [{ code: 'cat-x', name: 'Thử', description: 'mô tả\u0000' }],
    });
    expect(cats.status).toBe(422);
    expect(await t.database.db.select().from(categories).where(eq(categories.code, 'cat-x'))).toHaveLength(0);

    const csv = 'external_id,channel,received_at,content\nx-1,dvc_portal,2026-03-02T09:00:00+07:00,ok\nx-2,dvc_portal,2026-03-02T09:00:00+07:00,"có\u0000NUL"\n';
    const imported = await t.request('POST', '/api/v1/feedback/import', { token: ADMIN_TOKEN, body: csv, headers: { 'content-type': 'text/csv' } });
    expect(imported.status).toBe(422);
    expect((await imported.json()).errors).toEqual([expect.objectContaining({ row: 2, field: 'content' })]);
  });

  it('refuses instants past the supported years instead of failing at the database', async () => {
    for (const start of ['+275760-09-13T00:00:00Z', '10000-01-01T00:00:00%2B07:00', '1999-12-31T00:00:00Z']) {
      const res = await t.request('GET', `/api/v1/calendar/deadline?start=${start}&workingDays=15`);
      expect(res.status, start).toBe(400);
      expect(await fieldsOf(res)).toEqual(['start']);
    }
    const res = await t.request('POST', '/api/v1/feedback', { token: ADMIN_TOKEN, json: { content: 'Nội dung đủ dài để hợp lệ', receivedAt: '9999-12-31T23:59:59+07:00' } });
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(['receivedAt']);
  });

  it('takes the channel, time and unit from the surface: a citizen cannot forge them', async () => {
    const forged = await t.request('POST', '/api/v1/feedback', {
      token: citizen.token,
      json: { content: 'Nội dung đủ dài để hợp lệ', channel: 'dvc_portal', urgency: 'urgent', unit: 'NS-CA', receivedAt: '2020-01-01T00:00:00+07:00', externalId: 'x' },
    });
    expect(forged.status).toBe(422);
    expect((await fieldsOf(forged)).sort()).toEqual(['channel', 'externalId', 'receivedAt', 'unit', 'urgency']);
    const plain = await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { category: 'ha-tang', content: 'Nội dung đủ dài để hợp lệ' } });
    expect(plain.status).toBe(201);
    const item = await plain.json();
    expect(item).toMatchObject({ channel: 'zalo_mini_app', unit: { code: 'SO-XD' } });
    expect(item.code).toMatch(/^PA-2026-/);
  });

  it('lets an officer set urgency only, for items that arrive through "other" at the category\'s unit', async () => {
    const forged = await t.request('POST', '/api/v1/feedback', {
      token: officer.token,
      json: { category: 'ha-tang', content: 'Nội dung đủ dài để hợp lệ', channel: 'dvc_portal', unit: 'NS-CA', receivedAt: '2020-01-01T00:00:00+07:00', externalId: 'x' },
    });
    expect(forged.status).toBe(422);
    expect((await fieldsOf(forged)).sort()).toEqual(['channel', 'externalId', 'receivedAt', 'unit']);
    const ok = await t.request('POST', '/api/v1/feedback', { token: officer.token, json: { category: 'ha-tang', content: 'Dân gọi điện báo cây đổ', urgency: 'urgent' } });
    expect(ok.status).toBe(201);
    expect(await ok.json()).toMatchObject({ channel: 'other', urgency: 'urgent', unit: { code: 'SO-XD' } });
  });

  it('answers a repeated externalId with the item already filed, never a 500', async () => {
    const json = { content: 'Nội dung đủ dài để hợp lệ', externalId: 'dvc-42', channel: 'dvc_portal', receivedAt: '2026-03-01T09:00:00+07:00' };
    const first = await t.request('POST', '/api/v1/feedback', { token: ADMIN_TOKEN, json });
    expect(first.status).toBe(201);
    const [again, race] = await Promise.all([
      t.request('POST', '/api/v1/feedback', { token: ADMIN_TOKEN, json }),
      t.request('POST', '/api/v1/feedback', { token: ADMIN_TOKEN, json }),
    ]);
    const code = (await first.json()).code;
    for (const r of [again, race]) {
      expect(r.status).toBe(200);
      expect((await r.json()).code).toBe(code);
    }
    expect(await t.database.db.select().from(feedback).where(eq(feedback.externalId, 'dvc-42'))).toHaveLength(1);
  });
});
