// Rate limits (CONTRACT §14, issue 10 point 5) at their real size, on each database and across two instances.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rateLimits, sessions } from '../../db/schema.js';
import { createIntegration, createSession } from '../../bot-server/src/features/auth/session-repository.js';
import { purgeExpired } from '../../bot-server/src/features/auth/housekeeping.js';
import { startTwoInstances, type TwoInstances } from '../support/two-instances.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { signed, TEST_APP_ID, TEST_OA_SECRET, textEvent } from '../support/zalo-webhook.js';

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

  it('limits sign-ins per address, and other addresses are unaffected', async () => {
    const signIn = (ip: string) => t.request('POST', '/api/v1/auth/zalo', { ip, json: {} });
    for (let i = 0; i < 30; i++) expect((await signIn('203.0.113.7')).status).toBe(400);
    await expectLimited(await signIn('203.0.113.7'));
    expect((await signIn('203.0.113.8')).status).toBe(400);
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

  it('limits Open311 POST per integration key, in GeoReport form, and leaves other keys alone', async () => {
    const key = await createIntegration(t.database.db, 'Cổng thử giới hạn', 'other');
    const other = await createIntegration(t.database.db, 'Cổng khác', 'other');
    const post = (k: string, i: number) =>
      t.request('POST', `/open311/v2/requests.json?api_key=${k}`, {
        body: new URLSearchParams({ service_code: 'ha-tang', description: content(i), address_string: 'Số 1 Trần Hưng Đạo' }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    for (let i = 0; i < 120; i++) expect((await post(key, i)).status).toBe(201);
    const refused = await post(key, 120);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const [error] = await refused.json();
    expect(error).toMatchObject({ code: 429 });
    expect((await post(other, 0)).status).toBe(201);
  });

  it('cleans up expired sessions and finished counters', async () => {
    const citizen = await t.citizen();
    const old = new Date(t.clock.now.getTime() - 40 * 86_400_000);
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
