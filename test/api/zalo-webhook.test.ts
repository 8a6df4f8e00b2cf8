import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zaloInbox } from '../../db/schema.js';
import { DB_KINDS } from '../support/test-db.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { echoEvent, followEvent, signed, signedRaw, TEST_APP_ID, TEST_OA_SECRET, textEvent } from '../support/zalo-webhook.js';

const USER = '7123456789012345678';

describe.each(DB_KINDS)('Zalo webhook on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { ZALO_APP_ID: TEST_APP_ID, ZALO_OA_SECRET_KEY: TEST_OA_SECRET } });
  });
  afterAll(() => t?.close());

  const inboxCount = async () => (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(zaloInbox))[0]!.n;
  const deliver = (body: string, headers: Record<string, string>) => t.request('POST', '/webhooks/zalo', { body, headers });

  it('accepts a correctly signed event and stores it before answering', async () => {
    const before = await inboxCount();
    const { body, headers } = signed(textEvent(USER, 'Xin chào'));
    const started = performance.now();
    const res = await deliver(body, headers);
    const elapsed = performance.now() - started;
    expect(res.status).toBe(200);
    expect(elapsed).toBeLessThan(2000);
    expect(await inboxCount()).toBe(before + 1);
    const [row] = await t.database.db.select().from(zaloInbox).orderBy(sql`${zaloInbox.id} desc`).limit(1);
    expect(row!.userId).toBe(USER); // a 64-bit id kept as a string
    expect(row!.state).toBe('pending');
  });

  it('refuses bad signatures with 401 and stores nothing', async () => {
    const event = textEvent(USER, 'Tin nhắn giả mạo');
    const good = signed(event);
    const cases: [string, string, Record<string, string>][] = [
      ['missing', good.body, { 'content-type': 'application/json' }],
      ['wrong', good.body, { ...good.headers, 'x-zevent-signature': `mac=${'0'.repeat(64)}` }],
      ['another key', good.body, signed(event, 'another-secret').headers],
      ['altered body', good.body.replace('giả mạo', 'gia mao'), good.headers],
      ['no mac= prefix', good.body, { ...good.headers, 'x-zevent-signature': good.headers['x-zevent-signature']!.slice(4) }],
    ];
    const other = textEvent(USER, 'Ứng dụng khác', { app_id: '999' });
    cases.push(['another app_id', signed(other).body, signed(other).headers]);
    const before = await inboxCount();
    for (const [label, body, headers] of cases) {
      const res = await deliver(body, headers);
      expect(res.status, label).toBe(401);
    }
    expect(await inboxCount()).toBe(before);
  });

  it('answers 400 to a body that is not JSON; a signed but malformed event is kept for review, not processed', async () => {
    expect((await deliver('{not json', { 'content-type': 'application/json' })).status).toBe(400);
    // Deep nesting neither crashes nor passes: unsigned → 401; signed → stored as bytes, flagged, 200.
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect((await deliver(deep, { 'content-type': 'application/json' })).status).toBe(401);
    const nested = '{"a":'.repeat(5000) + '"x"' + '}'.repeat(5000);
    for (const [i, field] of [['1', 'text'], ['2', 'extra']]) {
      const ts = String(t.clock.now.getTime() + Number(i));
      const raw = `{"app_id":"${TEST_APP_ID}","event_name":"user_send_text","timestamp":"${ts}","sender":{"id":"${USER}"},"message":{"msg_id":"deep-${i}","${field}":${nested}}}`;
      const deepEvent = signedRaw(raw, TEST_APP_ID, ts);
      expect((await deliver(deepEvent.body, deepEvent.headers)).status, field).toBe(200);
      const [row] = await t.database.db.select().from(zaloInbox).orderBy(sql`${zaloInbox.id} desc`).limit(1);
      expect(row!.state).toBe('ignored');
      expect(row!.reviewReason).toMatch(/nested deeper/);
      expect(Buffer.from(row!.rawBody!).toString('utf8')).toBe(raw);
    }
    // Correctly signed, but the sender id is a number: ids must stay strings, so the bot does not act on it.
    const numeric = signed({ ...textEvent(USER, 'x'), sender: { id: 7123456789012345 } });
    const res = await deliver(numeric.body, numeric.headers);
    expect(res.status).toBe(200);
    const [row] = await t.database.db.select().from(zaloInbox).orderBy(sql`${zaloInbox.id} desc`).limit(1);
    expect(row!.state).toBe('ignored');
    expect(row!.reviewReason).toMatch(/sender\.id/);
    // Zalo's retry of the same bytes is recognised.
    expect((await (await deliver(numeric.body, numeric.headers)).json()).duplicate).toBe(true);
  });

  it('answers 413 to a huge body', async () => {
    const { body, headers } = signed(textEvent(USER, 'x'.repeat(1_100_000)));
    expect((await deliver(body, headers)).status).toBe(413);
  });

  it('acknowledges a repeated delivery without storing it twice', async () => {
    const delivery = signed(textEvent(USER, 'Gửi hai lần'));
    const before = await inboxCount();
    const first = await deliver(delivery.body, delivery.headers);
    const second = await deliver(delivery.body, { ...delivery.headers, num_retry: '1' });
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect((await second.json()).duplicate).toBe(true);
    expect(await inboxCount()).toBe(before + 1);
    // Events without a message deduplicate on name, user and timestamp.
    const follow = signed(followEvent(USER));
    await deliver(follow.body, follow.headers);
    await deliver(follow.body, follow.headers);
    expect(await inboxCount()).toBe(before + 2);
  });

  it("stores the OA's own echoes and unknown events as ignored, never to be processed", async () => {
    const echo = signed(echoEvent(USER, 'Cảm ơn bạn'));
    expect((await deliver(echo.body, echo.headers)).status).toBe(200);
    const unknown = signed({ ...textEvent(USER, 'x'), event_name: 'user_reacted_message' });
    expect((await deliver(unknown.body, unknown.headers)).status).toBe(200);
    const rows = await t.database.db.select().from(zaloInbox).orderBy(sql`${zaloInbox.id} desc`).limit(2);
    expect(rows.map((r) => r.state)).toEqual(['ignored', 'ignored']);
  });
});

describe('Zalo webhook without configuration', () => {
  it('refuses every event with 401 when ZALO_APP_ID or the OA secret is not set', async () => {
    const t = await createTestApp('pglite');
    const { body, headers } = signed(textEvent(USER, 'Xin chào'));
    expect((await t.request('POST', '/webhooks/zalo', { body, headers })).status).toBe(401);
    await t.close();
  });
});
