import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

describe.each(DB_KINDS)('categories and deadline policies on %s', (kind) => {
  let t: TestApp;
  let officer: { token: string };
  beforeAll(async () => {
    // Friday 6 March 2026, 16:00 local.
    t = await createTestApp(kind, { now: new Date('2026-03-06T09:00:00Z') });
    officer = await t.staff('SO-XD', 'officer');
  });
  afterAll(() => t?.close());

  const create = async (json: object) => {
    const res = await t.request('POST', '/api/v1/feedback', { token: officer.token, json: { content: 'Cây đổ chắn ngang đường liên xã', ...json } });
    expect(res.status).toBe(201);
    return res.json();
  };

  it('lists the active categories publicly', async () => {
    const res = await t.request('GET', '/api/v1/categories');
    expect(res.status).toBe(200);
    const { categories } = await res.json();
    expect(categories.map((c: { code: string }) => c.code)).toContain('ha-tang');
    expect(categories[0]).not.toHaveProperty('unit');
  });

  it('gives urgent reports 8 working hours and normal ones 15 working days by default', async () => {
    const urgent = await create({ urgency: 'urgent', category: 'ha-tang' });
    // 1 h on Friday (16:00–17:00), 4 h Monday morning, 3 h from 13:00 → Mon 9/3 16:00.
    expect(urgent.dueAt).toBe('2026-03-09T16:00:00.000+07:00');
    expect(urgent.policy).toEqual({ unit: 'working_hours', amount: 8 });
    const normal = await create({ category: 'ha-tang' });
    expect(normal.dueAt).toBe('2026-03-27T23:59:59.999+07:00');
  });

  it('lets an admin set a category policy, which applies to items received afterwards', async () => {
    const put = await t.request('PUT', '/api/v1/admin/deadline-policies', {
      token: ADMIN_TOKEN,
      json: { category: 'moi-truong', urgency: 'normal', unit: 'working_days', amount: 5 },
    });
    expect(put.status).toBe(200);
    const item = await create({ category: 'moi-truong' });
    expect(item.dueAt).toBe('2026-03-13T23:59:59.999+07:00');
    const other = await create({ category: 'dat-dai' });
    expect(other.dueAt).toBe('2026-03-27T23:59:59.999+07:00');
    const list = await (await t.request('GET', '/api/v1/admin/deadline-policies', { token: ADMIN_TOKEN })).json();
    expect(list.policies).toContainEqual({ category: 'moi-truong', urgency: 'normal', unit: 'working_days', amount: 5, dueSoon: null });
    const bad = await t.request('PUT', '/api/v1/admin/deadline-policies', {
      token: ADMIN_TOKEN,
      json: { category: 'khong-co', unit: 'working_days', amount: 0 },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0].field).toBe('amount');
    const unknown = await t.request('PUT', '/api/v1/admin/deadline-policies', {
      token: ADMIN_TOKEN,
      json: { category: 'khong-co', unit: 'working_days', amount: 3 },
    });
    expect(unknown.status).toBe(422);
    expect((await t.request('PUT', '/api/v1/admin/deadline-policies', { token: officer.token, json: {} })).status).toBe(403);
  });

  it('imports categories idempotently, all or nothing', async () => {
    const rows = [{ code: 'cay-xanh', name: 'Cây xanh đô thị', unit: 'SO-XD' }];
    expect(await (await t.request('POST', '/api/v1/admin/categories/import', { token: ADMIN_TOKEN, json: rows })).json()).toEqual({
      imported: 1,
      updated: 0,
    });
    expect(await (await t.request('POST', '/api/v1/admin/categories/import', { token: ADMIN_TOKEN, json: rows })).json()).toEqual({
      imported: 0,
      updated: 1,
    });
    const bad = await t.request('POST', '/api/v1/admin/categories/import', {
      token: ADMIN_TOKEN,
      json: [{ code: 'moi', name: 'Mới' }, { code: 'Sai Mã', name: '' }, { code: 'x', name: 'X', unit: 'KHONG' }],
    });
    expect(bad.status).toBe(422);
    const fields = (await bad.json()).errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`);
    expect(fields).toEqual(expect.arrayContaining(['2:code', '2:name', '3:unit']));
    const all = await (await t.request('GET', '/api/v1/admin/categories', { token: ADMIN_TOKEN })).json();
    expect(all.categories.map((c: { code: string }) => c.code)).not.toContain('moi');
    const item = await create({ category: 'cay-xanh' });
    expect(item.unit.code).toBe('SO-XD');
  });
});
