// The OA chatbot end to end: signed webhook deliveries into the real app, replies to a fake Zalo over HTTP.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, feedback, outbox, zaloInbox } from '../../db/schema.js';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { followEvent, imageEvent, locationEvent, signed, TEST_APP_ID, textEvent, type ZaloPayload, zaloEnvFor } from '../support/zalo-webhook.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 9, 9, 9]);

describe.each(DB_KINDS)('Zalo OA chatbot on %s', (kind) => {
  let fake: FakeZalo;
  let t: TestApp;
  const zaloEnv = () => zaloEnvFor(fake);

  beforeAll(async () => {
    fake = await startFakeZalo({ appId: TEST_APP_ID });
    // Monday 2 March 2026, 09:00 local.
    t = await createTestApp(kind, { now: new Date('2026-03-02T02:00:00Z'), env: zaloEnv(), workers: true });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  /** Delivers an event as Zalo would, then lets the workers process it and send the replies. */
  async function say(payload: ZaloPayload): Promise<string[]> {
    const user = String((payload.sender as { id?: string } | undefined)?.id ?? (payload.follower as { id: string }).id);
    const before = fake.textsTo(user).length;
    const { body, headers } = signed(payload);
    const res = await t.request('POST', '/webhooks/zalo', { body, headers });
    expect(res.status).toBe(200);
    await t.runtime!.workers.drain();
    return fake.textsTo(user).slice(before);
  }

  it('guides a citizen from a first message to a filed feedback with a photo and a location', async () => {
    const user = '7000000000000000001';
    fake.addMedia('o-ga.png', PNG, 'image/png');
    const help = await say(textEvent(user, 'Xin chào'));
    expect(help.join('\n')).toMatch(/Gửi phản ánh/);

    expect((await say(textEvent(user, '1'))).join('\n')).toMatch(/mô tả/i);
    const cats = (await say(textEvent(user, 'Đường trước nhà số 15 phố Hàng Bạc có ổ gà rất lớn'))).join('\n');
    expect(cats).toMatch(/1\. Hạ tầng, giao thông/);
    expect((await say(textEvent(user, '1'))).join('\n')).toMatch(/ảnh|vị trí/i);
    await say(imageEvent(user, `${fake.baseUrl}/media/o-ga.png`));
    await say(locationEvent(user, 21.0345, 105.8521));
    const summary = (await say(textEvent(user, 'xong'))).join('\n');
    expect(summary).toMatch(/Hạ tầng, giao thông/);
    const done = (await say(textEvent(user, 'đồng ý'))).join('\n');
    const code = done.match(/PA-2026-\d{6}/)?.[0];
    expect(code).toBeDefined();

    const [row] = await t.database.db.select().from(feedback).where(eq(feedback.code, code!));
    expect(row).toMatchObject({ channel: 'zalo_oa', lat: 21.0345, lng: 105.8521, content: 'Đường trước nhà số 15 phố Hàng Bạc có ổ gà rất lớn' });
    const files = await t.database.db.select().from(attachments).where(eq(attachments.feedbackId, row!.id));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ mimeType: 'image/png', size: PNG.length });
    // Every reply went through the outbox and was sent with Zalo's message id; ids stayed strings.
    const sent = await t.database.db.select().from(outbox).where(eq(outbox.recipientZaloId, user));
    expect(sent.every((m) => m.state === 'sent' && typeof m.providerMessageId === 'string')).toBe(true);
    expect(fake.messagesTo(user).every((m) => typeof m.userId === 'string')).toBe(true);
  });

  it('files at once with #phananh and answers #tracuu only to the citizen who filed', async () => {
    const user = '7000000000000000002';
    const reply = (await say(textEvent(user, '#Phản ánh Rác thải ùn ứ ở chợ Đồng Xuân ba ngày nay'))).join('\n');
    const code = reply.match(/PA-2026-\d{6}/)![0];
    const [row] = await t.database.db.select().from(feedback).where(eq(feedback.code, code));
    expect(row!.content).toBe('Rác thải ùn ứ ở chợ Đồng Xuân ba ngày nay');
    expect(row!.channel).toBe('zalo_oa');

    const mine = (await say(textEvent(user, `#tracuu ${code.toLowerCase()}`))).join('\n');
    expect(mine).toMatch(/Trạng thái: Chờ tiếp nhận/);
    expect(mine).toMatch(/23\/03\/2026/);
    const stranger = (await say(textEvent('7000000000000000003', `#tra cứu ${code}`))).join('\n');
    expect(stranger).not.toMatch(/Chờ tiếp nhận/);
    expect(stranger).not.toContain('Đồng Xuân');
  });

  it('cancels with "hủy", lists my feedback, and answers unsupported messages with help', async () => {
    const user = '7000000000000000004';
    await say(textEvent(user, '1'));
    expect((await say(textEvent(user, 'hủy'))).join('\n')).toMatch(/hủy/i);
    await say(textEvent(user, '#phananh Cây đổ chắn ngang đường liên thôn'));
    const list = (await say(textEvent(user, '2'))).join('\n');
    expect(list).toMatch(/PA-2026-\d{6}/);
    const sticker = await say({ ...textEvent(user, ''), event_name: 'user_send_sticker', message: { msg_id: 'st-1', attachments: [{ type: 'sticker', payload: { url: 'x' } }] } });
    expect(sticker.length).toBeGreaterThan(0);
  });

  it('keeps conversation state in the database, expiring it after 30 minutes', async () => {
    const user = '7000000000000000005';
    await say(textEvent(user, '1'));
    t.clock.now = new Date(t.clock.now.getTime() + 31 * 60_000);
    const replies = (await say({ ...textEvent(user, 'Đèn đường hỏng cả tuần nay rồi'), timestamp: String(t.clock.now.getTime()) })).join('\n');
    expect(replies).toMatch(/hết hạn/);
  });

  it('welcomes a new follower, and ignores an old follow retry after a newer unfollow', async () => {
    const user = '7000000000000000006';
    const follow = followEvent(user);
    const unfollow = followEvent(user, 'unfollow');
    expect((await say(follow)).join('\n').length).toBeGreaterThan(0);
    await say(unfollow);
    // A retry of an older follow, delivered late under a new key: it must not undo the newer unfollow.
    await say({ ...follow, timestamp: String(Number(follow.timestamp) - 1) });
    const rows = await t.database.db.execute(sql`select followed from zalo_contacts where zalo_id = ${user}`);
    const followed = (Array.isArray(rows) ? rows : (rows as { rows: { followed: boolean }[] }).rows)[0] as { followed: boolean };
    expect(followed.followed).toBe(false);
  });

  it('notifies the citizen of each handling step and takes their 1–5 rating into indicator 4.1', async () => {
    const user = '7000000000000000007';
    const code = (await say(textEvent(user, '#phananh Nước sinh hoạt bị đục từ hôm qua'))).join('\n').match(/PA-2026-\d{6}/)![0];
    // No category given: the feedback lands at the root unit.
    const officer = await t.staff('TINH', 'officer');
    const act = async (action: string, json: object = {}) => {
      const res = await t.request('POST', `/api/v1/feedback/${code}/${action}`, { token: officer.token, json });
      expect(res.status).toBe(200);
      await t.runtime!.workers.drain();
    };
    const before = fake.textsTo(user).length;
    await act('accept');
    await act('request_info', { note: 'Xin địa chỉ cụ thể' });
    await act('provide_info');
    await act('answer', { answer: 'Công ty nước sạch đã súc rửa đường ống.' });
    const texts = fake.textsTo(user).slice(before).join('\n');
    expect(texts).toContain(code);
    expect(texts).toContain('Xin địa chỉ cụ thể');
    expect(texts).toContain('Công ty nước sạch đã súc rửa đường ống.');
    expect(texts).toMatch(/1.*5/s);

    await say(textEvent(user, '4'));
    const [row] = await t.database.db.select().from(feedback).where(eq(feedback.code, code));
    expect(row!.rating).toBe(4);
    expect(row!.ratingChannel).toBe('zalo_oa');
    const report = await (await t.request('GET', '/api/v1/indicators/feedback?from=2026-03-01&to=2026-03-31', { token: ADMIN_TOKEN })).json();
    const s41 = report.satisfaction.find((s: { code: string }) => s.code === '4.1');
    expect(s41.responses).toBeGreaterThanOrEqual(1);
    expect(s41.satisfied).toBeGreaterThanOrEqual(1);
  });

  it('keeps a message Zalo refuses with -230 in the in-app inbox and sends it when the citizen writes again', async () => {
    const user = '7000000000000000008';
    const code = (await say(textEvent(user, '#phananh Cống thoát nước bị vỡ gây ngập'))).join('\n').match(/PA-2026-\d{6}/)![0];
    fake.refuseUser(user, -230);
    const officer = await t.staff('TINH', 'officer');
    expect((await t.request('POST', `/api/v1/feedback/${code}/accept`, { token: officer.token, json: {} })).status).toBe(200);
    await t.runtime!.workers.drain();
    const [held] = await t.database.db.select().from(outbox).where(eq(outbox.recipientZaloId, user)).orderBy(sql`${outbox.id} desc`).limit(1);
    expect(held!.state).toBe('held');
    expect(held!.text).toContain(code);
    const audit = await (await t.request('GET', `/api/v1/admin/outbox?user=${user}`, { token: ADMIN_TOKEN })).json();
    expect(audit.items[0].history.at(-1)).toMatchObject({ outcome: 'held', errorCode: -230 });

    fake.refuseUser(user, 0);
    await say(textEvent(user, 'Xin chào'));
    const [after] = await t.database.db.select().from(outbox).where(eq(outbox.id, held!.id));
    expect(after!.state).toBe('sent');
    expect(fake.textsTo(user).join('\n')).toContain('tiếp nhận');
  });

  it('processes a stored event after a crash between the ack and the processing, exactly once', async () => {
    const user = '7000000000000000009';
    // An instance that acks but never processes (as if it died right after the 200).
    const crashed = await createTestApp(kind, { database: t.database, env: zaloEnv(), now: t.clock.now });
    const delivery = signed(textEvent(user, '#phananh Xe tải đổ trộm phế thải xây dựng ven sông'));
    expect((await crashed.request('POST', '/webhooks/zalo', delivery)).status).toBe(200);
    await crashed.close();
    const count = async () =>
      (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(feedback).where(sql`${feedback.content} like '%phế thải xây dựng%'`))[0]!.n;
    expect(await count()).toBe(0);
    // A restarted instance picks the pending row up; Zalo's retry of the same delivery changes nothing.
    await t.runtime!.workers.drain();
    expect((await t.request('POST', '/webhooks/zalo', delivery)).status).toBe(200);
    await t.runtime!.workers.drain();
    expect(await count()).toBe(1);
    const states = await t.database.db.select({ state: zaloInbox.state }).from(zaloInbox).where(eq(zaloInbox.userId, user));
    expect(states).toEqual([{ state: 'done' }]);
  });
});
