import { describe, expect, it } from 'vitest';
import { devSignInAvailable } from '../../bot-server/src/domain/auth/dev-sign-in.js';

const local = { nodeEnv: 'development', remoteAddress: '127.0.0.1', host: 'localhost:3000' };

describe('development sign-in availability', () => {
  it('answers a loopback caller in development, whatever the loopback form', () => {
    for (const remoteAddress of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      for (const host of ['localhost', 'localhost:3000', 'LOCALHOST:3000', '127.0.0.1:3000', '127.0.0.1', '[::1]:3000', '[::1]']) {
        expect(devSignInAvailable({ ...local, remoteAddress, host }), `${remoteAddress} ${host}`).toBe(true);
      }
    }
  });

  it('never outside development', () => {
    expect(devSignInAvailable({ ...local, nodeEnv: 'production' })).toBe(false);
    expect(devSignInAvailable({ ...local, nodeEnv: 'test' })).toBe(false);
  });

  it('never without a socket or from another machine', () => {
    for (const remoteAddress of [undefined, '10.0.0.5', '192.168.1.20', '::ffff:10.0.0.5', '127.0.0.2', 'fe80::1', '']) {
      expect(devSignInAvailable({ ...local, remoteAddress }), String(remoteAddress)).toBe(false);
    }
  });

  it('never when the Host header names something else (DNS rebinding)', () => {
    for (const host of [undefined, '', 'example.gov.vn', 'example.gov.vn:3000', 'localhost.example.gov.vn', 'localhost:3000@evil.example', 'localhost:abc', '127.0.0.1.nip.io', '::1', '[::2]:3000']) {
      expect(devSignInAvailable({ ...local, host }), String(host)).toBe(false);
    }
  });
});
