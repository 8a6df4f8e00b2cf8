// Sign-in from the mini app (CONTRACT §7) against the fake Zalo Graph API, and CORS for the mini app origin.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { zaloEnvFor } from '../support/zalo-webhook.js';

describe.each(DB_KINDS)('mini app sign-in on %s', (kind) => {
  let fake: FakeZalo;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeZalo();
    t = await createTestApp(kind, { env: zaloEnvFor(fake) });
    fake.addUserToken('tok-citizen', { id: '3100000000000000001', name: 'Phạm Thị Lan' });
    fake.addUserToken('tok-officer', { id: '3100000000000000002', name: 'Ngô Văn Hùng' });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  const signIn = (accessToken: string) => t.request('POST', '/api/v1/auth/zalo', { json: { accessToken } });

  it('signs in somebody nobody registered as a citizen, and the session works', async () => {
    const res = await signIn('tok-citizen');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toMatchObject({ name: 'Phạm Thị Lan', roles: [] });
    const again = await (await signIn('tok-citizen')).json();
    expect(again.user.id).toBe(body.user.id);
    const filed = await t.request('POST', '/api/v1/feedback', { token: body.token, json: { content: 'Đèn đường hỏng ở ngõ 7 phố Chùa Bộc' } });
    expect(filed.status).toBe(201);
    expect((await filed.json()).channel).toBe('zalo_mini_app');
  });

  it('refuses a token Zalo does not accept, and malformed bodies', async () => {
    expect((await signIn('tok-forged')).status).toBe(401);
    expect((await t.request('POST', '/api/v1/auth/zalo', { json: {} })).status).toBe(400);
  });

  it('links an officer to the phone number an admin registered, through the getPhoneNumber token', async () => {
    await t.request('POST', '/api/v1/admin/users/import', {
      token: ADMIN_TOKEN,
      json: [{ phone: '0912345678', name: 'Ngô Văn Hùng', unit: 'SO-XD', role: 'officer' }],
    });
    const first = await (await signIn('tok-officer')).json();
    expect(first.user.roles).toEqual([]); // not linked yet: a citizen
    fake.addPhoneCode('phone-code-1', '84912345678');
    const linked = await t.request('POST', '/api/v1/auth/zalo/phone', { json: { accessToken: 'tok-officer', phoneToken: 'phone-code-1' } });
    expect(linked.status).toBe(200);
    const body = await linked.json();
    expect(body.user).toMatchObject({ name: 'Ngô Văn Hùng', roles: ['officer'] });
    expect((await t.request('GET', '/api/v1/feedback', { token: body.token })).status).toBe(200);
    // From now on a plain sign-in is the officer.
    expect((await (await signIn('tok-officer')).json()).user.roles).toEqual(['officer']);
    // A one-time code cannot be reused, and an unregistered phone is refused.
    expect((await t.request('POST', '/api/v1/auth/zalo/phone', { json: { accessToken: 'tok-officer', phoneToken: 'phone-code-1' } })).status).toBe(422);
    fake.addPhoneCode('phone-code-2', '84987654321');
    expect((await t.request('POST', '/api/v1/auth/zalo/phone', { json: { accessToken: 'tok-citizen', phoneToken: 'phone-code-2' } })).status).toBe(404);
  });

  it('answers CORS for the mini app origin and localhost, not for others', async () => {
    const pre = (origin: string) =>
      t.request('OPTIONS', '/api/v1/feedback', { headers: { origin, 'access-control-request-method': 'POST' } });
    expect((await pre('https://h5.zdn.vn')).headers.get('access-control-allow-origin')).toBe('https://h5.zdn.vn');
    expect((await pre('http://localhost:5173')).headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect((await pre('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
