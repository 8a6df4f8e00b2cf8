import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import type { AppEnv } from '../auth/auth-middleware.js';

/** mini-app/dist at the repository root: the build `npm run build` in mini-app/ writes. */
export const DEFAULT_MINI_APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../mini-app/dist');

/** Build outputs under /assets/ carry a content hash in their names: they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const SERVER_PREFIXES = ['/api', '/webhooks', '/open311', '/health'];

/** Client-side routes of the single-page app: GET, no file extension, not a server path. */
export function isSpaRoute(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (SERVER_PREFIXES.some((p) => path.startsWith(p))) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/**
 * Serves the built mini app for browser preview on localhost; a short page explains how to build it otherwise.
 * Anything else falls through to the app's JSON 404.
 */
export function serveMiniApp(dir: string = DEFAULT_MINI_APP_DIR) {
  const app = new Hono<AppEnv>();
  if (existsSync(dir)) {
    const files = serveStatic<AppEnv>({ root: dir });
    const noNext = async () => {};
    // The build refers to its files relatively ("./assets/…", as Zalo needs). A client route such as
    // /zapps/preview/feedback/PA-2026-000001 gets the page with a base URL, so those still load from /assets/.
    const page = async (c: Context<AppEnv>) => {
      const html = await readFile(join(dir, 'index.html'), 'utf8').catch(() => null);
      if (html === null) return null;
      return c.html(html.replace(/<head>/i, '<head>\n    <base href="/" />'), 200, { 'cache-control': REVALIDATE });
    };
    app.get('/*', async (c: Context<AppEnv>, next) => {
      if (c.req.path === '/' || c.req.path === '/index.html') return (await page(c)) ?? next();
      const file = await files(c, noNext);
      if (file) {
        file.headers.set('cache-control', c.req.path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
        return file;
      }
      if (!isSpaRoute(c.req.method, c.req.path)) return next();
      return (await page(c)) ?? next();
    });
  } else {
    app.get('/', (c) =>
      c.html(
        '<!doctype html><html lang="vi"><meta charset="utf-8"><title>PAKN</title>' +
          '<body><h1>Máy chủ PAKN đang chạy</h1><p>Ứng dụng Mini App chưa được build. API: <code>/api/v1</code>, ' +
          'Open311: <code>/open311/v2/services.json</code>, kiểm tra: <code>/health</code>.</p></body></html>',
      ),
    );
  }
  return app;
}
