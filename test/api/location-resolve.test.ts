// The mini app's getLocation token becomes coordinates through the (fake) Zalo Graph API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import { DB_KINDS } from '../support/test-db.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { zaloEnvFor } from '../support/zalo-webhook.js';

describe.each(DB_KINDS)('location from the mini app on %s', (kind) => {
  let fake: FakeZalo;
  let t: TestApp;
  let bare: TestApp;
  let citizen: { token: string };

  beforeAll(async () => {
    fake = await startFakeZalo();
    t = await createTestApp(kind, { env: zaloEnvFor(fake) });
    // Same database, no Zalo settings at all.
    bare = await createTestApp(kind, { database: t.database, env: { ZALO_GRAPH_BASE: fake.baseUrl } });
    fake.addUserToken('tok-lan', { id: '3100000000000000011', name: 'Phạm Thị Lan' });
    citizen = await t.citizen();
  });
  afterAll(async () => {
    await bare?.close();
    await t?.close();
    await fake?.close();
  });

  const resolve = (app: TestApp, json: unknown, token: string | undefined = citizen.token) =>
    app.request('POST', '/api/v1/location/resolve', { token, json });

  it('exchanges a location token for coordinates sent as strings or numbers', async () => {
    fake.addLocationCode('loc-1', { latitude: '21.0285', longitude: '105.8542' });
    const res = await resolve(t, { accessToken: 'tok-lan', locationToken: 'loc-1' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ lat: 21.0285, lng: 105.8542 });
    fake.addLocationCode('loc-2', { latitude: 11.5649, longitude: 108.9886 });
    expect(await (await resolve(t, { accessToken: 'tok-lan', locationToken: 'loc-2' })).json()).toEqual({ lat: 11.5649, lng: 108.9886 });
    // The token was sent as `code`, with the app secret.
    expect(fake.requestsTo('/v2.0/me/info').length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the phone number exchange working on the same endpoint', async () => {
    fake.addPhoneCode('phone-1', '84912000111');
    fake.addLocationCode('loc-3', { latitude: '10.7769', longitude: '106.7009' });
    // A phone code is not a location.
    const wrong = await resolve(t, { accessToken: 'tok-lan', locationToken: 'phone-1' });
    expect(wrong.status).toBe(502);
    expect((await wrong.json()).error).toBe('zalo_bad_response');
    expect((await resolve(t, { accessToken: 'tok-lan', locationToken: 'loc-3' })).status).toBe(200);
  });

  it('answers 422 with Zalo’s reason when Zalo refuses the token (the caller’s to fix), including a reused one', async () => {
    fake.addLocationCode('loc-once', { latitude: '21', longitude: '105' });
    expect((await resolve(t, { accessToken: 'tok-lan', locationToken: 'loc-once' })).status).toBe(200);
    const reused = await resolve(t, { accessToken: 'tok-lan', locationToken: 'loc-once' });
    expect(reused.status).toBe(422);
    const body = await reused.json();
    expect(body.error).toBe('invalid_location_token');
    expect(body.errors[0].field).toBe('locationToken');
    expect(body.message).toContain('-2006');
    expect(body.message).toContain('Invalid or expired code');
    fake.addLocationCode('loc-4', { latitude: '21', longitude: '105' });
    const badAccess = await resolve(t, { accessToken: 'tok-forged', locationToken: 'loc-4' });
    expect(badAccess.status).toBe(422);
    expect((await badAccess.json()).message).toContain('452');
  });

  it('answers 400 naming the field to a token that cannot travel in an HTTP header', async () => {
    for (const bad of ['tok\nen', 'tôken', 'tok en', 'a\u0001b']) {
      const res = await resolve(t, { accessToken: bad, locationToken: 'loc-x' });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect((await res.json()).issues[0].field).toBe('accessToken');
      const signIn = await t.request('POST', '/api/v1/auth/zalo', { json: { accessToken: bad } });
      expect(signIn.status, JSON.stringify(bad)).toBe(400);
    }
  });

  it('rejects coordinates out of range or not numbers', async () => {
    const cases: [string | number, string | number][] = [
      ['91', '105'],
      ['21', '-180.5'],
      ['abc', '105'],
      ['', '105'],
      [1e400, 0],
    ];
    for (const [i, [latitude, longitude]] of cases.entries()) {
      fake.addLocationCode(`bad-${i}`, { latitude, longitude });
      const res = await resolve(t, { accessToken: 'tok-lan', locationToken: `bad-${i}` });
      expect(res.status, `${latitude}, ${longitude}`).toBe(502);
      expect((await res.json()).error).toBe('zalo_bad_response');
    }
  });

  it('needs a signed-in caller, a valid body and ZALO_APP_SECRET', async () => {
    fake.addLocationCode('loc-5', { latitude: '21', longitude: '105' });
    expect((await resolve(t, { accessToken: 'tok-lan', locationToken: 'loc-5' }, '')).status).toBe(401);
    const invalid = await resolve(t, { accessToken: 'tok-lan' });
    expect(invalid.status).toBe(400);
    expect((await invalid.json()).issues[0].field).toBe('locationToken');
    const unconfigured = await resolve(bare, { accessToken: 'tok-lan', locationToken: 'loc-5' });
    expect(unconfigured.status).toBe(503);
    expect((await unconfigured.json()).error).toBe('not_configured');
  });

  it('says Zalo is unavailable when it does not answer properly', async () => {
    fake.addLocationCode('loc-6', { latitude: '21', longitude: '105' });
    fake.failNext(1, 500);
    const res = await resolve(t, { accessToken: 'tok-lan', locationToken: 'loc-6' });
    expect(res.status).toBe(503);
    expect((await res.json()).error).toBe('zalo_unavailable');
  });
});
