// Every browser-protection header the server sends, and the policy texts, in one place.
import type { MiddlewareHandler } from 'hono';
import { tileOrigin } from './map-tiles.js';

/** Zalo's static CDNs: zmp-ui's icon font (h5.zadn.vn), user avatars, and h5.zdn.vn, which hosts mini apps. */
const ZALO_CDNS = ['https://*.zadn.vn', 'https://*.zdn.vn'];
/** Zalo's sites: more avatar hosts, and zmp-sdk's calls (h5.zalo.me, graph.zalo.me), with oauth.zaloapp.com. */
const ZALO_SITES = ['https://*.zalo.me'];
const ZALO_OAUTH = 'https://*.zaloapp.com';

/** The origin of an absolute http(s) API base; a relative base (or none) is the page's own origin. */
export function apiOrigin(apiBase: string | undefined): string | null {
  if (!apiBase || !/^https?:\/\//i.test(apiBase)) return null;
  try {
    return new URL(apiBase).origin;
  } catch {
    return null;
  }
}

/**
 * The mini app page. The build has no inline script (one module entry, lazy chunks such as chart.js under /assets),
 * so scripts are 'self' only, and no 'unsafe-eval'. Styles need no 'unsafe-inline' either: React, zmp-ui,
 * react-spring and chart.js set inline styles through element.style (the CSSOM), which CSP does not govern, and
 * nothing in the build writes style="" markup or <style> elements; the browser tests fail on any violation.
 * Photos are shown from blob: and data: URLs (fetched with the session header, or picked on the device), and the
 * photo picker reads its blob: URLs back with fetch. Map tiles are <img> elements from the tile origin
 * (MAP_TILE_URL), and only that origin. The one exception for styles is the app shell's <style> in index.html,
 * which paints before the style sheet arrives: the page passes that element's hash (`'sha256-…'`) in styleHashes.
 */
export function miniAppCsp(apiBase?: string, tileUrl?: string, styleHashes: readonly string[] = []): string {
  const api = apiOrigin(apiBase);
  const tiles = tileUrl ? tileOrigin(tileUrl) : null;
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    ['script-src', "'self'"],
    ['style-src', "'self'", ...styleHashes.map((h) => `'${h}'`)],
    ['img-src', "'self'", 'data:', 'blob:', ...ZALO_CDNS, ...ZALO_SITES, ...(tiles ? [tiles] : [])],
    ['font-src', "'self'", 'data:', ...ZALO_CDNS],
    ['connect-src', "'self'", ...(api ? [api] : []), 'blob:', ...ZALO_SITES, ZALO_OAUTH],
    ['object-src', "'none'"],
    // The server adds <base href="/"> to deep links; nothing else may move the base.
    ['base-uri', "'self'"],
    ['form-action', "'self'"],
    // Zalo's web and desktop clients may frame the app; nobody else should (clickjacking).
    ['frame-ancestors', "'self'", ...ZALO_SITES, ...ZALO_CDNS],
  ];
  return directives.map((d) => d.join(' ')).join('; ');
}

/**
 * strict-origin-when-cross-origin, not no-referrer: page addresses carry tracking codes (/feedback/PA-2026-000123),
 * and this sends other sites (Zalo's CDNs, a separate API host) only the origin, never the path; Zalo's CDNs still
 * see which site asks for a font or an avatar, should they check it. Same-origin calls keep the full address.
 */
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';

/**
 * Files the API hands out (attachments, evidence, exports): if a browser ever renders one as a document, it runs
 * nothing and loads nothing. style-src lets the browser's own image viewer style itself.
 */
export const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

/** Documents that can run script: pages of the mini app (and an SVG opened on its own). */
const isDocument = (type: string) => /^\s*(text\/html|image\/svg\+xml)\b/i.test(type);

/**
 * On every response, errors and 404s included: nosniff, so a browser never reads a file as another type than the
 * one declared (a JPEG that holds HTML stays a JPEG). Responses that carry a file (Content-Disposition) get the
 * sandbox; pages get the mini app's policy. A policy a route set itself is kept.
 */
export function securityHeaders(opts: { VITE_API_BASE?: string | undefined; MAP_TILE_URL?: string | undefined } = {}): MiddlewareHandler {
  const pagePolicy = miniAppCsp(opts.VITE_API_BASE, opts.MAP_TILE_URL);
  return async (c, next) => {
    // Set before the handler, so it goes into the response as it is built (errors included).
    c.header('X-Content-Type-Options', 'nosniff');
    await next();
    // The webhook only answers JSON, and is the hot path: reading a built response's headers makes the Node
    // adapter materialise them (bench:webhook on PostgreSQL: 78 % → 83 % of the bare-insert baseline with this).
    if (c.req.path.startsWith('/webhooks/')) return;
    const h = c.res.headers;
    h.set('X-Content-Type-Options', 'nosniff');
    const page = !h.has('Content-Disposition') && isDocument(h.get('Content-Type') ?? '');
    if (page && !h.has('Referrer-Policy')) h.set('Referrer-Policy', REFERRER_POLICY);
    if (h.has('Content-Security-Policy')) return;
    if (h.has('Content-Disposition')) {
      h.set('Content-Security-Policy', FILE_CSP);
    } else if (page) {
      h.set('Content-Security-Policy', pagePolicy);
    }
  };
}
