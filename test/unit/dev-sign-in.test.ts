import { describe, expect, it } from 'vitest';
import {
  describeDevSignInMode,
  devSignInAvailable,
  devSignInMode,
  showsProxy,
  type DevSignInRequest,
  type DevSignInServer,
} from '../../bot-server/src/domain/auth/dev-sign-in.js';

const devServer: DevSignInServer = { nodeEnv: 'development', zaloAppId: undefined, zaloAppSecret: undefined };
const local: DevSignInRequest = {
  remoteAddress: '127.0.0.1',
  host: 'localhost:3000',
  headers: { host: 'localhost:3000', accept: 'application/json', 'user-agent': 'curl/8.5.0' },
  httpVersion: '1.1',
};

describe('development sign-in: the server', () => {
  it('is on only in development without Zalo app credentials', () => {
    expect(devSignInMode(devServer)).toEqual({ on: true });
  });

  it('is off outside development, whatever else', () => {
    expect(devSignInMode({ ...devServer, nodeEnv: 'production' })).toEqual({ on: false, reasons: ['NODE_ENV=production'] });
    expect(devSignInMode({ ...devServer, nodeEnv: 'test' })).toEqual({ on: false, reasons: ['NODE_ENV=test'] });
  });

  it('is off when the Zalo app is configured, whatever NODE_ENV says', () => {
    expect(devSignInMode({ ...devServer, zaloAppId: '1234567890' })).toEqual({ on: false, reasons: ['ZALO_APP_ID is set'] });
    expect(devSignInMode({ ...devServer, zaloAppSecret: 's3cret' })).toEqual({ on: false, reasons: ['ZALO_APP_SECRET is set'] });
    expect(devSignInMode({ ...devServer, zaloAppId: '1', zaloAppSecret: 's' })).toEqual({
      on: false,
      reasons: ['ZALO_APP_ID and ZALO_APP_SECRET are set'],
    });
    expect(devSignInMode({ nodeEnv: 'production', zaloAppId: '1', zaloAppSecret: 's' })).toEqual({
      on: false,
      reasons: ['NODE_ENV=production', 'ZALO_APP_ID and ZALO_APP_SECRET are set'],
    });
  });

  it('describes itself in one start-up line', () => {
    expect(describeDevSignInMode({ on: true })).toMatch(/^Development sign-in: on \(/);
    expect(describeDevSignInMode(devSignInMode({ ...devServer, nodeEnv: 'production' }))).toBe('Development sign-in: off (NODE_ENV=production)');
    expect(describeDevSignInMode(devSignInMode({ nodeEnv: 'production', zaloAppId: '1', zaloAppSecret: undefined }))).toBe(
      'Development sign-in: off (NODE_ENV=production; ZALO_APP_ID is set)',
    );
  });

  it('refuses every request when off, even a perfectly local one', () => {
    for (const server of [
      { ...devServer, nodeEnv: 'production' },
      { ...devServer, nodeEnv: 'test' },
      { ...devServer, zaloAppId: '1234567890' },
      { ...devServer, zaloAppSecret: 's3cret' },
    ]) {
      expect(devSignInAvailable(server, local), JSON.stringify(server)).toBe(false);
    }
  });
});

describe('development sign-in: the request', () => {
  it('answers a loopback caller, whatever the loopback form', () => {
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      for (const host of ['localhost', 'localhost:3000', 'LOCALHOST:3000', '127.0.0.1:3000', '127.0.0.1', '[::1]:3000', '[::1]']) {
        expect(devSignInAvailable(devServer, { ...local, remoteAddress, host }), `${remoteAddress} ${host}`).toBe(true);
      }
    }
  });

  it('never without a socket or from another machine', () => {
    for (const remoteAddress of [undefined, '10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', '127.0.0.2', 'fe80::1', '']) {
      expect(devSignInAvailable(devServer, { ...local, remoteAddress }), String(remoteAddress)).toBe(false);
    }
  });

  it('never when the Host header names something else (DNS rebinding)', () => {
    for (const host of [undefined, '', 'example.gov.vn', 'example.gov.vn:3000', 'localhost.example.gov.vn', 'localhost:3000@evil.example', 'localhost:abc', '127.0.0.1.nip.io', '::1', '[::2]:3000']) {
      expect(devSignInAvailable(devServer, { ...local, host }), String(host)).toBe(false);
    }
  });

  it('never through a proxy: any of the headers proxies add, in any case, even empty', () => {
    const signs = {
      forwarded: 'for=203.0.113.7;proto=https',
      'x-forwarded-for': '203.0.113.7',
      'x-forwarded-host': 'pakn.example.gov.vn',
      'x-forwarded-proto': 'https',
      'x-forwarded-port': '443',
      'x-real-ip': '203.0.113.7',
      via: '1.1 proxy.example.gov.vn',
      'x-forwarded': 'for=203.0.113.7',
      'x-client-ip': '203.0.113.7',
      'true-client-ip': '203.0.113.7',
      'cf-connecting-ip': '203.0.113.7',
    };
    for (const [name, value] of Object.entries(signs)) {
      for (const sent of [name, name.toUpperCase()]) {
        for (const v of [value, '']) {
          const req = { ...local, headers: { ...local.headers, [sent]: v } };
          expect(showsProxy(req), `${sent}: ${v}`).toBe(true);
          expect(devSignInAvailable(devServer, req), `${sent}: ${v}`).toBe(false);
        }
      }
    }
  });

  it('never over HTTP/1.0, which nginx speaks to its upstreams by default, nor over an unknown version', () => {
    for (const httpVersion of ['1.0', '0.9', undefined, '']) {
      expect(showsProxy({ ...local, httpVersion }), String(httpVersion)).toBe(true);
      expect(devSignInAvailable(devServer, { ...local, httpVersion }), String(httpVersion)).toBe(false);
    }
    for (const httpVersion of ['1.1', '2.0']) {
      expect(showsProxy({ ...local, httpVersion }), httpVersion).toBe(false);
      expect(devSignInAvailable(devServer, { ...local, httpVersion }), httpVersion).toBe(true);
    }
  });

  it('takes ordinary headers as no sign of a proxy', () => {
    const headers = { ...local.headers, origin: 'http://localhost:5173', referer: 'http://localhost:5173/', 'x-request-id': 'abc', forwarding: 'no', 'x-forwardedfor': '1' };
    expect(showsProxy({ ...local, headers })).toBe(false);
    expect(devSignInAvailable(devServer, { ...local, headers })).toBe(true);
  });
});
