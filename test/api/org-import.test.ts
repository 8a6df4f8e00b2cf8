import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { units, userRoles, users } from '../../db/schema.js';
import { normalizePhone } from '../../bot-server/src/features/admin/org-import.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

describe('normalizePhone', () => {
  it('accepts the usual Vietnamese forms and refuses the rest', () => {
    expect(normalizePhone('0912 345 678')).toBe('84912345678');
    expect(normalizePhone('+84912345678')).toBe('84912345678');
    expect(normalizePhone('84912345678')).toBe('84912345678');
    expect(normalizePhone('12345')).toBeNull();
  });
});

describe.each(DB_KINDS)('unit and people imports on %s', (kind) => {
  let t: TestApp;
  const post = (path: string, json: unknown, token = ADMIN_TOKEN) => t.request('POST', `/api/v1/admin/${path}`, { token, json });
  const count = async (table: typeof units | typeof users) =>
    (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;

  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  it('imports a tree in any order, idempotently on code, and nests paths', async () => {
    const rows = [
      { code: 'XA-MOI', name: 'Xã Mới', parent: 'SO-MOI', level: 'commune' },
      { code: 'SO-MOI', name: 'Sở Mới', parent: 'TINH', level: 'department' },
      { code: 'HUYEN-CU', name: 'Huyện Cũ (trước 1/7/2025)', parent: 'TINH', level: 'district' },
    ];
    const first = await post('units/import', rows);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ imported: 3, updated: 0 });
    const again = await post('units/import', [...rows.slice(0, 2), { ...rows[2], name: 'Huyện Cũ' }]);
    expect(await again.json()).toEqual({ imported: 0, updated: 3 });
    const all = await t.database.db.select().from(units);
    const byCode = new Map(all.map((u) => [u.code, u]));
    expect(byCode.get('XA-MOI')!.path).toBe(`${byCode.get('TINH')!.path}${byCode.get('SO-MOI')!.id}/${byCode.get('XA-MOI')!.id}/`);
    expect(byCode.get('HUYEN-CU')!.name).toBe('Huyện Cũ');
  });

  it('moves a subtree when a parent changes', async () => {
    await post('units/import', [{ code: 'SO-MOI', name: 'Sở Mới', parent: 'XA-NAMSON', level: 'department' }]);
    const all = await t.database.db.select().from(units);
    const byCode = new Map(all.map((u) => [u.code, u]));
    expect(byCode.get('XA-MOI')!.path.startsWith(byCode.get('XA-NAMSON')!.path)).toBe(true);
  });

  it('rejects the whole file with row and field errors, storing nothing', async () => {
    const before = await count(units);
    const res = await post('units/import', [
      { code: 'OK-1', name: 'Đơn vị tốt', parent: 'TINH', level: 'department' },
      { code: 'BAD-1', name: 'Sai cấp', level: 'huyen' },
      { code: 'BAD-2', name: 'Cha không có', parent: 'KHONG-CO', level: 'commune' },
      { code: 'OK-1', name: 'Trùng mã', level: 'other' },
      { code: 'SO-MOI', name: 'Vòng lặp', parent: 'XA-MOI', level: 'department' },
    ]);
    expect(res.status).toBe(422);
    const { errors } = await res.json();
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, field: 'level' }),
        expect.objectContaining({ row: 3, field: 'parent' }),
        expect.objectContaining({ row: 4, field: 'code' }),
      ]),
    );
    expect(await count(units)).toBe(before);
    const cycle = await post('units/import', [{ code: 'SO-MOI', name: 'Vòng lặp', parent: 'XA-MOI', level: 'department' }]);
    expect(cycle.status).toBe(422);
    expect((await cycle.json()).errors[0]).toMatchObject({ row: 1, field: 'parent' });
  });

  it('imports people idempotently on phone, with roles per unit', async () => {
    const rows = [
      { phone: '0912000001', name: 'Trần Thị Cán Bộ', unit: 'SO-XD', role: 'officer', zaloId: '1234567890123' },
      { phone: '+84912000002', name: 'Lê Văn Lãnh Đạo', unit: 'SO-XD', role: 'leader' },
      { phone: '84912000002', name: 'Lê Văn Lãnh Đạo', unit: 'TINH', role: 'admin' },
    ];
    const res = await post('users/import', rows);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ imported: 2, updated: 0 });
    const again = await post('users/import', [{ ...rows[0], unit: 'SO-KHCN' }]);
    expect(await again.json()).toEqual({ imported: 0, updated: 1 });
    const [u] = await t.database.db.select().from(users).where(eq(users.phone, '84912000001'));
    expect(u!.zaloId).toBe('1234567890123');
    const grants = await t.database.db
      .select({ code: units.code, role: userRoles.role })
      .from(userRoles)
      .innerJoin(units, eq(units.id, userRoles.unitId))
      .where(eq(userRoles.userId, u!.id));
    expect(grants).toEqual([{ code: 'SO-KHCN', role: 'officer' }]);
  });

  it('rejects bad people rows with nothing stored', async () => {
    const before = await count(users);
    const res = await post('users/import', [
      { phone: '0912000099', name: 'Hợp lệ', unit: 'SO-XD', role: 'officer' },
      { phone: 'abc', name: 'Sai số', unit: 'SO-XD', role: 'officer' },
      { phone: '0912000098', name: 'Sai đơn vị', unit: 'KHONG-CO', role: 'officer' },
      { phone: '0912000097', name: 'Sai vai trò', unit: 'SO-XD', role: 'citizen' },
      { phone: '0912000096', name: 'Zalo số', unit: 'SO-XD', role: 'officer', zaloId: 12345 },
    ]);
    expect(res.status).toBe(422);
    const { errors } = await res.json();
    expect(errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)).toEqual(
      expect.arrayContaining(['2:phone', '3:unit', '4:role', '5:zaloId']),
    );
    expect(await count(users)).toBe(before);
    expect((await post('users/import', { phone: 'x' })).status).toBe(422);
  });

  it('is for administrators only', async () => {
    const officer = await t.staff('SO-XD', 'officer');
    const leader = await t.staff('TINH', 'leader');
    expect((await post('units/import', [], officer.token)).status).toBe(403);
    expect((await post('users/import', [], leader.token)).status).toBe(403);
    expect((await t.request('POST', '/api/v1/admin/units/import', { json: [] })).status).toBe(401);
  });
});
