// Duplicates linked to a main item (one answer resolves both, both citizens told) and nearby similar reports.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedback, outbox } from '../../db/schema.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { DB_KINDS } from '../support/test-db.js';

const at = (iso: string) => new Date(iso);
type Who = { token: string; userId: number };
const HERE = { lat: 22.147, lng: 105.8348 };
/** A point `north` m north and `east` m east of HERE (0.001° of latitude ≈ 111.2 m; of longitude here ≈ 103.0 m). */
const near = (north: number, east = 0) => ({ lat: HERE.lat + north / 111_195, lng: HERE.lng + east / 103_020 });

describe.each(DB_KINDS)('duplicates and similar reports on %s', (kind) => {
  let t: TestApp;
  let c1: Who;
  let c2: Who;
  let c3: Who;
  let officerXd: Who;
  let officerNn: Who;

  beforeAll(async () => {
    t = await createTestApp(kind, { now: at('2026-03-02T02:00:00Z') });
    c1 = await t.citizen('Nguyễn Văn Một');
    c2 = await t.citizen('Trần Thị Hai');
    c3 = await t.citizen('Lê Văn Ba');
    officerXd = await t.staff('SO-XD', 'officer', 'Cán bộ Sở Xây dựng');
    officerNn = await t.staff('SO-NNMT', 'officer', 'Cán bộ Sở Nông nghiệp');
  });
  afterAll(() => t?.close());

  async function file(who: Who, opts: { category?: string; content?: string; title?: string; location?: { lat: number; lng: number }; phone?: string } = {}) {
    const res = await t.request('POST', '/api/v1/feedback', {
      token: who.token,
      json: {
        category: opts.category ?? 'ha-tang',
        title: opts.title,
        content: opts.content ?? 'Ổ gà lớn trên đường Trần Hưng Đạo, xe máy rất dễ ngã',
        location: opts.location,
        contact: { name: 'Người gửi', phone: opts.phone ?? '0912000111' },
      },
    });
    expect(res.status).toBe(201);
    return (await res.json()) as { code: string; dueAt: string };
  }
  const act = (code: string, action: string, token: string, json: object = {}) =>
    t.request('POST', `/api/v1/feedback/${code}/${action}`, { token, json });
  const link = (code: string, main: string, token = officerXd.token) => act(code, 'link_duplicate', token, { main });
  const get = async (code: string, token: string) => (await t.request('GET', `/api/v1/feedback/${code}`, { token })).json();
  const idOf = async (code: string) => (await t.database.db.select({ id: feedback.id }).from(feedback).where(eq(feedback.code, code)))[0]!.id;

  it('links a duplicate to its main item and shows the link both ways, without the other citizen\'s data', async () => {
    const a = await file(c1, { content: 'Ổ gà lớn trước số 12 Trần Hưng Đạo, đã có người ngã', phone: '0912000111' });
    const b = await file(c2, { content: 'Đường Trần Hưng Đạo có ổ gà rất sâu gần số 14', phone: '0987000222' });
    const res = await link(b.code, a.code);
    expect(res.status).toBe(200);
    expect((await res.json()).duplicateOf).toMatchObject({ code: a.code, status: 'received' });

    const main = await get(a.code, officerXd.token);
    expect(main.duplicates).toEqual([expect.objectContaining({ code: b.code, status: 'received' })]);
    expect(main.duplicateOf).toBeNull();
    const dupStaff = await get(b.code, officerXd.token);
    expect(dupStaff.duplicateOf).toMatchObject({ code: a.code });
    expect(dupStaff.timeline.at(-1)).toMatchObject({ type: 'link_duplicate', note: `Gộp vào phản ánh chính ${a.code}` });

    const dupCitizen = await get(b.code, c2.token);
    expect(dupCitizen.mergedInto).toEqual({ code: a.code, notice: `Phản ánh của bạn được gộp với ${a.code} để xử lý chung` });
    expect(dupCitizen).not.toHaveProperty('duplicates');
    const text = JSON.stringify(dupCitizen);
    expect(text).not.toContain('0912000111');
    expect(text).not.toContain('trước số 12');
    expect(text).not.toContain('Nguyễn Văn Một');
    // The main item's citizen learns nothing about the duplicate's.
    const mainCitizen = await get(a.code, c1.token);
    expect(mainCitizen.mergedInto).toBeNull();
    expect(JSON.stringify(mainCitizen)).not.toContain(b.code);
  });

  it('refuses to link what the officer may not handle (404), chains and closed items (409), itself (422) and malformed input (400)', async () => {
    const a = await file(c1);
    const b = await file(c2);
    const other = await file(c3, { category: 'moi-truong', content: 'Rác thải đổ trộm bên bờ sông, bốc mùi' });
    // A main item of another unit is as unknown as a missing one; so is a duplicate of another unit.
    expect((await link(b.code, other.code)).status).toBe(404);
    expect((await link(b.code, 'PA-2026-999999')).status).toBe(404);
    expect((await link(b.code, a.code, officerNn.token)).status).toBe(404);
    expect((await link(b.code, a.code, c3.token)).status).toBe(404);
    expect((await link(b.code, a.code, c2.token)).status).toBe(403);
    // Bad input.
    const self = await link(b.code, b.code);
    expect(self.status).toBe(422);
    expect((await self.json()).errors[0].field).toBe('main');
    // Malformed input is a 400, as everywhere at the boundary.
    expect((await act(b.code, 'link_duplicate', officerXd.token, {})).status).toBe(400);
    expect((await link(b.code, 'PA-1')).status).toBe(400);

    expect((await link(b.code, a.code)).status).toBe(200);
    const again = await link(b.code, a.code);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: 'already_linked', main: a.code });
    const c = await file(c3);
    // No chains: a duplicate cannot be a main item, nor a main item a duplicate.
    expect((await (await link(c.code, b.code)).json()).error).toBe('main_is_duplicate');
    expect((await (await link(a.code, c.code)).json()).error).toBe('has_duplicates');

    // Other actions on the linked duplicate name its main item.
    const refused = await act(b.code, 'accept', officerXd.token);
    expect(refused.status).toBe(409);
    const body = await refused.json();
    expect(body).toMatchObject({ error: 'linked_duplicate', main: a.code });
    expect(body.message).toContain(a.code);
    expect((await act(b.code, 'answer', officerXd.token, { answer: 'Trả lời riêng' })).status).toBe(409);

    // A closed main item cannot take duplicates.
    expect((await act(c.code, 'answer', officerXd.token, { answer: 'Đã xử lý.' })).status).toBe(200);
    const d = await file(c1);
    expect((await (await link(d.code, c.code)).json()).error).toBe('main_not_open');
  });

  it('unlinks while the main item is open; the duplicate is then handled on its own', async () => {
    const a = await file(c1);
    const b = await file(c2);
    expect((await act(b.code, 'unlink_duplicate', officerXd.token)).status).toBe(409);
    expect((await link(b.code, a.code)).status).toBe(200);
    expect((await act(b.code, 'unlink_duplicate', officerNn.token)).status).toBe(404);
    const res = await act(b.code, 'unlink_duplicate', officerXd.token);
    expect(res.status).toBe(200);
    expect((await res.json()).duplicateOf).toBeNull();
    expect((await get(a.code, officerXd.token)).duplicates).toEqual([]);
    expect((await get(b.code, c2.token)).mergedInto).toBeNull();
    expect((await act(b.code, 'accept', officerXd.token)).status).toBe(200);
    const types = (await get(b.code, officerXd.token)).timeline.map((e: { type: string }) => e.type);
    expect(types).toEqual(['created', 'link_duplicate', 'unlink_duplicate', 'accept']);
  });

  it('answering the main item answers every open duplicate in the same transaction, and tells both citizens', async () => {
    t.clock.now = at('2026-03-03T02:00:00Z');
    const a = await file(c1);
    const b = await file(c2);
    const c = await file(c3);
    expect((await link(b.code, a.code)).status).toBe(200);
    expect((await link(c.code, a.code)).status).toBe(200);
    // C was handled on its own meanwhile: unlinked, accepted, then linked again in needs_info (its clock paused).
    expect((await act(c.code, 'unlink_duplicate', officerXd.token)).status).toBe(200);
    expect((await act(c.code, 'request_info', officerXd.token, { note: 'Xin ảnh chụp' })).status).toBe(200);
    expect((await link(c.code, a.code)).status).toBe(200);

    t.clock.now = at('2026-03-05T03:00:00Z');
    const answer = 'Đơn vị đã vá ổ gà ngày 05/3. Cảm ơn ông/bà đã phản ánh.';
    expect((await act(a.code, 'answer', officerXd.token, { answer })).status).toBe(200);
    for (const code of [b.code, c.code]) {
      const dup = await get(code, officerXd.token);
      expect(dup).toMatchObject({ status: 'answered', answer, answeredAt: '2026-03-05T10:00:00.000+07:00' });
      expect(dup.timeline.at(-1)).toMatchObject({ type: 'answer', note: `Trả lời theo phản ánh chính ${a.code}`, actor: 'Cán bộ Sở Xây dựng' });
    }
    // The duplicate's citizen sees the answer on their own item.
    expect(await get(b.code, c2.token)).toMatchObject({ status: 'answered', answer, mergedInto: { code: a.code } });

    // Each citizen's message is in the outbox, for their own item, with the answer.
    for (const [code, who] of [[a.code, c1], [b.code, c2], [c.code, c3]] as const) {
      const rows = await t.database.db
        .select()
        .from(outbox)
        .where(and(eq(outbox.feedbackId, await idOf(code)), eq(outbox.purpose, 'notification'), eq(outbox.recipientUserId, who.userId)));
      const texts = rows.map((r) => r.text).join('\n');
      expect(texts).toContain(code);
      expect(texts).toContain('Đơn vị đã vá ổ gà ngày 05/3');
    }
    // Once answered, the link stays as history and can no longer be undone; the duplicate is closed on its own.
    expect((await (await act(b.code, 'unlink_duplicate', officerXd.token)).json()).error).toBe('main_not_open');
    expect((await act(b.code, 'close', officerXd.token)).status).toBe(200);
  });

  it('a rejection of the main item rejects its duplicates with the same reason', async () => {
    const a = await file(c1);
    const b = await file(c2);
    expect((await link(b.code, a.code)).status).toBe(200);
    expect((await act(a.code, 'reject', officerXd.token, { reason: 'Không thuộc thẩm quyền của Sở.' })).status).toBe(200);
    const dup = await get(b.code, c2.token);
    expect(dup).toMatchObject({ status: 'rejected', rejectReason: 'Không thuộc thẩm quyền của Sở.' });
    expect(dup.timeline.at(-1).note).toBe(`Từ chối theo phản ánh chính ${a.code}`);
  });

  it("a duplicate keeps its own receipt and due time: answered through a main item after its own due time, it counts late", async () => {
    // B filed Mon 5/1/2026, due Mon 26/1; A filed Tue 27/1, due mid-February. Both answered Wed 28/1.
    t.clock.now = at('2026-01-05T02:00:00Z');
    const b = await file(c2);
    t.clock.now = at('2026-01-27T02:00:00Z');
    const a = await file(c1);
    expect((await link(b.code, a.code)).status).toBe(200);
    t.clock.now = at('2026-01-28T02:00:00Z');
    expect((await act(a.code, 'answer', officerXd.token, { answer: 'Đã sửa chữa xong.' })).status).toBe(200);
    const dup = await get(b.code, officerXd.token);
    expect(dup).toMatchObject({ receivedAt: '2026-01-05T09:00:00.000+07:00', dueAt: b.dueAt, answeredAt: '2026-01-28T09:00:00.000+07:00' });
    expect(dup.deadline.state).toBe('done');
    const report = await (await t.request('GET', '/api/v1/indicators/feedback?from=2026-01-01&to=2026-01-31&unit=SO-XD', { token: ADMIN_TOKEN })).json();
    const zalo = report.onTime.find((r: { code: string }) => r.code === '3.3');
    expect(zalo).toMatchObject({ total: 2, onTime: 1, late: 1, pending: 0, rate: 0.5 });
    t.clock.now = at('2026-03-02T02:00:00Z');
  });

  describe('nearby similar reports', () => {
    const codes: Record<string, string> = {};
    beforeAll(async () => {
      t.clock.now = at('2026-03-10T02:00:00Z');
      const s = (who: Who, name: string, o: Parameters<typeof file>[1]) => file(who, o).then((r) => (codes[name] = r.code));
      await s(c1, 'near', { location: near(98), title: 'Ổ gà số 12', content: 'Ổ gà lớn trên đường Lê Lợi trước số 12', phone: '0911111111' });
      await s(c1, 'wordsOnly', { location: near(240), category: 'moi-truong', content: 'Nước đọng trong ổ gà đường Lê Lợi bốc mùi hôi' });
      await s(c1, 'otherTopic', { location: near(150), category: 'moi-truong', content: 'Rác thải đổ trộm cạnh chợ, chưa ai thu gom' });
      await s(c1, 'tooFar', { location: near(190, 240), content: 'Ổ gà trên đường Lê Lợi gần ngã tư' });
      await s(c1, 'rejected', { location: near(50), content: 'Ổ gà trên đường Lê Lợi đoạn giữa' });
      await s(c1, 'duplicate', { location: near(60), content: 'Ổ gà trên đường Lê Lợi đoạn cuối' });
      expect((await act(codes.rejected!, 'reject', officerXd.token, { reason: 'Trùng nội dung' })).status).toBe(200);
      expect((await link(codes.duplicate!, codes.near!)).status).toBe(200);
      t.clock.now = at('2026-01-20T02:00:00Z');
      await s(c1, 'old', { location: near(20), content: 'Ổ gà trên đường Lê Lợi từ tháng 1' });
      t.clock.now = at('2026-03-11T02:00:00Z');
    });

    const similar = (token: string, q: Record<string, string | number>) =>
      t.request('GET', `/api/v1/feedback/similar?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)] as [string, string]))}`, { token });

    it('finds recent open or answered items within 300 m of the same category or with words in common', async () => {
      const res = await similar(c3.token, { ...HERE, category: 'ha-tang', text: 'Có ổ gà trên đường Lê Lợi' });
      expect(res.status).toBe(200);
      const body = await res.json();
      // near (98 m, same category) and wordsOnly (240 m, other category, shared words); nearest first, to the next 50 m.
      expect(body.items.map((i: { category: string }) => i.category)).toEqual(['ha-tang', 'moi-truong']);
      expect(body.items.map((i: { distanceM: number }) => i.distanceM)).toEqual([100, 250]);
      // Without the text, only the same category counts.
      const byCategory = await (await similar(c3.token, { ...HERE, category: 'moi-truong' })).json();
      expect(byCategory.items).toHaveLength(2);
      expect(byCategory.items.every((i: { category: string }) => i.category === 'moi-truong')).toBe(true);
    });

    it("tells a citizen nothing of other citizens' unpublished items but category, status, a rough distance and the date", async () => {
      const body = await (await similar(c3.token, { ...HERE, category: 'ha-tang' })).json();
      expect(body.items).toHaveLength(1);
      expect(body.items[0]).toEqual({ category: 'ha-tang', status: 'received', published: false, code: null, distanceM: 100, receivedDate: '2026-03-10' });
      const text = JSON.stringify(body);
      for (const secret of ['Lê Lợi', '0911111111', 'Ổ gà số 12', String(near(98).lat).slice(0, 7), 'Nguyễn Văn Một']) expect(text).not.toContain(secret);
    });

    it('shows the published text of published items, and staff the code and title of the items they handle', async () => {
      expect((await act(codes.near!, 'answer', officerXd.token, { answer: 'Đã vá ổ gà, đã báo theo số 0911111111.' })).status).toBe(200);
      expect((await act(codes.near!, 'publish', officerXd.token)).status).toBe(200);
      const citizen = await (await similar(c3.token, { ...HERE, category: 'ha-tang' })).json();
      expect(citizen.items[0]).toMatchObject({ code: codes.near, title: 'Ổ gà số 12', content: expect.stringContaining('Lê Lợi'), answer: 'Đã vá ổ gà, đã báo theo số [đã ẩn].', status: 'answered', distanceM: 100 });
      expect(JSON.stringify(citizen)).not.toContain('0911111111');

      const staff = await (await similar(officerXd.token, { ...HERE, text: 'ổ gà đường Lê Lợi', exclude: codes.near! })).json();
      // Its own unit's items by code; the other unit's only roughly.
      expect(staff.items).toEqual([
        expect.objectContaining({ code: null, category: 'moi-truong', distanceM: 250 }),
      ]);
      const all = await (await similar(officerXd.token, { ...HERE, category: 'ha-tang' })).json();
      expect(all.items).toEqual([expect.objectContaining({ code: codes.near, title: 'Ổ gà số 12', excerpt: 'Ổ gà lớn trên đường Lê Lợi trước số 12', distanceM: 98 })]);
    });

    it('checks its input and needs a signed-in caller', async () => {
      expect((await similar(c3.token, { lng: HERE.lng })).status).toBe(400);
      expect((await similar(c3.token, { lat: 91, lng: HERE.lng })).status).toBe(400);
      expect((await t.request('GET', `/api/v1/feedback/similar?lat=${HERE.lat}&lng=${HERE.lng}`)).status).toBe(401);
    });
  });
});

describe('similar reports count towards the rate limits', () => {
  it('answers 429 once a person has asked too often', async () => {
    // 120 an hour scaled by 0.01 is 1.
    const t = await createTestApp('pglite', { env: { RATE_LIMIT_FACTOR: '0.01' } });
    try {
      const c = await t.citizen();
      const path = `/api/v1/feedback/similar?lat=${HERE.lat}&lng=${HERE.lng}`;
      expect((await t.request('GET', path, { token: c.token })).status).toBe(200);
      const limited = await t.request('GET', path, { token: c.token });
      expect(limited.status).toBe(429);
      expect((await limited.json()).error).toBe('rate_limited');
    } finally {
      await t.close();
    }
  });
});
