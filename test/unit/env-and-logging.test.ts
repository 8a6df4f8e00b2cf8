import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../bot-server/src/env.js';
import { createLogger } from '../../bot-server/src/lib/logger.js';
import { DbConfigError, openDb } from '../../db/open-db.js';

describe('environment check', () => {
  it('applies the contract defaults', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATA_DIR).toBe('./.data');
    expect(env.SCHEDULER_INTERVAL_MS).toBe(60000);
    expect(env.ALERT_DIGEST_AT).toBe('07:30');
    expect(env.ZALO_OPENAPI_BASE).toBe('https://openapi.zalo.me');
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('fails fast with one readable line per bad variable', () => {
    let message = '';
    try {
      parseEnv({ DATABASE_URL: 'mysql://x', PORT: 'abc', ALERT_QUIET_HOURS: '9pm' });
    } catch (e) {
      expect(e).toBeInstanceOf(EnvError);
      message = (e as Error).message;
    }
    expect(message).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
    expect(message).toMatch(/PORT:/);
    expect(message).toMatch(/ALERT_QUIET_HOURS: must look like "21-7"/);
  });

  it('treats an empty DATABASE_URL as unset and an empty digest time as off', () => {
    const env = parseEnv({ DATABASE_URL: '', ALERT_DIGEST_AT: '' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.ALERT_DIGEST_AT).toBe('');
  });

  it('says which database it cannot reach, without the password', async () => {
    const err = await openDb({ databaseUrl: 'postgres://app:s3cret@127.0.0.1:1/nope' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DbConfigError);
    expect((err as Error).message).toMatch(/Cannot connect to PostgreSQL at DATABASE_URL/);
    expect((err as Error).message).not.toMatch(/s3cret/);
  });
});

describe('structured logs', () => {
  it('never contain tokens or phone numbers', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info({ phone: '0912345678', accessToken: 'tok-abc', user: { phone: '84912345678', name: 'A' } }, 'linked');
    log.info({ req: { headers: { authorization: 'Bearer secret-xyz' } } }, 'request');
    const text = lines.join('');
    expect(text).not.toMatch(/0912345678|84912345678|tok-abc|secret-xyz/);
    expect(JSON.parse(lines[0]!)).toMatchObject({ msg: 'linked', phone: '[redacted]', user: { name: 'A' } });
  });
});
