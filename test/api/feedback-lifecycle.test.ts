import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

describe.each(DB_KINDS)('feedback lifecycle on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    // Monday 2 March 2026, 09:00 local.
    t = await createTestApp(kind, { now: new Date('2026-03-02T02:00:00Z') });
  });
  afterAll(() => t?.close());

  it('answers /health with the database kind', async () => {
    const res = await t.request('GET', '/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: kind });
  });

  it('a citizen files a feedback and gets a tracking code and a 15-working-day due time', async () => {
    const citizen = await t.citizen();
    const res = await t.request('POST', '/api/v1/feedback', {
      token: citizen.token,
      json: { category: 'ha-tang', content: 'Ổ gà lớn trên đường Trần Hưng Đạo, rất nguy hiểm', contact: { phone: '0912345678' } },
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.code).toMatch(/^PA-2026-\d{6}$/);
    expect(body.channel).toBe('zalo_mini_app');
    expect(body.unit.code).toBe('SO-XD');
    // D = Mon 2/3 never counts; 15 working days → Mon 23/3/2026.
    expect(body.dueAt).toBe('2026-03-23T23:59:59.999+07:00');
  });
});
