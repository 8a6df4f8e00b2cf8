// The caller's address, for limits per IP. Behind a reverse proxy every request comes from the proxy, so the
// address is read from X-Forwarded-For, but only when the direct peer is a proxy we were told to trust
// (TRUSTED_PROXIES): otherwise anyone could name any address and escape the limits.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

const normalise = (a: string) => a.trim().replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1').toLowerCase();

/** The socket's peer, or undefined without a socket (in-process calls such as app.request in tests). */
export function peerAddress(c: Context): string | undefined {
  try {
    const a = getConnInfo(c).remote.address;
    return a ? normalise(a) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The client's address: the peer, or, when the peer is a trusted proxy, the right-most X-Forwarded-For entry that
 * is not itself a trusted proxy (entries further left were written by the client and prove nothing).
 */
export function clientIp(c: Context, trustedProxies: ReadonlySet<string>): string | undefined {
  const peer = peerAddress(c);
  if (!peer || !trustedProxies.has(peer)) return peer;
  const chain = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map(normalise)
    .filter(Boolean);
  for (let i = chain.length - 1; i >= 0; i--) if (!trustedProxies.has(chain[i]!)) return chain[i];
  return chain[0] ?? peer;
}

/**
 * The subject a limit per address counts: an IPv4 address, or an IPv6 /64. One subscriber gets a whole /64 from
 * Vietnamese mobile and broadband networks and may use any address in it, so counting single IPv6 addresses would
 * let one phone escape every limit.
 */
export function limitSubject(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail ? tail.split(':') : [];
  if (t.length && t[t.length - 1]!.includes('.')) t.splice(t.length - 1, 1, '0', '0'); // embedded IPv4 in the low half
  const groups = ip.includes('::') ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 4)
    .map((g) => (g || '0').replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

export function parseTrustedProxies(list: string | undefined): Set<string> {
  return new Set((list ?? '').split(',').map(normalise).filter(Boolean));
}
