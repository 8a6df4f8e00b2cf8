// Browser-protection headers: nosniff on every response, the mini app's Content-Security-Policy and
// Referrer-Policy on its pages, and files served under their real type, inline only when they are images.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachments, feedback } from '../../db/schema.js';
import { createApp } from '../../bot-server/src/app.js';
import { sha256Hex } from '../../bot-server/src/lib/secrets.js';
import { FILE_CSP, miniAppCsp, REFERRER_POLICY } from '../../bot-server/src/lib/security-headers.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { followEvent, signed, TEST_APP_ID, TEST_OA_SECRET } from '../support/zalo-webhook.js';

const INDEX = '<!doctype html><html><head><script type="module" src="./assets/index-Bx7kQ2.js"></script></head><body><div id="app"></div></body></html>';
// A JPEG header, then a page: sniffed as JPEG, and HTML to any browser that guesses.
const POLYGLOT = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode('<html><body><script>alert(document.domain)</script></body></html>')]);
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF');
const MP4 = new Uint8Array([0, 0, 0, 0x18, ...new TextEncoder().encode('ftypisom'), 0, 0, 0, 0]);

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
    // The default map tiles (OpenStreetMap's) are images the page may load.
    const pagePolicy = miniAppCsp(undefined, t.deps.env.MAP_TILE_URL);
    expect(pagePolicy).toMatch(/img-src [^;]*https:\/\/tile\.openstreetmap\.org(;| )/);
    for (const path of ['/', '/index.html', '/feedback/PA-2026-000001', '/zapps/preview/officer']) {
      const res = await get(path);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(res.headers.get('content-security-policy'), path).toBe(pagePolicy);
      expect(res.headers.get('referrer-policy'), path).toBe(REFERRER_POLICY);
    }
    const policy = pagePolicy;
    expect(policy).toContain("script-src 'self';");
    expect(policy).not.toMatch(/unsafe-eval/);
    expect(policy).toMatch(/font-src [^;]*https:\/\/\*\.zadn\.vn/);
    expect(policy).toMatch(/img-src 'self' data: blob: https:\/\/\*\.zadn\.vn https:\/\/\*\.zdn\.vn https:\/\/\*\.zalo\.me/);
    expect(policy).toContain("object-src 'none'");
    // The page before the mini app is built gets it too.
    const unbuilt = await Promise.resolve(createApp({ ...t.deps, miniAppDir: '/nonexistent' }).request('/'));
    expect(unbuilt.headers.get('content-security-policy')).toBe(pagePolicy);

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

  it('lets the page load images from the configured tile origin only, and none when maps are off', async () => {
    const policyWith = async (MAP_TILE_URL: string) => {
      const app = createApp({ ...t.deps, env: { ...t.deps.env, MAP_TILE_URL } });
      return (await Promise.resolve(app.request('/'))).headers.get('content-security-policy')!;
    };
    const imgSrc = (policy: string) => policy.split('; ').find((d) => d.startsWith('img-src '))!;
    const local = await policyWith('http://127.0.0.1:4567/tiles/{z}/{x}/{y}.png');
    expect(imgSrc(local)).toBe("img-src 'self' data: blob: https://*.zadn.vn https://*.zdn.vn https://*.zalo.me http://127.0.0.1:4567");
    // Nothing else is loosened: the rest of the policy is the one without maps.
    const off = await policyWith('');
    expect(imgSrc(off)).toBe("img-src 'self' data: blob: https://*.zadn.vn https://*.zdn.vn https://*.zalo.me");
    expect(local.replace(' http://127.0.0.1:4567', '')).toBe(off);
    expect(imgSrc(await policyWith('https://{s}.tile.example.vn/{z}/{x}/{y}.png'))).toMatch(/ https:\/\/\*\.tile\.example\.vn$/);
  });

  // The citizen adds photos; documents and video come from the handling unit's officers.
  const upload = async (bytes: Uint8Array, type: string, name: string, token = citizen.token) => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), name);
    const res = await t.request('POST', `/api/v1/feedback/${code}/attachments`, { token, body: form });
    expect(res.status).toBe(201);
    const [file] = (await res.json()).attachments as { id: number; fileName: string; mimeType: string }[];
    return { ...file!, url: `/api/v1/feedback/${code}/attachments/${file!.id}` };
  };

  it('serves a JPEG that holds HTML, uploaded as x.html, as an inline image/jpeg named .jpg, sandboxed', async () => {
    const file = await upload(POLYGLOT, 'text/html', 'x.html');
    expect(file).toMatchObject({ fileName: 'x.html.jpg', mimeType: 'image/jpeg' });
    for (const token of [citizen.token, officer.token]) {
      const res = await t.request('GET', file.url, { token });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''x.html.jpg");
      expect(res.headers.get('content-security-policy')).toBe(FILE_CSP);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*sandbox/);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(POLYGLOT);
    }
  });

  it('names a file stored before this rule after its type when serving it', async () => {
    const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const sha = sha256Hex(PNG);
    writeFileSync(join(t.deps.filesDir, sha), PNG);
    const [row] = await t.database.db.select({ id: feedback.id }).from(feedback).where(eq(feedback.code, code));
    const [old] = await t.database.db
      .insert(attachments)
      .values({ feedbackId: row!.id, fileName: 'cu.html', mimeType: 'image/png', size: PNG.length, sha256: sha, storageKey: sha })
      .returning({ id: attachments.id });
    const res = await t.request('GET', `/api/v1/feedback/${code}/attachments/${old!.id}`, { token: officer.token });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe("inline; filename*=UTF-8''cu.html.png");
  });

  it('downloads PDF and MP4 as attachments; names that match their type are kept', async () => {
    const pdf = await upload(PDF, 'application/pdf', 'Biên bản.PDF', officer.token);
    expect(pdf.fileName).toBe('Biên bản.PDF');
    const res = await t.request('GET', pdf.url, { token: officer.token });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename*=UTF-8''${encodeURIComponent('Biên bản.PDF')}`);
    expect(res.headers.get('content-security-policy')).toBe(FILE_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');

    const mp4 = await upload(MP4, 'video/quicktime', 'clip.mov', officer.token);
    expect(mp4.fileName).toBe('clip.mov.mp4');
    const video = await t.request('GET', mp4.url, { token: officer.token });
    expect(video.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''clip.mov.mp4");
    expect(video.headers.get('content-security-policy')).toBe(FILE_CSP);
  });

  it('exports are attachments with the sandbox policy and nosniff', async () => {
    const res = await t.request('GET', '/api/v1/indicators/feedback.xlsx?from=2026-01-01&to=2026-03-31', { token: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(res.headers.get('content-security-policy')).toBe(FILE_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
