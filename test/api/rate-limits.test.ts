// Rate limits (CONTRACT §14, issue 10 point 5) at their real size, on each database and across two instances.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedback, rateLimits, sessions } from '../../db/schema.js';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import { createIntegration, createSession } from '../../bot-server/src/features/auth/session-repository.js';
import { purgeExpired } from '../../bot-server/src/features/auth/housekeeping.js';
import { startTwoInstances, type TwoInstances } from '../support/two-instances.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { signed, TEST_APP_ID, TEST_OA_SECRET, textEvent, zaloEnvFor } from '../support/zalo-webhook.js';

const REAL = { RATE_LIMIT_FACTOR: '1', ZALO_APP_ID: TEST_APP_ID, ZALO_OA_SECRET_KEY: TEST_OA_SECRET };
const content = (i: number) => `Phản ánh thử giới hạn số ${i}: đèn đường hỏng`;

async function expectLimited(res: Awaited<ReturnType<TestApp['request']>>) {
  expect(res.status).toBe(429);
  const body = await res.json();
  expect(body).toMatchObject({ error: 'rate_limited' });
  expect(body.message).toEqual(expect.any(String));
  expect(body.retryAfter).toBeGreaterThan(0);
  expect(res.headers.get('retry-after')).toBe(String(body.retryAfter));
  return body.retryAfter as number;
}

describe.each(DB_KINDS)('rate limits on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: REAL });
  });
  afterAll(() => t?.close());
  const file = (token: string, i: number, ip?: string) =>
    t.request('POST', '/api/v1/feedback', { token, ip, json: { category: 'ha-tang', content: content(i) } });

  it('lets a citizen file 10 feedback an hour, then answers 429 with the wait, and forgets after the window', async () => {
    const citizen = await t.citizen();
    for (let i = 0; i < 10; i++) expect((await file(citizen.token, i)).status).toBe(201);
    const wait = await expectLimited(await file(citizen.token, 10));
    expect(wait).toBeLessThanOrEqual(3600);
    // Another citizen is not held back by the first one.
    const other = await t.citizen('Người khác');
    expect((await file(other.token, 0)).status).toBe(201);
    // Staff and the admin token are not limited as citizens.
    expect((await t.request('POST', '/api/v1/feedback', { token: ADMIN_TOKEN, json: { content: content(99) } })).status).toBe(201);
    t.clock.now = new Date(t.clock.now.getTime() + wait * 1000 + 1000);
    expect((await file(citizen.token, 11)).status).toBe(201);
  });

  it('limits well-formed sign-ins per address (junk does not use them up), and other addresses are unaffected', async () => {
    // A tenth of the real limit (30 in 10 minutes), and Zalo a closed port here: each sign-in that gets as far
    // as asking Zalo answers 503.
    const small = await createTestApp(kind, { env: { ...REAL, RATE_LIMIT_FACTOR: '0.1', ZALO_GRAPH_BASE: 'http://127.0.0.1:9' } });
    try {
      const signIn = (ip: string, json: object) => small.request('POST', '/api/v1/auth/zalo', { ip, json });
      for (let i = 0; i < 50; i++) expect((await signIn('203.0.113.7', {})).status).toBe(400);
      for (let i = 0; i < 30; i++) expect((await signIn('203.0.113.7', { accessToken: `tok-${i}` })).status).toBe(503);
      await expectLimited(await signIn('203.0.113.7', { accessToken: 'tok-x' }));
      expect((await signIn('203.0.113.8', { accessToken: 'tok-x' })).status).toBe(503);
    } finally {
      await small.close();
    }
  });

  it('blocks an address after 10 failed authentications, even with the right token, and doubles the block', async () => {
    const ip = '198.51.100.20';
    const wrong = () => t.request('GET', '/api/v1/me', { token: 'not-a-real-token-xxxxxxxxxxxx', ip });
    for (let i = 0; i < 10; i++) expect((await wrong()).status).toBe(401);
    expect(await expectLimited(await wrong())).toBe(60);
    // A guess that happens to be right is refused while blocked; the same token from elsewhere works.
    await expectLimited(await t.request('GET', '/api/v1/admin/outbox', { token: ADMIN_TOKEN, ip }));
    expect((await t.request('GET', '/api/v1/admin/outbox', { token: ADMIN_TOKEN, ip: '198.51.100.21' })).status).toBe(200);
    // Valid sessions are not slowed by the block check (it is not made for them), so they keep working.
    const citizen = await t.citizen();
    expect((await t.request('GET', '/api/v1/me', { token: citizen.token, ip })).status).toBe(200);
    // After the block, ten more failures block for twice as long.
    t.clock.now = new Date(t.clock.now.getTime() + 61_000);
    expect((await t.request('GET', '/api/v1/admin/outbox', { token: ADMIN_TOKEN, ip })).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await wrong()).status).toBe(401);
    expect(await expectLimited(await wrong())).toBe(120);
  });

  it('does not count expired sessions as failures, so citizens behind one carrier address are not blocked', async () => {
    const ip = '198.51.100.70';
    const citizen = await t.citizen();
    const stale = new Date(t.clock.now.getTime() - 31 * 86_400_000);
    for (let i = 0; i < 15; i++) {
      const expired = await createSession(t.database.db, citizen.userId, stale);
      const res = await t.request('GET', '/api/v1/me', { token: expired, ip });
      expect(res.status).toBe(401);
    }
    expect((await t.request('GET', '/api/v1/admin/outbox', { token: ADMIN_TOKEN, ip })).status).toBe(200);
  });

  it('counts an IPv6 /64 as one address, since a subscriber may use any address in it', async () => {
    const wrong = (i: number) => t.request('GET', '/api/v1/me', { token: 'not-a-real-token-yyyyyyyyyyyy', ip: `2001:db8:7:1::${(i + 1).toString(16)}` });
    for (let i = 0; i < 10; i++) expect((await wrong(i)).status).toBe(401);
    await expectLimited(await wrong(10));
    expect((await t.request('GET', '/api/v1/admin/outbox', { token: ADMIN_TOKEN, ip: '2001:db8:7:2::1' })).status).toBe(200);
  });

  it('never answers the Zalo webhook 429, however many events one address sends', async () => {
    for (let i = 0; i < 120; i++) {
      const d = signed(textEvent('7000000000000000777', `tin ${i}`));
      const res = await t.request('POST', '/webhooks/zalo', { ...d, ip: '203.0.113.99' });
      expect(res.status).toBe(200);
    }
  });

  it('limits filing per address across citizens (carrier NAT gets 60 per 10 minutes)', async () => {
    const ip = '203.0.113.50';
    const citizens = await Promise.all(Array.from({ length: 7 }, (_, i) => t.citizen(`Dân ${i}`)));
    let created = 0;
    for (let i = 0; i < 60; i++) {
      const res = await file(citizens[i % 7]!.token, i, ip);
      if (res.status === 201) created++;
    }
    expect(created).toBe(60);
    await expectLimited(await file(citizens[0]!.token, 61, ip));
  });

  it('limits Open311 POST per integration key and leaves other keys alone', async () => {
    const key = await createIntegration(t.database.db, 'Cổng thử giới hạn', 'other');
    const other = await createIntegration(t.database.db, 'Cổng khác', 'other');
    const post = (k: string, i: number) =>
      t.request('POST', `/open311/v2/requests.json?api_key=${k}`, {
        body: new URLSearchParams({ service_code: 'ha-tang', description: content(i), address_string: 'Số 1 Trần Hưng Đạo' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    for (let i = 0; i < 120; i++) expect((await post(key, i)).status).toBe(201);
    // CONTRACT §14's answer, for Open311 clients too.
    await expectLimited(await post(key, 120));
    expect((await post(other, 0)).status).toBe(201);
  });

  it('cleans up expired sessions and finished counters', async () => {
    const citizen = await t.citizen();
    // Expired 40 days ago: past the 30 days an expired session is kept to tell it from a guess.
    const old = new Date(t.clock.now.getTime() - 70 * 86_400_000);
    const expired = await createSession(t.database.db, citizen.userId, old);
    expect((await t.request('GET', '/api/v1/me', { token: expired })).status).toBe(401);
    const before = (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(rateLimits))[0]!.n;
    expect(before).toBeGreaterThan(0);
    const deleted = await purgeExpired(t.deps, new Date(t.clock.now.getTime() + 3 * 86_400_000));
    expect(deleted).toBeGreaterThanOrEqual(1);
    expect(await t.database.db.select().from(sessions).where(eq(sessions.userId, citizen.userId))).toHaveLength(1);
    expect((await t.database.db.select({ n: sql<number>`count(*)::int` }).from(rateLimits))[0]!.n).toBe(0);
  });
});

describe.each(DB_KINDS)('filing through the OA on %s', (kind) => {
  let fake: FakeZalo;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeZalo({ appId: TEST_APP_ID });
    t = await createTestApp(kind, { env: { ...zaloEnvFor(fake), RATE_LIMIT_FACTOR: '1' }, workers: true });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it("counts against the citizen's limit: events are all stored, the 11th filing is refused with the wait", async () => {
    const user = '7000000000000000555';
    for (let i = 0; i < 11; i++) {
      const d = signed(textEvent(user, `#phananh Phản ánh qua OA số ${i}, đèn đường hỏng`));
      expect((await t.request('POST', '/webhooks/zalo', d)).status).toBe(200);
    }
    await t.runtime!.workers.drain();
    const replies = fake.textsTo(user);
    expect(replies.filter((r) => /PA-2026-\d{6}/.test(r))).toHaveLength(10);
    expect(replies.at(-1)).toMatch(/chưa được tiếp nhận. Vui lòng gửi lại sau khoảng \d+ phút/);
    const filed = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(feedback).where(eq(feedback.channel, 'zalo_oa'));
    expect(filed[0]!.n).toBe(10);
  });
});

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('rate limits across two instances on one PostgreSQL', () => {
  let both: TwoInstances;
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    both = await startTwoInstances(url!, { env: REAL });
    ({ a, b } = both);
  });
  afterAll(() => both?.close());

  it('counts one citizen on both instances, also when the requests race', async () => {
    const citizen = await a.citizen();
    const results = await Promise.all(
      Array.from({ length: 14 }, (_, i) =>
        (i % 2 ? a : b).request('POST', '/api/v1/feedback', { token: citizen.token, json: { category: 'ha-tang', content: content(i) } }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
  });

  it('blocks an address for failures seen by either instance', async () => {
    const ip = '192.0.2.44';
    for (let i = 0; i < 10; i++) {
      expect((await (i % 2 ? a : b).request('GET', '/api/v1/me', { token: 'wrong-token-wrong-token-0000', ip })).status).toBe(401);
    }
    await expectLimited(await a.request('GET', '/api/v1/me', { token: 'wrong-token-wrong-token-0000', ip }));
    await expectLimited(await b.request('GET', '/api/v1/admin/outbox', { token: ADMIN_TOKEN, ip }));
  });
});
