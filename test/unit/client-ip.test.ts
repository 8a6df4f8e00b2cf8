import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientIp, limitSubject, parseTrustedProxies } from '../../bot-server/src/lib/client-ip.js';

async function ipOf(peer: string | undefined, xff: string | undefined, trusted: string) {
  const app = new Hono().get('/', (c) => c.text(clientIp(c, parseTrustedProxies(trusted)) ?? '(none)'));
  const env = peer ? { incoming: { socket: { remoteAddress: peer } } } : undefined;
  return (await app.request('/', { headers: xff ? { 'x-forwarded-for': xff } : {} }, env)).text();
}

describe('the client address for limits per IP', () => {
  it('is the peer unless the peer is a trusted proxy', async () => {
    expect(await ipOf('203.0.113.5', '1.2.3.4', '')).toBe('203.0.113.5');
    expect(await ipOf('203.0.113.5', '1.2.3.4', '127.0.0.1')).toBe('203.0.113.5');
    expect(await ipOf(undefined, '1.2.3.4', '127.0.0.1')).toBe('(none)');
  });
  it('behind trusted proxies, is the right-most forwarded address that is not a proxy', async () => {
    expect(await ipOf('127.0.0.1', 'spoofed, 198.51.100.7', '127.0.0.1')).toBe('198.51.100.7');
    expect(await ipOf('::ffff:127.0.0.1', '198.51.100.7, 10.0.0.2', '127.0.0.1,10.0.0.2')).toBe('198.51.100.7');
    expect(await ipOf('127.0.0.1', undefined, '127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('what a limit per address counts', () => {
  it('is an IPv4 address as it is, and an IPv6 address by its /64', () => {
    expect(limitSubject('203.0.113.5')).toBe('203.0.113.5');
    expect(limitSubject('2001:db8:7:1::1')).toBe('2001:db8:7:1::/64');
    expect(limitSubject('2001:0db8:0007:0001:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:7:1::/64');
    expect(limitSubject('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(limitSubject('::1')).toBe('0:0:0:0::/64');
    expect(limitSubject('::ffff:10.0.0.1')).toBe('0:0:0:0::/64');
  });
});
