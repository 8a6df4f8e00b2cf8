// When the development sign-in (fixed personas, no Zalo) may answer. Pure, unit-tested.
//
// Two gates. The server's: only in NODE_ENV=development and only without Zalo app credentials, because a server
// configured for Zalo is a deployed one whatever NODE_ENV says (an operator may forget to set it). The request's:
// only a caller on this machine (loopback socket) that names loopback in Host (no DNS rebinding) and shows no sign
// of a proxy in between, because a reverse proxy on the same machine connects from loopback on a remote client's
// behalf. Anything unknown (no socket, no Host header) means no.

export interface DevSignInServer {
  nodeEnv: string;
  zaloAppId: string | undefined;
  zaloAppSecret: string | undefined;
}

export type DevSignInMode = { on: true } | { on: false; reasons: string[] };

export interface DevSignInRequest {
  /** The socket's remote address; undefined when there is no socket (e.g. app.request in tests). */
  remoteAddress: string | undefined;
  /** The Host header as sent, with or without a port. */
  host: string | undefined;
  /** The request's headers, names in lower case (as fetch's Headers gives them). */
  headers: Readonly<Record<string, string | undefined>>;
  /** The request line's HTTP version, e.g. "1.1"; undefined when unknown. */
  httpVersion: string | undefined;
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;
/** Headers proxies and CDNs add: RFC 7239 Forwarded, Via, and the de facto client-address ones (plus X-Forwarded-*). */
const PROXY_HEADERS = new Set(['forwarded', 'via', 'x-real-ip', 'x-client-ip', 'true-client-ip', 'cf-connecting-ip']);
const X_FORWARDED = /^x-forwarded(?:-|$)/;
/** What browsers, curl and Vite's dev proxy speak to the server. */
const DIRECT_HTTP_VERSIONS = new Set(['1.1', '2.0']);

/** Whether this server offers the development sign-in at all, and if not, why (for the start-up line). */
export function devSignInMode(server: DevSignInServer): DevSignInMode {
  const reasons: string[] = [];
  if (server.nodeEnv !== 'development') reasons.push(`NODE_ENV=${server.nodeEnv}`);
  const credentials = [
    ...(server.zaloAppId !== undefined ? ['ZALO_APP_ID'] : []),
    ...(server.zaloAppSecret !== undefined ? ['ZALO_APP_SECRET'] : []),
  ];
  if (credentials.length > 0) reasons.push(`${credentials.join(' and ')} ${credentials.length > 1 ? 'are' : 'is'} set`);
  return reasons.length === 0 ? { on: true } : { on: false, reasons };
}

/** The start-up line: "Development sign-in: on (…)" or "Development sign-in: off (NODE_ENV=production)". */
export function describeDevSignInMode(mode: DevSignInMode): string {
  return mode.on
    ? 'Development sign-in: on (fixed personas, for callers on this machine only, never through a proxy)'
    : `Development sign-in: off (${mode.reasons.join('; ')})`;
}

/**
 * Signs that the request was relayed: a proxy header, or an HTTP version older than 1.1 (nginx speaks HTTP/1.0 to
 * upstreams by default, and sends no proxy header unless told to). An unknown version counts as a sign.
 */
export function showsProxy(req: Pick<DevSignInRequest, 'headers' | 'httpVersion'>): boolean {
  if (req.httpVersion === undefined || !DIRECT_HTTP_VERSIONS.has(req.httpVersion)) return true;
  return Object.entries(req.headers).some(([name, value]) => {
    const n = name.toLowerCase();
    return value !== undefined && (PROXY_HEADERS.has(n) || X_FORWARDED.test(n));
  });
}

export function devSignInAvailable(server: DevSignInServer, req: DevSignInRequest): boolean {
  if (!devSignInMode(server).on) return false;
  if (req.remoteAddress === undefined || !LOOPBACK_ADDRESSES.has(req.remoteAddress)) return false;
  if (req.host === undefined || !LOOPBACK_HOST.test(req.host.trim())) return false;
  return !showsProxy(req);
}
