// A signed event is never lost, whatever it holds (issue 10, point 1), and events outside Zalo's retry window
// are kept but never processed (point 8).
import { desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedback, zaloInbox } from '../../db/schema.js';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { signed, signedBytes, TEST_APP_ID, textEvent, zaloEnvFor } from '../support/zalo-webhook.js';

describe.each(DB_KINDS)('hostile webhook events on %s', (kind) => {
  let fake: FakeZalo;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeZalo({ appId: TEST_APP_ID });
    t = await createTestApp(kind, { env: zaloEnvFor(fake), workers: true });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const deliver = (body: string | Uint8Array, headers: Record<string, string>) =>
    t.request('POST', '/webhooks/zalo', { body, headers });
  const lastRow = async () => (await t.database.db.select().from(zaloInbox).orderBy(desc(zaloInbox.id)).limit(1))[0]!;

  it('stores a signed event holding NUL, processes its cleaned copy and keeps the exact bytes', async () => {
    const user = '7000000000000000901';
    const delivery = signed(textEvent(user, '#phananh Đèn đường\u0000 hỏng trước cổng trường'));
    expect(delivery.body).toContain('\\u0000');
    const res = await deliver(delivery.body, delivery.headers);
    expect(res.status).toBe(200);
    const row = await lastRow();
    expect(row.state).toBe('pending');
    expect(row.reviewReason).toMatch(/NUL/);
    expect(Buffer.from(row.rawBody!).toString('utf8')).toBe(delivery.body);
    await t.runtime!.workers.drain();
    const reply = fake.textsTo(user).join('\n');
    const code = reply.match(/PA-2026-\d{6}/)?.[0];
    expect(code, reply).toBeDefined();
    const [item] = await t.database.db.select().from(feedback).where(eq(feedback.code, code!));
    expect(item!.content).toBe('Đèn đường hỏng trước cổng trường');
    // A retry of the same bytes is a duplicate.
    expect((await (await deliver(delivery.body, delivery.headers)).json()).duplicate).toBe(true);
  });

  it('stores signed events with lone surrogates anywhere, and bytes that are not UTF-8', async () => {
    const user = '7000000000000000902';
    for (const event of [
      { ...textEvent(user, 'lỗi \ud800 ở đây') },
      { ...textEvent(user, 'x'), event_name: 'user_send_text\udfff' },
      { ...textEvent(user, 'x'), message: { msg_id: 'm-\ud800', text: 'y' } },
      { ...textEvent(user, 'x'), ['k\u0000ey']: 'v' },
    ]) {
      const d = signed(event);
      const res = await deliver(d.body, d.headers);
      expect(res.status, d.body + await res.clone().text()).toBe(200);
      const row = await lastRow();
      expect(row.reviewReason, d.body).toMatch(/NUL or unpaired surrogates/);
      expect(JSON.stringify(row.payload)).not.toMatch(/\\u0000|\\ud[89a-f]/i);
    }
    // Latin-1 bytes where UTF-8 is expected: the MAC is over the bytes, so it is still Zalo's event.
    const ts = String(t.clock.now.getTime() + 5);
    const bytes = Buffer.concat([
      Buffer.from(`{"app_id":"${TEST_APP_ID}","event_name":"user_send_text","timestamp":"${ts}","sender":{"id":"${user}"},"message":{"msg_id":"latin1","text":"`),
      Buffer.from([0x63, 0xe0, 0x20, 0xff, 0xfe]),
      Buffer.from('"}}'),
    ]);
    const d = signedBytes(new Uint8Array(bytes), TEST_APP_ID, ts);
    expect((await deliver(d.body, d.headers)).status).toBe(200);
    const row = await lastRow();
    expect(row.reviewReason).toMatch(/not valid UTF-8/);
    expect(Buffer.from(row.rawBody!).equals(bytes)).toBe(true);
    expect((row.payload as { message: { text: string } }).message.text).toBe('c\ufffd \ufffd\ufffd');
  });

  it('keeps events dated outside the retry window as ignored with the reason, and never processes them', async () => {
    const user = '7000000000000000903';
    const now = t.clock.now.getTime();
    const cases: [number, RegExp][] = [
      [Date.UTC(2020, 0, 1), /older than Zalo's retries/],
      [Date.UTC(2035, 0, 1), /in the future/],
      [now - 13 * 3600_000, /older than Zalo's retries/],
      [now + 10 * 60_000, /in the future/],
    ];
    for (const [at, reason] of cases) {
      const d = signed({ ...textEvent(user, '#phananh Sự kiện cũ hoặc ở tương lai'), timestamp: String(at) });
      expect((await deliver(d.body, d.headers)).status).toBe(200);
      const row = await lastRow();
      expect(row.state).toBe('ignored');
      expect(row.note).toMatch(reason);
      // Listed for review: a wrong server clock would otherwise drop every message without a trace.
      expect(row.reviewReason).toMatch(reason);
    }
    // One from an hour ago (a late retry) is processed.
    const late = signed({ ...textEvent(user, 'Xin chào'), timestamp: String(now - 3600_000) });
    await deliver(late.body, late.headers);
    expect((await lastRow()).state).toBe('pending');
    await t.runtime!.workers.drain();
    expect(fake.textsTo(user)).toHaveLength(1);
  });

  it('lists the events kept for review to administrators only', async () => {
    const res = await t.request('GET', '/api/v1/admin/webhook-events', { token: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    const { items } = await res.json();
    expect(items.length).toBeGreaterThanOrEqual(6);
    expect(items.every((i: { reviewReason: string | null }) => i.reviewReason)).toBe(true);
    expect(items.find((i: { rawBodyBase64: string | null }) => i.rawBodyBase64)).toBeDefined();
    const officer = await t.staff('SO-XD', 'officer');
    expect((await t.request('GET', '/api/v1/admin/webhook-events', { token: officer.token })).status).toBe(403);
  });
});
