// Browser-protection headers: nosniff on every response, the mini app's Content-Security-Policy and
// Referrer-Policy on its pages.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../bot-server/src/app.js';
import { miniAppCsp, REFERRER_POLICY } from '../../bot-server/src/lib/security-headers.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { followEvent, signed, TEST_APP_ID, TEST_OA_SECRET } from '../support/zalo-webhook.js';

const INDEX = '<!doctype html><html><head><script type="module" src="./assets/index-Bx7kQ2.js"></script></head><body><div id="app"></div></body></html>';

describe.each(DB_KINDS)('security headers on %s', (kind) => {
  let t: TestApp;
  let app: ReturnType<typeof createApp>;
  let citizen: { token: string };
  let officer: { token: string };
  let code: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { env: { ZALO_APP_ID: TEST_APP_ID, ZALO_OA_SECRET_KEY: TEST_OA_SECRET } });
    const dir = mkdtempSync(join(tmpdir(), 'pakn-mini-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-Bx7kQ2.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'index-Bx7kQ2.css'), 'body{}');
    app = createApp({ ...t.deps, miniAppDir: dir });
    citizen = await t.citizen();
    officer = await t.staff('SO-XD', 'officer');
    const res = await t.request('POST', '/api/v1/feedback', {
      token: citizen.token,
      json: { category: 'ha-tang', content: 'Ổ gà lớn trên đường Trần Hưng Đạo, rất nguy hiểm' },
    });
    code = ((await res.json()) as { code: string }).code;
  });
  afterAll(() => t?.close());

  const get = (path: string, init: RequestInit = {}) => Promise.resolve(app.request(path, init));
  const auth = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

  it('sends nosniff on every kind of response, errors and 404s included', async () => {
    const big = 'x'.repeat(1024 * 1024 + 10);
    // A database that fails every call: the unhandled-error answer.
    const broken = createApp({ ...t.deps, db: new Proxy({}, { get: () => { throw new Error('database down'); } }) as never });
    const cases: [string, Promise<Response>, number][] = [
      ['API JSON', get('/api/v1/categories'), 200],
      ['health', get('/health'), 200],
      ['401', get('/api/v1/feedback'), 401],
      ['validation error', get('/api/v1/feedback?limit=0', auth(ADMIN_TOKEN)), 400],
      ['413', get('/api/v1/feedback', { method: 'POST', body: big, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' } }), 413],
      ['unknown API route', get('/api/v1/nope', auth(ADMIN_TOKEN)), 404],
      ['unknown file', get('/assets/missing.js'), 404],
      ['page', get('/'), 200],
      ['SPA route', get('/feedback/PA-2026-000001'), 200],
      ['script', get('/assets/index-Bx7kQ2.js'), 200],
      ['style sheet', get('/assets/index-Bx7kQ2.css'), 200],
      ['Open311 JSON', get('/open311/v2/services.json'), 200],
      ['Open311 XML', get('/open311/v2/services.xml'), 200],
      ['Open311 error', get('/open311/v2/requests/nope.xml'), 404],
      ['CORS preflight', get('/api/v1/feedback', { method: 'OPTIONS', headers: { origin: 'https://h5.zdn.vn', 'access-control-request-method': 'POST' } }), 204],
      ['webhook refused', get('/webhooks/zalo', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }), 401],
      ['webhook accepted', get('/webhooks/zalo', { method: 'POST', ...signed(followEvent('2000000000000000001')) }), 200],
      ['500', Promise.resolve(broken.request('/api/v1/categories')), 500],
    ];
    for (const [name, pending, status] of cases) {
      const res = await pending;
      expect(res.status, name).toBe(status);
      expect(res.headers.get('x-content-type-options'), name).toBe('nosniff');
    }
  });

  it('gives the mini app pages a Content-Security-Policy and a Referrer-Policy, and JSON neither', async () => {
    for (const path of ['/', '/index.html', '/feedback/PA-2026-000001', '/zapps/preview/officer']) {
      const res = await get(path);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy'), path).toBe(miniAppCsp());
      expect(res.headers.get('referrer-policy'), path).toBe(REFERRER_POLICY);
    }
    const policy = miniAppCsp();
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/unsafe-eval/);
    expect(policy).toMatch(/font-src [^;]*https:\/\/\*\.zadn\.vn/);
    expect(policy).toMatch(/img-src 'self' data: blob: https:\/\/\*\.zadn\.vn https:\/\/\*\.zdn\.vn https:\/\/\*\.zalo\.me/);
    expect(policy).toContain("object-src 'none'");
    // The page before the mini app is built gets it too.
    const unbuilt = await Promise.resolve(createApp({ ...t.deps, miniAppDir: '/nonexistent' }).request('/'));
    expect(unbuilt.headers.get('content-security-policy')).toBe(miniAppCsp());

    const json = await get('/api/v1/categories');
    expect(json.headers.get('content-security-policy')).toBeNull();
    expect(json.headers.get('referrer-policy')).toBeNull();
  });

  it("lets the page call the API origin the mini app was built with (VITE_API_BASE)", async () => {
    const other = createApp({ ...t.deps, env: { ...t.deps.env, VITE_API_BASE: 'https://pakn.example.gov.vn/api-base/' } });
    const policy = (await Promise.resolve(other.request('/'))).headers.get('content-security-policy')!;
    expect(policy).toMatch(/connect-src 'self' https:\/\/pakn\.example\.gov\.vn blob:/);
    expect(miniAppCsp('/relative')).toBe(miniAppCsp());
  });
});
