// Serving a built mini app from AppDeps.miniAppDir: long caching for hashed assets, a single-page-app fallback
// that never hides the server's own 404s.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../bot-server/src/app.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/index-Bx7kQ2.js"></script></head><body><div id="app"></div></body></html>';
const SCRIPT = 'console.log("mini app");';
/** What marks the page as this build's index.html (the server may add a <base> to its head). */
const APP_ROOT = '<div id="app"></div>';

describe.each(DB_KINDS)('serving the mini app on %s', (kind) => {
  let t: TestApp;
  let app: ReturnType<typeof createApp>;
  let missing: ReturnType<typeof createApp>;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const dir = mkdtempSync(join(tmpdir(), 'pakn-mini-app-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'index-Bx7kQ2.js'), SCRIPT);
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    app = createApp({ ...t.deps, miniAppDir: dir });
    missing = createApp({ ...t.deps, miniAppDir: join(dir, 'not-built') });
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
});
