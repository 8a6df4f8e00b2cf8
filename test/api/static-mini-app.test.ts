// Serving a built mini app from AppDeps.miniAppDir: long caching for hashed assets, a single-page-app fallback
// that never hides the server's own 404s, and the build's brotli/gzip copies to browsers that accept them.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../bot-server/src/app.js';
import { fileUnder } from '../../bot-server/src/features/health/static-mini-app.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-Bx7kQ2.js"></script></head><body><div id="app"></div></body></html>';
const SCRIPT = 'console.log("mini app");';
/** What marks the page as this build's index.html (the server may add a <base> to its head). */
const APP_ROOT = '<div id="app"></div>';
const SHELL_STYLE = '.boot-header { height: 44px; }';
const SHELL_INDEX = `<!doctype html><html><head><style>${SHELL_STYLE}</style><script type="module" src="./assets/index-Big123.js"></script></head><body><div id="app"><div class="boot-header">Phản ánh, kiến nghị</div></div></body></html>`;
/** Big enough that its copies are much smaller, and not all one letter. */
const BIG_SCRIPT = Array.from({ length: 400 }, (_, i) => `export const v${i} = "Phản ánh số ${i}";`).join('\n');
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe.each(DB_KINDS)('serving the mini app on %s', (kind) => {
  let t: TestApp;
  let app: ReturnType<typeof createApp>;
  let missing: ReturnType<typeof createApp>;
  let compressed: ReturnType<typeof createApp>;
  let built: string;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const dir = mkdtempSync(join(tmpdir(), 'pakn-mini-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-Bx7kQ2.js'), SCRIPT);
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = createApp({ ...t.deps, miniAppDir: dir });
    missing = createApp({ ...t.deps, miniAppDir: join(dir, 'not-built') });

    // A build as precompress.ts leaves it: x, x.br and x.gz; a style sheet whose copies are from an earlier build.
    built = mkdtempSync(join(tmpdir(), 'pakn-mini-app-'));
    mkdirSync(join(built, 'dist', 'assets'), { recursive: true });
    const out = join(built, 'dist');
    writeFileSync(join(built, 'secret.txt'), 'outside the build');
    writeFileSync(join(out, 'index.html'), SHELL_INDEX);
    for (const [name, body] of [['assets/index-Big123.js', BIG_SCRIPT], ['assets/index-Old456.css', 'body{color:red}'.repeat(200)]] as const) {
      writeFileSync(join(out, name), body);
      writeFileSync(join(out, `${name}.br`), brotliCompressSync(body));
      writeFileSync(join(out, `${name}.gz`), gzipSync(body));
    }
    // The copies of the style sheet are older than it: stale, not to be sent.
    const past = new Date(Date.now() - 3600_000);
    for (const suffix of ['.br', '.gz']) utimesSync(join(out, `assets/index-Old456.css${suffix}`), past, past);
    writeFileSync(join(out, 'assets', 'tiny-789.js'), SCRIPT);
    compressed = createApp({ ...t.deps, miniAppDir: out });
  });
  afterAll(() => t?.close());

  const get = (path: string, init: RequestInit = {}, target = app) => Promise.resolve(target.request(path, init));

  it('serves index.html at / without caching, and hashed assets as immutable', async () => {
    const home = await get('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(home.headers.get('cache-control')).toBe('no-cache');
    expect(await home.text()).toContain(APP_ROOT);
    const index = await get('/index.html');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const script = await get('/assets/index-Bx7kQ2.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await script.text()).toBe(SCRIPT);
    // Files outside /assets/ have no hash in their name: revalidated.
    expect((await get('/favicon.svg')).headers.get('cache-control')).toBe('no-cache');
  });

  it('answers client-side routes with index.html, uncached', async () => {
    for (const path of ['/feedback/PA-2026-000001', '/dti/review', '/staff/units/SO-XD']) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain(APP_ROOT);
    }
  });

  it('leaves missing files, server paths and other methods to the JSON 404', async () => {
    const cases: [string, RequestInit][] = [
      ['/assets/index-missing.js', {}],
      ['/logo.png', {}],
      ['/feedback/report.pdf', {}],
      ['/api/v1/nope', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } }],
      ['/webhooks/nope', {}],
      ['/open311/nope', {}],
      ['/health/extra', {}],
      ['/feedback/PA-2026-000001', { method: 'POST' }],
      ['/', { method: 'DELETE' }],
    ];
    for (const [path, init] of cases) {
      const res = await get(path, init);
      expect(res.status, `${init.method ?? 'GET'} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(((await res.json()) as { error: string }).error).toBe('not_found');
    }
    // The API keeps its own answers.
    expect((await get('/api/v1/nope')).status).toBe(401);
    expect(await (await get('/health')).json()).toEqual({ status: 'ok', db: kind });
  });

  it('explains how to build the mini app when the directory does not exist', async () => {
    const res = await get('/', {}, missing);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('Mini App chưa được build');
    expect((await get('/feedback/PA-2026-000001', {}, missing)).status).toBe(404);
  });

  describe('compressed answers', () => {
    const fetchBuilt = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
      get(path, { method, headers }, compressed);

    it('sends brotli when the browser accepts it, gzip when only that, and the same bytes after decompression', async () => {
      const br = await fetchBuilt('/assets/index-Big123.js', { 'accept-encoding': 'gzip, deflate, br' });
      expect(br.status).toBe(200);
      expect(br.headers.get('content-encoding')).toBe('br');
      expect(br.headers.get('vary')).toBe('Accept-Encoding');
      expect(br.headers.get('content-type')).toMatch(/javascript/);
      expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const brBody = await bytes(br);
      expect(Number(br.headers.get('content-length'))).toBe(brBody.length);
      expect(brBody.length).toBeLessThan(Buffer.byteLength(BIG_SCRIPT) / 3);
      expect(brotliDecompressSync(brBody).toString('utf8')).toBe(BIG_SCRIPT);

      for (const accept of ['gzip', 'br;q=0.5, gzip', 'gzip, br;q=0']) {
        const gz = await fetchBuilt('/assets/index-Big123.js', { 'accept-encoding': accept });
        expect(gz.headers.get('content-encoding'), accept).toBe('gzip');
        expect(gz.headers.get('vary')).toBe('Accept-Encoding');
        const body = await bytes(gz);
        expect(Number(gz.headers.get('content-length'))).toBe(body.length);
        expect(gunzipSync(body).toString('utf8')).toBe(BIG_SCRIPT);
      }
    });

    it('sends the file as it is without Accept-Encoding, or when nothing else is acceptable', async () => {
      for (const headers of [{} as Record<string, string>, { 'accept-encoding': 'identity' }, { 'accept-encoding': 'br;q=0, gzip;q=0' }, { 'accept-encoding': 'deflate' }]) {
        const res = await fetchBuilt('/assets/index-Big123.js', headers);
        expect(res.headers.get('content-encoding'), JSON.stringify(headers)).toBeNull();
        // Caches must still key on the header: another browser gets another representation.
        expect(res.headers.get('vary')).toBe('Accept-Encoding');
        const body = await bytes(res);
        expect(Number(res.headers.get('content-length'))).toBe(body.length);
        expect(body.toString('utf8')).toBe(BIG_SCRIPT);
      }
    });

    it('gives each representation its own ETag and answers 304 to the matching one only', async () => {
      const tags = new Map<string, string>();
      for (const accept of ['br', 'gzip', 'identity']) {
        const res = await fetchBuilt('/assets/index-Big123.js', { 'accept-encoding': accept });
        tags.set(accept, res.headers.get('etag')!);
        expect(res.headers.get('etag')).toMatch(/^"[\w-]+"$/);
      }
      expect(new Set(tags.values()).size).toBe(3);
      // Stable: the same representation, the same tag.
      expect((await fetchBuilt('/assets/index-Big123.js', { 'accept-encoding': 'br' })).headers.get('etag')).toBe(tags.get('br'));

      const hit = await fetchBuilt('/assets/index-Big123.js', { 'accept-encoding': 'br', 'if-none-match': tags.get('br')! });
      expect(hit.status).toBe(304);
      expect(hit.headers.get('etag')).toBe(tags.get('br'));
      expect(hit.headers.get('vary')).toBe('Accept-Encoding');
      expect(hit.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await bytes(hit)).length).toBe(0);
      // Weak comparison, and a list.
      expect((await fetchBuilt('/assets/index-Big123.js', { 'accept-encoding': 'br', 'if-none-match': `"x", W/${tags.get('br')}` })).status).toBe(304);
      // The gzip copy's tag does not match the brotli answer.
      const miss = await fetchBuilt('/assets/index-Big123.js', { 'accept-encoding': 'br', 'if-none-match': tags.get('gzip')! });
      expect(miss.status).toBe(200);
      expect(miss.headers.get('content-encoding')).toBe('br');
    });

    it('answers HEAD with the headers of GET and no body', async () => {
      const getRes = await fetchBuilt('/assets/index-Big123.js', { 'accept-encoding': 'br' });
      const head = await fetchBuilt('/assets/index-Big123.js', { 'accept-encoding': 'br' }, 'HEAD');
      expect(head.status).toBe(200);
      for (const h of ['content-encoding', 'content-length', 'content-type', 'etag', 'vary', 'cache-control']) {
        expect(head.headers.get(h), h).toBe(getRes.headers.get(h));
      }
      expect((await bytes(head)).length).toBe(0);
      const page = await fetchBuilt('/', { 'accept-encoding': 'gzip' }, 'HEAD');
      expect(page.status).toBe(200);
      expect(page.headers.get('content-encoding')).toBe('gzip');
      expect((await bytes(page)).length).toBe(0);
    });

    it('does not send copies older than their file, nor vary when a file has none', async () => {
      const css = await fetchBuilt('/assets/index-Old456.css', { 'accept-encoding': 'br, gzip' });
      expect(css.headers.get('content-encoding')).toBeNull();
      expect(await css.text()).toBe('body{color:red}'.repeat(200));
      const tiny = await fetchBuilt('/assets/tiny-789.js', { 'accept-encoding': 'br, gzip' });
      expect(tiny.headers.get('content-encoding')).toBeNull();
      expect(tiny.headers.get('vary')).toBeNull();
      expect(await tiny.text()).toBe(SCRIPT);
    });

    it('compresses the page, uncached, with its inline shell style allowed by hash', async () => {
      const hash = `'sha256-${createHash('sha256').update(SHELL_STYLE).digest('base64')}'`;
      for (const path of ['/', '/index.html', '/feedback/PA-2026-000001']) {
        const res = await fetchBuilt(path, { 'accept-encoding': 'gzip, br' });
        expect(res.status, path).toBe(200);
        expect(res.headers.get('content-encoding')).toBe('br');
        expect(res.headers.get('vary')).toBe('Accept-Encoding');
        expect(res.headers.get('cache-control')).toBe('no-cache');
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        const csp = res.headers.get('content-security-policy')!;
        expect(csp).toMatch(new RegExp(`style-src 'self' ${hash.replace(/[+/]/g, '\\$&')}(;|$)`));
        // Only the style: scripts stay 'self'.
        expect(csp).toMatch(/script-src 'self'(;|$)/);
        expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
        const html = brotliDecompressSync(await bytes(res)).toString('utf8');
        expect(html).toContain('<base href="/" />');
        expect(html).toContain('<div class="boot-header">Phản ánh, kiến nghị</div>');
      }
      const plain = await fetchBuilt('/');
      expect(plain.headers.get('content-encoding')).toBeNull();
      const tag = plain.headers.get('etag')!;
      expect(await plain.text()).toContain('boot-header');
      const again = await fetchBuilt('/', { 'if-none-match': tag });
      expect(again.status).toBe(304);
      expect(again.headers.get('cache-control')).toBe('no-cache');
    });

    it('never serves a file from outside the build', async () => {
      // Over HTTP the URL parser removes dot segments before the app sees the path.
      for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt']) {
        const res = await fetchBuilt(path);
        expect(await res.text(), path).not.toContain('outside the build');
      }
      // The path check itself, for any caller.
      const root = join(built, 'dist');
      expect(fileUnder(root, '/assets/index-Big123.js')).toBe(join(root, 'assets/index-Big123.js'));
      for (const path of ['/../secret.txt', '/assets/../../secret.txt', '/..', '/a\\..\\..\\secret.txt', '/x\0.js', '/../dist-other/x.js']) {
        expect(fileUnder(root, path), path).toBeNull();
      }
    });
  });
});
