import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { getMimeType } from 'hono/utils/mime';
import { chooseEncoding, type Coding } from '../../lib/accept-encoding.js';
import { miniAppCsp } from '../../lib/security-headers.js';
import type { AppEnv } from '../auth/auth-middleware.js';

/** mini-app/dist at the repository root: the build `npm run build` in mini-app/ writes. */
export const DEFAULT_MINI_APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../mini-app/dist');

/** Build outputs under /assets/ carry a content hash in their names: they never change. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';
const SERVER_PREFIXES = ['/api', '/webhooks', '/open311', '/health'];
/** The build writes x.br and x.gz beside each text file (mini-app/precompress.ts); best first. */
const SIBLINGS = [
  ['br', '.br'],
  ['gzip', '.gz'],
] as const;

/** Client-side routes of the single-page app: GET, no file extension, not a server path. */
export function isSpaRoute(method: string, path: string): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  if (SERVER_PREFIXES.some((p) => path.startsWith(p))) return false;
  const last = path.slice(path.lastIndexOf('/') + 1);
  return !last.includes('.');
}

/** One representation of a resource, as sent. */
interface Representation {
  body: Uint8Array;
  coding: Coding;
  /** Strong, per representation: the same bytes, the same tag. */
  etag: string;
}

const tagOf = (body: Uint8Array) => `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
const representation = (body: Uint8Array, coding: Coding): Representation => ({ body, coding, etag: tagOf(body) });

/** Whether If-None-Match names this tag (weak comparison, as RFC 9110 §13.1.2 asks for GET). */
function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  return ifNoneMatch.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

function respond(c: Context<AppEnv>, rep: Representation, headers: Record<string, string>, varies: boolean): Response {
  const h = new Headers(headers);
  h.set('etag', rep.etag);
  if (varies) h.set('vary', 'Accept-Encoding');
  if (notModified(c.req.header('if-none-match'), rep.etag)) {
    h.delete('content-type');
    h.delete('content-security-policy');
    return new Response(null, { status: 304, headers: h });
  }
  if (rep.coding !== 'identity') h.set('content-encoding', rep.coding);
  h.set('content-length', String(rep.body.length));
  // Hono answers HEAD with the GET response's headers and no body.
  return new Response(rep.body, { status: 200, headers: h });
}

/**
 * A file under `root` for a request path, or null: no escaping the directory, no NUL or backslash tricks. Request
 * URLs reach here normalised already (WHATWG URL parsing removes dot segments); this holds whatever the caller.
 */
export function fileUnder(root: string, path: string): string | null {
  if (path.includes('\0') || path.includes('\\') || path.split('/').includes('..')) return null;
  const full = resolve(root, `.${path}`);
  return full.startsWith(root + sep) ? full : null;
}

/**
 * The build's files, read once per version (size and modification time) with their tags: the whole build is
 * under a megabyte and a half with its compressed copies.
 */
function fileCache() {
  const cache = new Map<string, { size: number; mtimeMs: number; rep: Representation }>();
  return async (full: string, coding: Coding, size: number, mtimeMs: number): Promise<Representation> => {
    const hit = cache.get(full);
    if (hit && hit.size === size && hit.mtimeMs === mtimeMs) return hit.rep;
    const rep = representation(await readFile(full), coding);
    cache.set(full, { size, mtimeMs, rep });
    return rep;
  };
}

const isFile = (full: string) => stat(full).then((s) => (s.isFile() ? s : null), () => null);

/** The hashes of the page's inline <style> elements, for its Content-Security-Policy (CSP3 hash-source). */
export function inlineStyleHashes(html: string): string[] {
  return [...html.matchAll(/<style(?:\s[^>]*)?>([\s\S]*?)<\/style>/gi)].map((m) => `sha256-${createHash('sha256').update(m[1]!).digest('base64')}`);
}

interface Page {
  mtimeMs: number;
  csp: string;
  reps: Record<Coding, Representation>;
}

/**
 * Serves the built mini app for browser preview on localhost; a short page explains how to build it otherwise.
 * Files are sent brotli- or gzip-compressed from the build's precompressed copies when the browser accepts that,
 * with one ETag per representation. Anything else falls through to the app's JSON 404.
 */
export function serveMiniApp(dir: string = DEFAULT_MINI_APP_DIR, opts: { apiBase?: string | undefined; tileUrl?: string | undefined } = {}) {
  const app = new Hono<AppEnv>();
  if (!existsSync(dir)) {
    app.get('/', (c) =>
      c.html(
        '<!doctype html><html lang="vi"><meta charset="utf-8"><title>PAKN</title>' +
          '<body><h1>Máy chủ PAKN đang chạy</h1><p>Ứng dụng Mini App chưa được build. API: <code>/api/v1</code>, ' +
          'Open311: <code>/open311/v2/services.json</code>, kiểm tra: <code>/health</code>.</p></body></html>',
      ),
    );
    return app;
  }
  const root = resolve(dir);
  const cached = fileCache();

  const sendFile = async (c: Context<AppEnv>, full: string): Promise<Response | null> => {
    const original = await isFile(full);
    if (!original) return null;
    // A copy older than its file is from an earlier build: not used.
    const copies = await Promise.all(
      SIBLINGS.map(async ([coding, suffix]) => {
        const s = await isFile(full + suffix);
        return s && s.mtimeMs >= original.mtimeMs ? { coding, suffix, s } : null;
      }),
    );
    const available = copies.filter((x) => x !== null);
    const coding = chooseEncoding(c.req.header('accept-encoding'), available.map((x) => x.coding));
    const copy = available.find((x) => x.coding === coding);
    const rep = copy ? await cached(full + copy.suffix, coding, copy.s.size, copy.s.mtimeMs) : await cached(full, 'identity', original.size, original.mtimeMs);
    const cacheControl = c.req.path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE;
    return respond(c, rep, { 'content-type': getMimeType(full) ?? 'application/octet-stream', 'cache-control': cacheControl }, available.length > 0);
  };

  // The build refers to its files relatively ("./assets/…", as Zalo needs). A client route such as
  // /zapps/preview/feedback/PA-2026-000001 gets the page with a base URL, so those still load from /assets/.
  // The page is small and changed here, so it is compressed here, once per build.
  let page: Page | null = null;
  const loadPage = async (): Promise<Page | null> => {
    const full = join(root, 'index.html');
    const s = await isFile(full);
    if (!s) return null;
    if (page?.mtimeMs === s.mtimeMs) return page;
    const html = (await readFile(full, 'utf8')).replace(/<head>/i, '<head>\n    <base href="/" />');
    const body = new TextEncoder().encode(html);
    page = {
      mtimeMs: s.mtimeMs,
      csp: miniAppCsp(opts.apiBase, opts.tileUrl, inlineStyleHashes(html)),
      reps: {
        identity: representation(body, 'identity'),
        br: representation(brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), 'br'),
        gzip: representation(gzipSync(body, { level: 9 }), 'gzip'),
      },
    };
    return page;
  };
  const sendPage = async (c: Context<AppEnv>): Promise<Response | null> => {
    const p = await loadPage();
    if (!p) return null;
    const coding = chooseEncoding(c.req.header('accept-encoding'), ['br', 'gzip']);
    const headers = { 'content-type': 'text/html; charset=UTF-8', 'cache-control': REVALIDATE, 'content-security-policy': p.csp };
    return respond(c, p.reps[coding], headers, true);
  };

  app.get('/*', async (c, next) => {
    const path = c.req.path;
    if (path === '/' || path === '/index.html') return (await sendPage(c)) ?? next();
    const full = fileUnder(root, path);
    const file = full && (await sendFile(c, full));
    if (file) return file;
    if (!isSpaRoute(c.req.method, path)) return next();
    return (await sendPage(c)) ?? next();
  });
  return app;
}
