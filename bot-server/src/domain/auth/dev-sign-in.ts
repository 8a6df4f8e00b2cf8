// When the development sign-in (fixed personas, no Zalo) may answer. Pure, unit-tested.
//
// Only in NODE_ENV=development, only to a caller on this machine (the socket's remote address is loopback), and
// only when the Host header names loopback too, so a web page on another origin cannot reach it through DNS
// rebinding. Anything unknown (no socket, no Host header) means no.

export interface DevSignInRequest {
  nodeEnv: string;
  /** The socket's remote address; undefined when there is no socket (e.g. app.request in tests). */
  remoteAddress: string | undefined;
  /** The Host header as sent, with or without a port. */
  host: string | undefined;
}

const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const LOOPBACK_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i;

export function devSignInAvailable(req: DevSignInRequest): boolean {
  if (req.nodeEnv !== 'development') return false;
  if (req.remoteAddress === undefined || !LOOPBACK_ADDRESSES.has(req.remoteAddress)) return false;
  return req.host !== undefined && LOOPBACK_HOST.test(req.host.trim());
}
