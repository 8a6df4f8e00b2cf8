import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OpenDb } from '../../db/open-db.js';
import { zaloTokens } from '../../db/schema.js';
import { createOaClient, ZaloApiError, type OaClient } from '../../bot-server/src/features/zalo/oa-client.js';
import { createTokenStore, type TokenPair, type TokenStore } from '../../bot-server/src/features/zalo/zalo-token-store.js';
import { createLogger } from '../../bot-server/src/lib/logger.js';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import { DB_KINDS, openTestDb } from '../support/test-db.js';

const APP_ID = '3141592653589793238';
const APP_SECRET = 'app-secret-for-tests';
const BIG_ID = '7123456789012345678';
const USER = '2718281828459045235';

describe.each(DB_KINDS)('Zalo OA client on %s', (kind) => {
  let database: OpenDb;
  let fake: FakeZalo;
  let logLines: string[];
  let waits: number[];
  const clock = { now: new Date('2026-03-02T02:00:00Z') };

  beforeAll(async () => {
    database = await openTestDb(kind);
  });
  afterAll(() => database?.close());

  beforeEach(async () => {
    await database.db.delete(zaloTokens);
    fake = await startFakeZalo({ appId: APP_ID, appSecret: APP_SECRET, accessToken: 'at-initial-1', refreshToken: 'rt-initial-1' });
    logLines = [];
    waits = [];
    clock.now = new Date('2026-03-02T02:00:00Z');
  });
  afterEach(async () => {
    await fake.close();
    // Whatever happened, the logs never carry a token or a phone number.
    const logs = logLines.join('');
    for (const secret of ['at-initial-1', 'rt-initial-1', fake.accessToken, fake.refreshToken, APP_SECRET, '84912345678']) {
      if (secret) expect(logs).not.toContain(secret);
    }
  });

  const log = () =>
    createLogger(
      'debug',
      new Writable({
        write(chunk, _enc, done) {
          logLines.push(String(chunk));
          done();
        },
      }),
    );

  /** A token store, as one server instance builds it; `null` = no pair in the environment. */
  const store = (
    initial: TokenPair | null = { accessToken: 'at-initial-1', refreshToken: 'rt-initial-1' },
    opts: { waitMs?: number } = {},
  ) => createTokenStore(database.db, { initial: initial ?? undefined, now: () => new Date(clock.now), ...opts });

  const client = (tokens: TokenStore, over: { timeoutMs?: number; maxAttempts?: number } = {}): OaClient =>
    createOaClient(
      {
        appId: APP_ID,
        appSecret: APP_SECRET,
        openapiBase: fake.baseUrl,
        oauthBase: fake.baseUrl,
        businessBase: `${fake.baseUrl}/`,
        timeoutMs: over.timeoutMs ?? 2000,
        ...(over.maxAttempts ? { maxAttempts: over.maxAttempts } : {}),
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
      tokens,
      log(),
    );

  const storedPair = async () => {
    const [row] = await database.db.select().from(zaloTokens).where(eq(zaloTokens.id, 1));
    return row;
  };

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected the call to fail');
      },
      (e: unknown) => {
        expect(e).toBeInstanceOf(ZaloApiError);
        return e as ZaloApiError;
      },
    );

  const oauthRefresh = (refreshToken: string) =>
    fetch(`${fake.baseUrl}/v4/oa/access_token`, {
      method: 'POST',
      headers: { secret_key: APP_SECRET, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ refresh_token: refreshToken, app_id: APP_ID, grant_type: 'refresh_token' }).toString(),
    }).then((r) => r.json());

  it('sends text, images and a request for user info as Zalo expects them', async () => {
    const oa = client(store());
    const sent = await oa.sendConsultation(USER, { text: 'Chào anh/chị, phản ánh đã được tiếp nhận.' });
    expect(sent.messageId).toMatch(/^[0-9a-f]{32}$/);
    await oa.sendConsultation(USER, { text: 'Ảnh hiện trường', imageUrl: `${fake.baseUrl}/media/a.jpg` });
    await oa.sendConsultation(USER, { attachmentId: 'att-123' });
    await oa.sendConsultation(USER, { requestUserInfo: { title: 'Chia sẻ thông tin', subtitle: 'Để cán bộ liên hệ', imageUrl: 'https://x/y.png' } });
    expect(fake.textsTo(USER)).toEqual(['Chào anh/chị, phản ánh đã được tiếp nhận.', 'Ảnh hiện trường']);
    const [, image, byId, info] = fake.messagesTo(USER).map((m) => m.message);
    expect(image).toEqual({
      text: 'Ảnh hiện trường',
      attachment: {
        type: 'template',
        payload: { template_type: 'media', elements: [{ media_type: 'image', url: `${fake.baseUrl}/media/a.jpg` }] },
      },
    });
    expect(byId).toEqual({
      attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: 'att-123' }] } },
    });
    expect(info).toMatchObject({ attachment: { payload: { template_type: 'request_user_info', elements: [{ title: 'Chia sẻ thông tin', image_url: 'https://x/y.png' }] } } });
    // The env pair was stored on first use.
    expect(await storedPair()).toMatchObject({ accessToken: 'at-initial-1', refreshToken: 'rt-initial-1', refreshingUntil: null });
  });

  it('refreshes once on -216, retries, and persists the rotated pair', async () => {
    const oa = client(store());
    fake.expireAccessToken();
    await oa.sendConsultation(USER, { text: 'xin chào' });
    expect(fake.refreshCount).toBe(1);
    expect(fake.requestsTo('/v3.0/oa/message/cs')).toHaveLength(2);
    expect(fake.textsTo(USER)).toEqual(['xin chào']);
    expect(waits).toEqual([]); // a refresh is not a backoff
    const row = await storedPair();
    expect(row).toMatchObject({ accessToken: fake.accessToken, refreshToken: fake.refreshToken, refreshingUntil: null });
    expect(row!.refreshToken).not.toBe('rt-initial-1');
    expect(row!.expiresAt!.getTime()).toBe(clock.now.getTime() + 90_000_000);
    // Single use: the old refresh token is spent.
    expect(await oauthRefresh('rt-initial-1')).toMatchObject({ error: -14014 });
  });

  it('refreshes on -220 (expired) too', async () => {
    const oa = client(store());
    fake.expireAccessToken(-220);
    await oa.getProfile(USER);
    expect(fake.refreshCount).toBe(1);
  });

  it('ignores the environment pair once the database holds a rotated one', async () => {
    fake.expireAccessToken();
    await client(store()).sendConsultation(USER, { text: 'một' });
    const rotated = await storedPair();
    // A restart (or a second instance) still configured with the stale env pair.
    const restarted = store({ accessToken: 'at-initial-1', refreshToken: 'rt-initial-1' });
    expect(await restarted.accessToken(async () => {
      throw new Error('must not refresh');
    })).toBe(rotated!.accessToken);
    await client(restarted).sendConsultation(USER, { text: 'hai' });
    expect(fake.refreshCount).toBe(1);
    expect(await storedPair()).toMatchObject({ accessToken: rotated!.accessToken, refreshToken: rotated!.refreshToken });
  });

  it('lets only one of two instances refresh when both hit -216 at once', async () => {
    const a = client(store());
    const b = client(store());
    await a.sendConsultation(USER, { text: 'warm-up' }); // stores the env pair
    fake.expireAccessToken();
    fake.refreshDelayMs = 300; // both see -216 while the refresh is still running
    const [ra, rb] = await Promise.all([
      a.sendConsultation(USER, { text: 'từ A' }),
      b.sendConsultation(BIG_ID, { text: 'từ B' }),
    ]);
    expect(ra.messageId).not.toBe(rb.messageId);
    expect(fake.refreshCount).toBe(1);
    expect(fake.requestsTo('/v3.0/oa/message/cs')).toHaveLength(5); // warm-up, two -216, two retries
    expect(fake.textsTo(USER)).toEqual(['warm-up', 'từ A']);
    expect(fake.textsTo(BIG_ID)).toEqual(['từ B']);
    expect(await storedPair()).toMatchObject({ accessToken: fake.accessToken, refreshToken: fake.refreshToken, refreshingUntil: null });
  });

  it('waits for a live lease of another instance, and takes over one that has lapsed', async () => {
    const oa = client(store(undefined, { waitMs: 300 }));
    await oa.sendConsultation(USER, { text: 'ok' });
    fake.expireAccessToken();
    // Another instance is refreshing right now (and, here, never finishes).
    await database.db.update(zaloTokens).set({ refreshingUntil: new Date(clock.now.getTime() + 30_000) });
    const err = await failure(oa.sendConsultation(USER, { text: 'chờ' }));
    expect(err).toMatchObject({ kind: 'auth', retryable: true });
    expect(fake.refreshCount).toBe(0);
    // Its lease lapses (the instance died): the next call refreshes.
    clock.now = new Date(clock.now.getTime() + 31_000);
    await oa.sendConsultation(USER, { text: 'tiếp' });
    expect(fake.refreshCount).toBe(1);
    expect(await storedPair()).toMatchObject({ refreshToken: fake.refreshToken, refreshingUntil: null });
  });

  it('says re-authorisation is needed when Zalo refuses the refresh token, and keeps the pair', async () => {
    const oa = client(store());
    await oa.sendConsultation(USER, { text: 'ok' });
    fake.revokeRefreshToken();
    fake.expireAccessToken();
    const err = await failure(oa.sendConsultation(USER, { text: 'không gửi được' }));
    expect(err).toMatchObject({ kind: 'auth', retryable: false, code: -14014 });
    expect(err.message).toMatch(/re-authorisation is needed/);
    expect(err.message).not.toContain('rt-initial-1');
    expect(await storedPair()).toMatchObject({ accessToken: 'at-initial-1', refreshToken: 'rt-initial-1', refreshingUntil: null });
    expect(fake.refreshCount).toBe(1);
    // The same instance does not spend another call on a refresh token Zalo refused.
    await failure(oa.sendConsultation(USER, { text: 'lần nữa' }));
    expect(fake.refreshCount).toBe(1);
  });

  it('recovers with a re-authorised pair from the environment when the stored one is refused', async () => {
    await client(store()).sendConsultation(USER, { text: 'ok' });
    // The admin re-authorised the app: Zalo now knows a new pair, which the operator put in the environment.
    await fake.close();
    fake = await startFakeZalo({ appId: APP_ID, appSecret: APP_SECRET, accessToken: 'at-reauth-2', refreshToken: 'rt-reauth-2' });
    const oa = client(store({ accessToken: 'at-reauth-2', refreshToken: 'rt-reauth-2' }));
    await oa.sendConsultation(USER, { text: 'đã kết nối lại' });
    expect(fake.refreshCount).toBe(2); // stored token refused, then the environment's accepted
    expect(await storedPair()).toMatchObject({ accessToken: fake.accessToken, refreshToken: fake.refreshToken });
  });

  it('does not retry outside the messaging window (-230) and says so', async () => {
    fake.refuseUser(USER, -230);
    const err = await failure(client(store()).sendConsultation(USER, { text: 'quá 7 ngày' }));
    expect(err).toMatchObject({ kind: 'window', retryable: false, code: -230 });
    expect(fake.requestsTo('/v3.0/oa/message/cs')).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(fake.messages).toHaveLength(0);
  });

  it('does not retry a text over 2000 characters (-201)', async () => {
    const err = await failure(client(store()).sendConsultation(USER, { text: 'a'.repeat(2001) }));
    expect(err).toMatchObject({ kind: 'invalid', retryable: false, code: -201 });
    expect(fake.requestsTo('/v3.0/oa/message/cs')).toHaveLength(1);
  });

  it('retries HTTP 5xx with jittered exponential backoff', async () => {
    fake.failNext(2, 502);
    const sent = await client(store()).sendConsultation(USER, { text: 'sau hai lỗi' });
    expect(sent.messageId).toBeTruthy();
    expect(fake.requestsTo('/v3.0/oa/message/cs')).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeLessThan(200);
    expect(waits[1]).toBeLessThan(400);
  });

  it('gives up after the last attempt with a retryable server error', async () => {
    fake.failNext(10);
    const err = await failure(client(store()).sendConsultation(USER, { text: 'x' }));
    expect(err).toMatchObject({ kind: 'server', retryable: true, status: 500, code: 0 });
    expect(fake.requestsTo('/v3.0/oa/message/cs')).toHaveLength(4);
    expect(waits).toHaveLength(3);
  });

  it('retries the rate limit (-32)', async () => {
    fake.zaloErrorNext(1, -32);
    await client(store()).sendConsultation(USER, { text: 'chậm lại' });
    expect(fake.requestsTo('/v3.0/oa/message/cs')).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it('times out a hanging request and retries it', async () => {
    fake.hangNext(1);
    const started = Date.now();
    await client(store(), { timeoutMs: 300 }).sendConsultation(USER, { text: 'sau khi treo' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect(fake.requestsTo('/v3.0/oa/message/cs')).toHaveLength(2);
    expect(fake.textsTo(USER)).toEqual(['sau khi treo']);
    expect(waits).toHaveLength(1);
  });

  it('refreshes ahead of time when the token expires within 5 minutes', async () => {
    const oa = client(store());
    await oa.sendConsultation(USER, { text: 'một' });
    await database.db.update(zaloTokens).set({ expiresAt: new Date(clock.now.getTime() + 4 * 60_000) });
    await oa.sendConsultation(USER, { text: 'hai' });
    expect(fake.refreshCount).toBe(1);
    expect(fake.requestsTo('/v3.0/oa/message/cs')).toHaveLength(2); // no -216 round trip
  });

  it('sends ZNS to a valid phone and refuses an invalid one', async () => {
    const oa = client(store());
    const sent = await oa.sendZns('84912345678', '301234', { ma_phan_anh: 'PA-2026-000123', trang_thai: 'Đã xử lý' }, 'outbox-42');
    expect(sent.msgId).toMatch(/^[0-9a-f]{32}$/);
    expect(sent.sentTime).toMatch(/^\d+$/);
    expect(fake.zns).toEqual([
      expect.objectContaining({
        phone: '84912345678',
        templateId: '301234',
        templateData: { ma_phan_anh: 'PA-2026-000123', trang_thai: 'Đã xử lý' },
        trackingId: 'outbox-42',
      }),
    ]);
    const err = await failure(oa.sendZns('0912345678', '301234', {}, 'outbox-43'));
    expect(err).toMatchObject({ kind: 'invalid', retryable: false, code: -108 });
    expect(fake.requestsTo('/message/template')).toHaveLength(2);
  });

  it('refreshes the token for ZNS too', async () => {
    fake.expireAccessToken();
    await client(store()).sendZns('84912345678', '301234', { a: 1 }, 't-1');
    expect(fake.refreshCount).toBe(1);
    expect(fake.zns).toHaveLength(1);
  });

  it('reads a profile, with defaults for users the fake does not know', async () => {
    fake.setProfile(USER, {
      displayName: 'Trần Thị Bình',
      isFollower: false,
      lastInteractionDate: '01/03/2026',
      sharedInfo: { name: 'Trần Thị Bình', phone: '84912345678' },
    });
    const oa = client(store());
    expect(await oa.getProfile(USER)).toMatchObject({
      userId: USER,
      displayName: 'Trần Thị Bình',
      isFollower: false,
      lastInteractionDate: '01/03/2026',
      sharedInfo: { name: 'Trần Thị Bình', phone: '84912345678' },
    });
    const unknown = await oa.getProfile('1000000000000000001');
    expect(unknown).toMatchObject({ userId: '1000000000000000001', isFollower: true, sharedInfo: undefined });
    expect(unknown.displayName).toBeTruthy();
  });

  it('keeps a 64-bit Zalo id a string end to end, even when an answer carries it as a number', async () => {
    const oa = client(store());
    fake.idsAsNumbers = true;
    fake.setProfile(BIG_ID, { userIdByApp: '8123456789012345679', displayName: 'Lê Văn C' });
    await oa.sendConsultation(BIG_ID, { text: 'id lớn' });
    expect(fake.messagesTo(BIG_ID)).toHaveLength(1);
    expect(fake.messagesTo(BIG_ID)[0]!.userId).toBe(BIG_ID);
    const profile = await oa.getProfile(BIG_ID);
    expect(profile.userId).toBe(BIG_ID);
    expect(profile.userIdByApp).toBe('8123456789012345679');
    expect(Number(BIG_ID).toString()).not.toBe(BIG_ID); // what Number() would have done
  });

  it('refuses to send without a configured token pair', async () => {
    const err = await failure(client(store(null)).sendConsultation(USER, { text: 'x' }));
    expect(err).toMatchObject({ kind: 'auth', retryable: false });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('fake Zalo', () => {
  let fake: FakeZalo;
  beforeAll(async () => {
    fake = await startFakeZalo({ appSecret: 's' });
  });
  afterAll(() => fake.close());

  it('serves media, the graph profile and the one-time phone code', async () => {
    fake.addMedia('anh.jpg', new Uint8Array([0xff, 0xd8, 0xff]), 'image/jpeg');
    const media = await fetch(`${fake.baseUrl}/media/anh.jpg`);
    expect(media.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await media.arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff]));
    expect((await fetch(`${fake.baseUrl}/media/none.jpg`)).status).toBe(404);

    fake.addUserToken('user-tok', { id: BIG_ID, name: 'Dân' });
    const me = await (await fetch(`${fake.baseUrl}/v2.0/me?fields=id,name,picture`, { headers: { access_token: 'user-tok' } })).json();
    expect(me).toMatchObject({ id: BIG_ID, name: 'Dân', error: 0, picture: { data: { url: expect.any(String) } } });
    const bad = (await (await fetch(`${fake.baseUrl}/v2.0/me?fields=id`, { headers: { access_token: 'nope' } })).json()) as { error: number };
    expect(bad.error).toBe(452);

    fake.addPhoneCode('code-1', '84912345678');
    const info = () =>
      fetch(`${fake.baseUrl}/v2.0/me/info`, { headers: { access_token: 'user-tok', code: 'code-1', secret_key: 's' } }).then((r) => r.json() as Promise<{ error: number }>);
    expect(await info()).toEqual({ data: { number: '84912345678' }, error: 0, message: 'Success' });
    expect((await info()).error).not.toBe(0);
  });
});
