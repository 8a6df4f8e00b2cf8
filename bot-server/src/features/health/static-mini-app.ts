import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from '../auth/auth-middleware.js';

const DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../mini-app/dist');

/** Serves the built mini app for browser preview on localhost; a short page explains how to build it otherwise. */
export function serveMiniApp() {
  const app = new Hono<AppEnv>();
  if (existsSync(DIST)) {
    const root = relative(process.cwd(), DIST);
    app.use('/*', serveStatic({ root }));
    app.get('/*', serveStatic({ root, path: 'index.html' }));
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
