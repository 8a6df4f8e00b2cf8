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

export function parseTrustedProxies(list: string | undefined): Set<string> {
  return new Set((list ?? '').split(',').map(normalise).filter(Boolean));
}
