// The unit tree and each unit's staff for the officer's transfer and assign screens; /me names the units.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

describe.each(DB_KINDS)('units and staff on %s', (kind) => {
  let t: TestApp;
  let officerXd: { token: string; userId: number };
  let leaderXd: { token: string; userId: number };
  let leaderTinh: { token: string; userId: number };
  let officerKhcn: { token: string; userId: number };
  let citizen: { token: string };

  beforeAll(async () => {
    t = await createTestApp(kind);
    officerXd = await t.staff('SO-XD', 'officer', 'Trần Văn Bình');
    leaderXd = await t.staff('SO-XD', 'leader', 'Lê Thị Hoa');
    leaderTinh = await t.staff('TINH', 'leader', 'Nguyễn Văn An');
    officerKhcn = await t.staff('SO-KHCN', 'officer', 'Phan Minh Khoa');
    citizen = await t.citizen();
    // One person with two roles at SO-XD, and an admin grant there (not a handler).
    await t.request('POST', '/api/v1/admin/users/import', {
      token: ADMIN_TOKEN,
      json: [
        { phone: '0988000111', name: 'Đỗ Quang Huy', unit: 'SO-XD', role: 'officer' },
        { phone: '0988000111', name: 'Đỗ Quang Huy', unit: 'SO-XD', role: 'leader' },
        { phone: '0988000222', name: 'Quản trị Sở', unit: 'SO-XD', role: 'admin' },
      ],
    });
  });
  afterAll(() => t?.close());

  it('lists every unit with its parent, in tree order, to any staff', async () => {
    const res = await t.request('GET', '/api/v1/units', { token: officerKhcn.token });
    expect(res.status).toBe(200);
    const { units } = await res.json();
    expect(units[0]).toEqual({ code: 'TINH', name: 'UBND tỉnh (dữ liệu mẫu)', level: 'province', parent: null });
    const byCode = new Map(units.map((u: { code: string }) => [u.code, u]));
    expect(byCode.get('SO-XD')).toEqual({ code: 'SO-XD', name: 'Sở Xây dựng', level: 'department', parent: 'TINH' });
    expect(byCode.get('NS-VP')).toMatchObject({ parent: 'NS', level: 'department' });
    // A parent always comes before its children.
    const seen = new Set<string>();
    for (const u of units as { code: string; parent: string | null }[]) {
      if (u.parent) expect(seen.has(u.parent), u.code).toBe(true);
      seen.add(u.code);
    }
    expect(units.every((u: object) => Object.keys(u).sort().join() === 'code,level,name,parent')).toBe(true);
    expect((await t.request('GET', '/api/v1/units', { token: ADMIN_TOKEN })).status).toBe(200);
  });

  it('refuses citizens and anonymous callers', async () => {
    expect((await t.request('GET', '/api/v1/units', { token: citizen.token })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/units')).status).toBe(401);
    expect((await t.request('GET', '/api/v1/units/SO-XD/staff', { token: citizen.token })).status).toBe(403);
  });

  it('lists the officers and leaders of exactly that unit to those who handle it, without phone numbers', async () => {
    for (const token of [officerXd.token, leaderXd.token, leaderTinh.token, ADMIN_TOKEN]) {
      const res = await t.request('GET', '/api/v1/units/SO-XD/staff', { token });
      expect(res.status).toBe(200);
      const { staff } = await res.json();
      expect(staff.map((s: { name: string; role: string }) => `${s.name}:${s.role}`)).toEqual([
        'Đỗ Quang Huy:leader',
        'Đỗ Quang Huy:officer',
        'Lê Thị Hoa:leader',
        'Trần Văn Bình:officer',
      ]);
      expect(staff.find((s: { name: string }) => s.name === 'Trần Văn Bình')).toEqual({ id: officerXd.userId, name: 'Trần Văn Bình', role: 'officer' });
      expect(JSON.stringify(staff)).not.toMatch(/849|phone/);
    }
    // The province leader is not staff of SO-XD itself.
    const tinh = await (await t.request('GET', '/api/v1/units/TINH/staff', { token: leaderTinh.token })).json();
    expect(tinh.staff).toEqual([{ id: leaderTinh.userId, name: 'Nguyễn Văn An', role: 'leader' }]);
  });

  it('refuses staff of other units, and says when a unit does not exist', async () => {
    expect((await t.request('GET', '/api/v1/units/SO-XD/staff', { token: officerKhcn.token })).status).toBe(403);
    // An officer handles only its own unit, not the one above.
    expect((await t.request('GET', '/api/v1/units/TINH/staff', { token: officerXd.token })).status).toBe(403);
    expect((await t.request('GET', '/api/v1/units/NOPE/staff', { token: ADMIN_TOKEN })).status).toBe(404);
  });

  it('the staff list is what assign accepts', async () => {
    const filed = await t.request('POST', '/api/v1/feedback', {
      token: citizen.token,
      json: { category: 'ha-tang', content: 'Vỉa hè bị lún trước chợ trung tâm' },
    });
    const { code } = await filed.json();
    const { staff } = await (await t.request('GET', '/api/v1/units/SO-XD/staff', { token: leaderXd.token })).json();
    for (const s of staff as { id: number }[]) {
      const res = await t.request('POST', `/api/v1/feedback/${code}/assign`, { token: leaderXd.token, json: { assigneeUserId: s.id } });
      expect(res.status).toBe(200);
      expect((await res.json()).assignedUserId).toBe(s.id);
    }
  });

  it('GET /me names each unit of the roles', async () => {
    const res = await t.request('GET', '/api/v1/me', { token: leaderXd.token });
    expect(res.status).toBe(200);
    const me = await res.json();
    expect(me.roles).toEqual([{ unit: 'SO-XD', unitName: 'Sở Xây dựng', role: 'leader' }]);
    expect(me).toMatchObject({ id: leaderXd.userId, name: 'Lê Thị Hoa', oa: { needsChat: true } });
  });
});
