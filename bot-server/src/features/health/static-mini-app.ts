import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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
    const index = serveStatic<AppEnv>({ root: dir, path: 'index.html' });
    const noNext = async () => {};
    app.get('/*', async (c: Context<AppEnv>, next) => {
      const file = await files(c, noNext);
      if (file) {
        file.headers.set('cache-control', c.req.path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
        return file;
      }
      if (!isSpaRoute(c.req.method, c.req.path)) return next();
      const page = await index(c, noNext);
      if (!page) return next();
      page.headers.set('cache-control', REVALIDATE);
      return page;
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
