import { describe, expect, it } from 'vitest';
import { errorSummary } from '../../bot-server/src/lib/error-summary.js';
import { createLogger, scrubText } from '../../bot-server/src/lib/logger.js';

describe('what a log line may hold', () => {
  it('scrubs phone numbers, Zalo ids and e-mails by content, keeping tracking codes and times', () => {
    expect(scrubText('gọi 0912 345 678 hoặc +84912345678, id 7123456789012345678, a.b@x.gov.vn')).toBe('gọi [digits] hoặc [digits], id [digits], [email]');
    expect(scrubText('PA-2026-000123 at 2026-03-02T02:00:00.000Z, inbox 42')).toBe('PA-2026-000123 at 2026-03-02T02:00:00.000Z, inbox 42');
  });

  it("summarises a failed query by its codes, never its parameters", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_phone_unique"'), {
      code: '23505',
      constraint_name: 'users_phone_unique',
      table_name: 'users',
      detail: 'Key (phone)=(0912345678) already exists.',
    });
    const err = Object.assign(new Error('Failed query: insert into users ...\nparams: Nguyễn Văn A,0912345678'), { cause });
    const s = errorSummary(err);
    expect(s).toMatchObject({ sqlState: '23505', constraint: 'users_phone_unique', table: 'users' });
    expect(JSON.stringify(s)).not.toMatch(/0912345678|Nguyễn|Failed query/);
  });

  it('writes scrubbed lines through the real logger', () => {
    const lines: string[] = [];
    const log = createLogger('info', { write: (l: string) => void lines.push(l) });
    log.error({ detail: 'phone 0987654321', nested: { who: 'x@y.vn', id: 1999888777666555444 } }, 'failed for 7123456789012345678');
    log.info({ method: 'GET', route: '/api/v1/feedback/:code', status: 200, ms: 1.2 }, 'request');
    log.flush();
    const text = lines.join('');
    expect(text).not.toMatch(/0987654321|x@y\.vn|1999888777666555|7123456789012345678/);
    expect(text).toContain('/api/v1/feedback/:code');
  });
});
