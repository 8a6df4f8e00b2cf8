import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedback, feedbackEvents, units, userRoles } from '../../db/schema.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

const at = (iso: string) => new Date(iso);

describe.each(DB_KINDS)('feedback lifecycle on %s', (kind) => {
  let t: TestApp;
  let citizen: { token: string; userId: number };
  let officerXd: { token: string; userId: number };
  let officerKhcn: { token: string; userId: number };
  let leaderTinh: { token: string; userId: number };

  beforeAll(async () => {
    // Monday 2 March 2026, 09:00 local.
    t = await createTestApp(kind, { now: at('2026-03-02T02:00:00Z') });
    citizen = await t.citizen();
    officerXd = await t.staff('SO-XD', 'officer', 'Cán bộ Sở Xây dựng');
    officerKhcn = await t.staff('SO-KHCN', 'officer');
    leaderTinh = await t.staff('TINH', 'leader', 'Lãnh đạo tỉnh');
  });
  afterAll(() => t?.close());

  async function file(content = 'Ổ gà lớn trên đường Trần Hưng Đạo, rất nguy hiểm') {
    const res = await t.request('POST', '/api/v1/feedback', {
      token: citizen.token,
      json: { category: 'ha-tang', content, contact: { name: 'Nguyễn Văn Dân', phone: '0912345678' } },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { code: string; dueAt: string; status: string };
  }
  const act = (code: string, action: string, token: string, json: object = {}) =>
    t.request('POST', `/api/v1/feedback/${code}/${action}`, { token, json });

  it('answers /health with the database kind', async () => {
    const res = await t.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: kind });
  });

  it('a citizen files a feedback and gets a tracking code and a 15-working-day due time', async () => {
    t.clock.now = at('2026-03-02T02:00:00Z');
    const citizenRes = await t.request('POST', '/api/v1/feedback', {
      token: citizen.token,
      json: { category: 'ha-tang', content: 'Đèn đường hỏng ở ngõ 12, tối không đi được' },
    });
    const body = await citizenRes.json();
    expect(citizenRes.status).toBe(201);
    expect(body.code).toMatch(/^PA-2026-\d{6}$/);
    expect(body.channel).toBe('zalo_mini_app');
    expect(body.unit.code).toBe('SO-XD');
    expect(body.status).toBe('received');
    // D = Mon 2/3 never counts; 15 working days → Mon 23/3/2026.
    expect(body.dueAt).toBe('2026-03-23T23:59:59.999+07:00');
  });

  it('numbers codes in sequence per year of receipt', async () => {
    const a = await file();
    const b = await file();
    const seq = (c: string) => Number(c.split('-')[2]);
    expect(seq(b.code)).toBe(seq(a.code) + 1);
  });

  it('runs accept → start → answer → publish → close, each step on the timeline', async () => {
    t.clock.now = at('2026-03-02T02:00:00Z');
    const { code } = await file();
    t.clock.now = at('2026-03-03T02:00:00Z');
    expect((await act(code, 'accept', officerXd.token, { note: 'Đã tiếp nhận' })).status).toBe(200);
    expect((await act(code, 'start', officerXd.token)).status).toBe(200);
    t.clock.now = at('2026-03-05T03:00:00Z');
    const answered = await act(code, 'answer', officerXd.token, { answer: 'Đã vá ổ gà ngày 05/3.' });
    expect(answered.status).toBe(200);
    const a = await answered.json();
    expect(a.status).toBe('answered');
    expect(a.answeredAt).toBe('2026-03-05T10:00:00.000+07:00');
    expect((await act(code, 'publish', officerXd.token)).status).toBe(200);
    expect((await act(code, 'close', officerXd.token)).status).toBe(200);

    const detail = await (await t.request('GET', `/api/v1/feedback/${code}`, { token: citizen.token })).json();
    expect(detail.status).toBe('closed');
    expect(detail.published).toBe(true);
    expect(detail.answer).toBe('Đã vá ổ gà ngày 05/3.');
    expect(detail.timeline.map((e: { type: string }) => e.type)).toEqual([
      'created',
      'accept',
      'start',
      'answer',
      'publish',
      'close',
    ]);
    expect(detail.timeline[1]).toMatchObject({ from: 'received', to: 'accepted', actor: 'Cán bộ Sở Xây dựng', note: 'Đã tiếp nhận' });
  });

  it('refuses transitions the lifecycle does not allow, with 409', async () => {
    const { code } = await file();
    const res = await act(code, 'close', officerXd.token);
    expect(res.status).toBe(409);
    expect((await res.json()).error).toBe('invalid_transition');
    const noAnswer = await act(code, 'answer', officerXd.token, { answer: '  ' });
    expect(noAnswer.status).toBe(422);
    expect((await noAnswer.json()).errors[0].field).toBe('answer');
  });

  it('pauses the clock while the citizen adds information, and extends the due time by the paused working days', async () => {
    t.clock.now = at('2026-03-02T02:00:00Z'); // Mon 2/3, due Mon 23/3
    const { code, dueAt } = await file();
    expect(dueAt).toBe('2026-03-23T23:59:59.999+07:00');
    t.clock.now = at('2026-03-04T02:00:00Z'); // Wed 4/3
    const paused = await (await act(code, 'request_info', officerXd.token, { note: 'Xin ảnh chụp vị trí' })).json();
    expect(paused.status).toBe('needs_info');
    expect(paused.dueAt).toBeNull();
    t.clock.now = at('2026-03-09T02:00:00Z'); // Mon 9/3: Thu 5, Fri 6, Mon 9 = 3 working days paused
    const resumed = await (await act(code, 'provide_info', citizen.token, { note: 'Đã gửi ảnh' })).json();
    expect(resumed.status).toBe('in_progress');
    // 23/3 + 3 working days = Thu 26/3.
    expect(resumed.dueAt).toBe('2026-03-26T23:59:59.999+07:00');
  });

  it('restarts the clock at the new unit on transfer (766 rule)', async () => {
    t.clock.now = at('2026-03-02T02:00:00Z');
    const { code } = await file();
    t.clock.now = at('2026-03-10T08:00:00Z'); // Tue 10/3 15:00 local
    const res = await act(code, 'transfer', officerXd.token, { unitCode: 'SO-KHCN', note: 'Không thuộc thẩm quyền' });
    expect(res.status).toBe(200);
    const moved = await res.json();
    expect(moved.unit.code).toBe('SO-KHCN');
    expect(moved.status).toBe('received');
    // 15 working days after Tue 10/3 → Tue 31/3.
    expect(moved.dueAt).toBe('2026-03-31T23:59:59.999+07:00');
    // The old unit no longer sees it; the new one does.
    expect((await t.request('GET', `/api/v1/feedback/${code}`, { token: officerXd.token })).status).toBe(404);
    expect((await t.request('GET', `/api/v1/feedback/${code}`, { token: officerKhcn.token })).status).toBe(200);
  });

  it('rejects with a reason, which stops the clock', async () => {
    const { code } = await file();
    const missing = await act(code, 'reject', officerXd.token, {});
    expect(missing.status).toBe(422);
    const res = await act(code, 'reject', officerXd.token, { reason: 'Nội dung đã được giải quyết tại PA trước' });
    const body = await res.json();
    expect(body.status).toBe('rejected');
    expect(body.rejectReason).toBe('Nội dung đã được giải quyết tại PA trước');
    expect(body.answeredAt).not.toBeNull();
  });

  it('lets only the citizen who filed rate an answered feedback', async () => {
    const { code } = await file();
    const early = await t.request('POST', `/api/v1/feedback/${code}/rating`, { token: citizen.token, json: { rating: 5 } });
    expect(early.status).toBe(409);
    await act(code, 'answer', officerXd.token, { answer: 'Đã xử lý' });
    const other = await t.citizen('Người khác');
    // Another citizen may not see it: the same 404 as an unknown code. The handling officer sees it: 403.
    expect((await t.request('POST', `/api/v1/feedback/${code}/rating`, { token: other.token, json: { rating: 1 } })).status).toBe(404);
    expect((await t.request('POST', `/api/v1/feedback/${code}/rating`, { token: officerXd.token, json: { rating: 1 } })).status).toBe(403);
    const forged = await t.request('POST', `/api/v1/feedback/${code}/rating`, { token: citizen.token, json: { rating: 5, channel: 'dvc_portal' } });
    expect(forged.status).toBe(422);
    expect((await forged.json()).errors[0].field).toBe('channel');
    const bad = await t.request('POST', `/api/v1/feedback/${code}/rating`, { token: citizen.token, json: { rating: 6 } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues[0].field).toBe('rating');
    const ok = await t.request('POST', `/api/v1/feedback/${code}/rating`, {
      token: citizen.token,
      json: { rating: 4, comment: 'Xử lý nhanh' },
    });
    expect(ok.status).toBe(200);
    expect((await ok.json()).rating).toBe(4);
  });

  it('keeps the timeline append-only in the database', async () => {
    const { code } = await file();
    const [row] = await t.database.db.select().from(feedback).where(eq(feedback.code, code));
    // drizzle wraps the driver's error; the database's own message is the cause.
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => 'no error',
        (e: Error & { cause?: Error }) => e.cause?.message ?? e.message,
      );
    const where = eq(feedbackEvents.feedbackId, row!.id);
    expect(await failure(t.database.db.update(feedbackEvents).set({ note: 'sửa lịch sử' }).where(where))).toMatch(/append-only/);
    expect(await failure(t.database.db.delete(feedbackEvents).where(where))).toMatch(/append-only/);
    expect((await t.database.db.select().from(feedbackEvents).where(where)).length).toBe(1);
  });

  it('stores attachments and serves them only to those who may see the feedback', async () => {
    const { code } = await file();
    const form = new FormData();
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    form.append('file', new Blob([png], { type: 'image/png' }), 'o-ga.png');
    const up = await t.request('POST', `/api/v1/feedback/${code}/attachments`, { token: citizen.token, body: form });
    expect(up.status).toBe(201);
    const { attachments } = await up.json();
    expect(attachments[0]).toMatchObject({ fileName: 'o-ga.png', mimeType: 'image/png', size: 8 });
    const path = `/api/v1/feedback/${code}/attachments/${attachments[0].id}`;
    const got = await t.request('GET', path, { token: officerXd.token });
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(png);
    expect((await t.request('GET', path, { token: officerKhcn.token })).status).toBe(404);

    // A Windows executable that claims to be a PNG, with a path trick in its name.
    const exe = new FormData();
    exe.append('file', new Blob([new Uint8Array([0x4d, 0x5a, 0x90, 0])], { type: 'image/png' }), '../../anh.png');
    expect((await t.request('POST', `/api/v1/feedback/${code}/attachments`, { token: citizen.token, body: exe })).status).toBe(415);
    const tricky = new FormData();
    tricky.append('file', new Blob([png], { type: 'image/png' }), '../../../etc/anh.png');
    const stored = await (await t.request('POST', `/api/v1/feedback/${code}/attachments`, { token: citizen.token, body: tricky })).json();
    expect(stored.attachments[0].fileName).toBe('anh.png');
  });

  it('answers 413 to a body over 1 MB, and accepts attachments up to 10 MB', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    const res = await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { content: big } });
    expect(res.status).toBe(413);
    const { code } = await file();
    const form = new FormData();
    const jpeg = new Uint8Array(3 * 1024 * 1024);
    jpeg.set([0xff, 0xd8, 0xff, 0xe0]);
    form.append('file', new Blob([jpeg], { type: 'image/jpeg' }), 'anh.jpg');
    expect((await t.request('POST', `/api/v1/feedback/${code}/attachments`, { token: citizen.token, body: form })).status).toBe(201);
    const huge = new FormData();
    huge.append('file', new Blob([new Uint8Array(11 * 1024 * 1024)], { type: 'image/jpeg' }), 'lon.jpg');
    expect((await t.request('POST', `/api/v1/feedback/${code}/attachments`, { token: citizen.token, body: huge })).status).toBe(413);
  });

  it('validates input with the field at fault, never 500', async () => {
    const cases: [unknown, string][] = [
      [{ content: 'ngắn' }, 'content'],
      [{ content: 'Nội dung đủ dài để hợp lệ', channel: 'fax' }, 'channel'],
      [{ content: 'Nội dung đủ dài để hợp lệ', location: { lat: 200, lng: 1 } }, 'location.lat'],
      [{ content: 'Nội dung đủ dài để hợp lệ', contact: { phone: 'abc' } }, 'contact.phone'],
    ];
    for (const [json, field] of cases) {
      const res = await t.request('POST', '/api/v1/feedback', { token: citizen.token, json });
      expect(res.status).toBe(400);
      expect((await res.json()).issues.map((i: { field: string }) => i.field)).toContain(field);
    }
    const notJson = await t.request('POST', '/api/v1/feedback', {
      token: citizen.token,
      body: '{oops',
      headers: { 'content-type': 'application/json' },
    });
    expect(notJson.status).toBe(400);
    const unknownCategory = await t.request('POST', '/api/v1/feedback', {
      token: citizen.token,
      json: { content: 'Nội dung đủ dài để hợp lệ', category: 'khong-co' },
    });
    expect(unknownCategory.status).toBe(422);
    expect((await unknownCategory.json()).errors[0].field).toBe('category');
    expect((await t.request('GET', '/api/v1/feedback/not-a-code', { token: citizen.token })).status).toBe(400);
  });

  describe('role checks', () => {
    let code: string;
    beforeAll(async () => {
      code = (await file()).code;
    });

    it('refuses an anonymous caller everywhere outside the public routes', async () => {
      for (const [method, path] of [
        ['GET', '/api/v1/feedback'],
        ['GET', `/api/v1/feedback/${code}`],
        ['POST', `/api/v1/feedback/${code}/accept`],
        ['POST', '/api/v1/admin/units/import'],
        ['PUT', '/api/v1/calendar/days/2026-12-31'],
      ] as const) {
        const res = await t.request(method, path, method === 'GET' ? {} : { json: {} });
        expect(res.status, `${method} ${path}`).toBe(401);
      }
      expect((await t.request('GET', '/api/v1/feedback', { token: 'forged-token' })).status).toBe(401);
    });

    it('refuses a citizen handling actions and admin routes', async () => {
      expect((await act(code, 'accept', citizen.token)).status).toBe(403);
      const other = await t.citizen('Công dân khác');
      expect((await t.request('GET', `/api/v1/feedback/${code}`, { token: other.token })).status).toBe(404);
      expect((await t.request('POST', '/api/v1/admin/units/import', { token: citizen.token, json: [] })).status).toBe(403);
      expect(
        (await t.request('PUT', '/api/v1/calendar/days/2026-12-31', { token: citizen.token, json: { kind: 'off', name: 'x' } }))
          .status,
      ).toBe(403);
    });

    it('refuses an officer of another unit, and lists only their own unit', async () => {
      // No existence oracle: an item the caller may not see answers exactly like an unknown code.
      const hidden = await act(code, 'accept', officerKhcn.token);
      const unknown = await act('PA-2026-999999', 'accept', officerKhcn.token);
      expect(hidden.status).toBe(404);
      expect(unknown.status).toBe(404);
      expect((await hidden.json()).error).toBe((await unknown.json()).error);
      // The citizen who filed it sees it, so a handling action is a plain 403.
      expect((await act(code, 'accept', citizen.token)).status).toBe(403);
      expect((await t.request('GET', `/api/v1/feedback/${code}`, { token: officerKhcn.token })).status).toBe(404);
      const list = await (await t.request('GET', '/api/v1/feedback', { token: officerKhcn.token })).json();
      expect(list.items.every((i: { unit: { code: string } }) => i.unit.code === 'SO-KHCN')).toBe(true);
      expect(list.items.some((i: { code: string }) => i.code === code)).toBe(false);
    });

    it('shows a leader of the parent unit the item read-only; the admin token acts', async () => {
      expect((await t.request('GET', `/api/v1/feedback/${code}`, { token: leaderTinh.token })).status).toBe(200);
      // A leader sees the item and may assign it, but the handling unit's officers act on it: every handling action
      // is refused, nothing changes.
      for (const action of ['accept', 'start', 'publish', 'close'] as const) {
        const refused = await act(code, action, leaderTinh.token);
        expect(refused.status).toBe(403);
        expect((await refused.json()).error).toBe('forbidden');
      }
      const upload = new FormData();
      upload.append('file', new Blob([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d])], { type: 'application/pdf' }), 'a.pdf');
      expect((await t.request('POST', `/api/v1/feedback/${code}/attachments`, { token: leaderTinh.token, body: upload })).status).toBe(403);
      expect((await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json()).status).toBe('received');
      // Holding the officer role of the handling unit as well, the same person may act.
      const both = await t.staff('SO-XD', 'officer', 'Lãnh đạo kiêm cán bộ');
      const [tinh] = await t.database.db.select().from(units).where(eq(units.code, 'TINH'));
      await t.database.db.insert(userRoles).values({ userId: both.userId, unitId: tinh!.id, role: 'leader' });
      expect((await act(code, 'accept', both.token)).status).toBe(200);
      const res = await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN });
      const body = await res.json();
      expect(body.contact.phone).toBe('0912345678');
      expect(body.status).toBe('accepted');
    });

    it("shows a citizen only their own feedback in the list", async () => {
      const other = await t.citizen('Người thứ ba');
      const list = await (await t.request('GET', '/api/v1/feedback', { token: other.token })).json();
      expect(list.items).toEqual([]);
      const mine = await (await t.request('GET', '/api/v1/feedback', { token: citizen.token })).json();
      expect(mine.items.length).toBeGreaterThan(3);
    });
  });

  it('lists overdue items for the unit in due order', async () => {
    t.clock.now = at('2026-03-02T02:00:00Z');
    const { code } = await file();
    t.clock.now = at('2026-03-24T02:00:00Z'); // after 23/3
    const list = await (await t.request('GET', '/api/v1/feedback?due=overdue', { token: officerXd.token })).json();
    expect(list.items.map((i: { code: string }) => i.code)).toContain(code);
    const soon = await (await t.request('GET', '/api/v1/feedback?due=due_soon', { token: officerXd.token })).json();
    expect(soon.items.map((i: { code: string }) => i.code)).not.toContain(code);
    // Filed Mon 2/3 (due Mon 23/3); on Thu 19/3 it is due within 2 working days (Fri 20, Mon 23).
    t.clock.now = at('2026-03-02T02:00:00Z');
    const later = await file();
    t.clock.now = at('2026-03-18T02:00:00Z'); // Wed 18/3: 2 working days ahead is Fri 20/3
    const notYet = await (await t.request('GET', '/api/v1/feedback?due=due_soon', { token: officerXd.token })).json();
    expect(notYet.items.map((i: { code: string }) => i.code)).not.toContain(later.code);
    t.clock.now = at('2026-03-19T02:00:00Z');
    const dueSoon = await (await t.request('GET', '/api/v1/feedback?due=due_soon', { token: officerXd.token })).json();
    expect(dueSoon.items.map((i: { code: string }) => i.code)).toContain(later.code);
  });
});
