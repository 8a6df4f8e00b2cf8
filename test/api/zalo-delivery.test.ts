// Delivery rules of the outbox against the fake Zalo: token rotation, messaging windows, ZNS fallback,
// dead letters, ordering, and local mode.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedback, outbox, users, zaloContacts, zaloTokens } from '../../db/schema.js';
import { windowChoice } from '../../bot-server/src/features/outbox/outbox-dispatcher.js';
import { enqueue } from '../../bot-server/src/features/outbox/outbox-repository.js';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { signed, TEST_APP_ID, TEST_OA_SECRET, textEvent, type ZaloPayload, zaloEnvFor } from '../support/zalo-webhook.js';

describe('messaging window rule', () => {
  const now = new Date('2026-03-10T00:00:00Z');
  const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
  it('sends consultation messages within 48 h, prefers ZNS until 7 days, and holds after', () => {
    expect(windowChoice(hoursAgo(1), now)).toBe('cs');
    expect(windowChoice(hoursAgo(48), now)).toBe('cs');
    expect(windowChoice(hoursAgo(49), now)).toBe('zns_or_cs');
    expect(windowChoice(hoursAgo(7 * 24), now)).toBe('zns_or_hold');
    expect(windowChoice(null, now)).toBe('zns_or_hold');
  });
});

describe.each(DB_KINDS)('outbox delivery on %s', (kind) => {
  let fake: FakeZalo;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeZalo({ appId: TEST_APP_ID });
    t = await createTestApp(kind, {
      now: new Date('2026-03-02T02:00:00Z'),
      workers: true,
      env: zaloEnvFor(fake),
    });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  async function say(payload: ZaloPayload) {
    const { body, headers } = signed(payload);
    expect((await t.request('POST', '/webhooks/zalo', { body, headers })).status).toBe(200);
    await t.runtime!.workers.drain();
  }
  const last = async (zaloId: string) =>
    (await t.database.db.select().from(outbox).where(eq(outbox.recipientZaloId, zaloId)).orderBy(sql`${outbox.id} desc`).limit(1))[0]!;

  it('refreshes the OA token after -216, persists the rotated pair, and still delivers', async () => {
    const user = '7100000000000000001';
    const oldRefresh = fake.refreshToken;
    fake.expireAccessToken(-216);
    await say(textEvent(user, 'Xin chào'));
    expect(fake.refreshCount).toBe(1);
    const [pair] = await t.database.db.select().from(zaloTokens);
    expect(pair!.accessToken).toBe(fake.accessToken);
    expect(pair!.refreshToken).toBe(fake.refreshToken);
    expect(pair!.refreshToken).not.toBe(oldRefresh);
    expect((await last(user)).state).toBe('sent');
    expect(fake.textsTo(user).length).toBeGreaterThan(0);
  });

  it('uses the follower profile name for a new citizen', async () => {
    const user = '7100000000000000002';
    fake.setProfile(user, { displayName: 'Trần Thị Bình' });
    await say(textEvent(user, 'Xin chào'));
    const [u] = await t.database.db.select().from(users).where(eq(users.zaloId, user));
    expect(u!.name).toBe('Trần Thị Bình');
  });

  it('falls back to a configured ZNS template by phone when the citizen is outside the 7-day window', async () => {
    const user = '7100000000000000003';
    await say(textEvent(user, '#phananh Biển báo giao thông bị đổ ở ngã tư'));
    const [f] = await t.database.db.select().from(feedback).orderBy(sql`${feedback.id} desc`).limit(1);
    await t.database.db.update(feedback).set({ contactPhone: '0912345678' }).where(eq(feedback.id, f!.id));
    const put = await t.request('PUT', '/api/v1/admin/zns-templates/notification', { token: ADMIN_TOKEN, json: { templateId: '300001' } });
    expect(put.status).toBe(200);
    // Eight days without any interaction.
    await t.database.db.update(zaloContacts).set({ lastInteractionAt: new Date('2026-02-20T00:00:00Z') }).where(eq(zaloContacts.zaloId, user));
    const officer = await t.staff('TINH', 'officer');
    expect((await t.request('POST', `/api/v1/feedback/${f!.code}/accept`, { token: officer.token, json: {} })).status).toBe(200);
    await t.runtime!.workers.drain();
    const msg = await last(user);
    expect(msg).toMatchObject({ state: 'sent', sentVia: 'zns' });
    expect(fake.zns.at(-1)).toMatchObject({ phone: '84912345678', templateId: '300001' });
    await t.request('DELETE', '/api/v1/admin/zns-templates/notification', { token: ADMIN_TOKEN });
  });

  it('holds a notification without a window or ZNS in the citizen in-app inbox', async () => {
    const user = '7100000000000000004';
    await say(textEvent(user, '#phananh Đường ống nước bị rò rỉ trước số 20'));
    const [f] = await t.database.db.select().from(feedback).orderBy(sql`${feedback.id} desc`).limit(1);
    await t.database.db.update(zaloContacts).set({ lastInteractionAt: new Date('2026-02-20T00:00:00Z') }).where(eq(zaloContacts.zaloId, user));
    const officer = await t.staff('TINH', 'officer');
    await t.request('POST', `/api/v1/feedback/${f!.code}/accept`, { token: officer.token, json: {} });
    await t.runtime!.workers.drain();
    expect((await last(user)).state).toBe('held');
    // The citizen sees it in the in-app inbox (the mini app reads this).
    const [citizen] = await t.database.db.select().from(users).where(eq(users.zaloId, user));
    const { createSession } = await import('../../bot-server/src/features/auth/session-repository.js');
    const token = await createSession(t.database.db, citizen!.id, t.clock.now);
    const inbox = await (await t.request('GET', '/api/v1/notifications', { token })).json();
    expect(inbox.items[0]).toMatchObject({ deliveredOnZalo: false });
    expect(inbox.items[0].text).toContain(f!.code);
  });

  it('retries 5xx with backoff and moves a message to dead letters after the last attempt', async () => {
    const user = '7100000000000000005';
    await say(textEvent(user, 'Xin chào'));
    await enqueue(t.database.db, { dedupeKey: 'test:dead:1', purpose: 'reply', recipientZaloId: user, text: 'x'.repeat(2500) }, t.clock.now);
    await t.runtime!.workers.drain();
    const dead = (await t.database.db.select().from(outbox).where(eq(outbox.dedupeKey, 'test:dead:1')))[0]!;
    // Over 2000 characters: Zalo answers -201, which no retry can fix.
    expect(dead.state).toBe('dead');
    const audit = await (await t.request('GET', '/api/v1/admin/outbox?state=dead', { token: ADMIN_TOKEN })).json();
    expect(audit.items.map((i: { id: number }) => i.id)).toContain(dead.id);

    await enqueue(t.database.db, { dedupeKey: 'test:retry:1', purpose: 'reply', recipientZaloId: user, text: 'Thử lại' }, t.clock.now);
    fake.failNext(100, 503);
    await t.runtime!.workers.drain();
    let row = (await t.database.db.select().from(outbox).where(eq(outbox.dedupeKey, 'test:retry:1')))[0]!;
    expect(row.state).toBe('pending');
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(t.clock.now.getTime());
    for (let i = 0; i < 10 && row.state === 'pending'; i++) {
      t.clock.now = new Date(row.nextAttemptAt.getTime() + 1);
      await t.runtime!.workers.drain();
      row = (await t.database.db.select().from(outbox).where(eq(outbox.dedupeKey, 'test:retry:1')))[0]!;
    }
    expect(row.state).toBe('dead');
    expect(row.attempts).toBe(8);
    fake.failNext(0);
  });

  it('answers an older message delivered late without rewinding the conversation', async () => {
    const user = '7100000000000000006';
    const early = textEvent(user, 'hủy');
    await say(textEvent(user, '1')); // newer: asks for the description
    await say({ ...textEvent(user, 'Cột điện nghiêng sắp đổ ở đầu ngõ 5'), timestamp: String(Number(early.timestamp) + 10_000) });
    const before = (await t.database.db.select().from(zaloContacts).where(eq(zaloContacts.zaloId, user)))[0]!;
    await say(early); // an old "hủy" arrives after the newer messages
    const after = (await t.database.db.select().from(zaloContacts).where(eq(zaloContacts.zaloId, user)))[0]!;
    expect((after.conversation as { state: { step: string } }).state.step).toBe((before.conversation as { state: { step: string } }).state.step);
    expect((after.conversation as { state: { step: string } }).state.step).toBe('category');
  });
});

describe('local mode (no Zalo credentials)', () => {
  it('records outbound messages without sending them and lists them for admins', async () => {
    const t = await createTestApp('pglite', { workers: true, env: { ZALO_APP_ID: TEST_APP_ID, ZALO_OA_SECRET_KEY: TEST_OA_SECRET } });
    expect(t.runtime!.client).toBeNull();
    const { body, headers } = signed(textEvent('7200000000000000001', '#phananh Chó thả rông cắn người ở công viên'));
    expect((await t.request('POST', '/webhooks/zalo', { body, headers })).status).toBe(200);
    await t.runtime!.workers.drain();
    const list = await (await t.request('GET', '/api/v1/admin/outbox?user=7200000000000000001', { token: ADMIN_TOKEN })).json();
    expect(list.items[0]).toMatchObject({ state: 'local' });
    expect(list.items[0].text).toMatch(/PA-2026-\d{6}/);
    expect(list.items[0].history[0]).toMatchObject({ outcome: 'local' });
    await t.close();
  });
});
