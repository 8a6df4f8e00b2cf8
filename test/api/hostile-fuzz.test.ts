// A bounded fuzz run (issue 10): about 2,000 hostile requests per database against the real app, plus signed
// webhook events with hostile text. No answer may be a 5xx, the server must stay healthy, every signed event must
// be stored, and the log must hold no personal data.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zaloInbox } from '../../db/schema.js';
import { hostileRequest, PERSONAL_DATA_PATTERNS, PLANTED, prng } from '../support/hostile-requests.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import { signed, TEST_APP_ID, textEvent, zaloEnvFor } from '../support/zalo-webhook.js';

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 2000);
const SEED = Number(process.env.FUZZ_SEED ?? 20261203);

describe.each(DB_KINDS)('hostile input on %s', (kind) => {
  let t: TestApp;
  const log: string[] = [];
  let code: string;
  let citizen: string;
  let officer: string;
  let fake: FakeZalo;

  beforeAll(async () => {
    // Zalo is the fake (it refuses the fuzz's tokens as Zalo would); nothing leaves the machine.
    fake = await startFakeZalo({ appId: TEST_APP_ID });
    // Real limits: a flood should meet 429s, never 5xx.
    t = await createTestApp(kind, { env: { ...zaloEnvFor(fake), RATE_LIMIT_FACTOR: '1' }, logLines: log });
    citizen = (await t.citizen()).token;
    officer = (await t.staff('SO-XD', 'officer')).token;
    const filed = await t.request('POST', '/api/v1/feedback', {
      token: citizen,
      json: { category: 'ha-tang', content: 'Ổ gà lớn trước số 12, rất nguy hiểm', contact: { name: 'Trần Thị B', phone: PLANTED.phones[0], email: PLANTED.emails[0] } },
    });
    code = (await filed.json()).code;
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it(`answers ${REQUESTS} hostile requests without a 5xx and stays healthy`, async () => {
    const r = prng(SEED);
    const statuses = new Map<number, number>();
    const failures: string[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const req = hostileRequest(r, { admin: ADMIN_TOKEN, citizen, officer, code });
      // Half come from one address (a flood), half from many (so per-address limits do not hide the handlers).
      const ip = i % 2 ? '203.0.113.1' : `198.51.100.${i % 250}`;
      const res = await t.request(req.method, req.path, { headers: req.headers, body: req.body, ip });
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status >= 500) failures.push(`${res.status} ${req.method} ${req.path.slice(0, 120)} ${String(req.body ?? '').slice(0, 120)}`);
      await res.arrayBuffer();
    }
    console.log(`${kind}: statuses`, Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])));
    expect(failures.slice(0, 10)).toEqual([]);
    expect((await t.request('GET', '/health')).status).toBe(200);
    // And it still does its job.
    const ok = await t.request('POST', '/api/v1/feedback', { token: ADMIN_TOKEN, json: { content: 'Sau đợt tấn công, phản ánh vẫn được tiếp nhận' } });
    expect(ok.status).toBe(201);
  });

  it('stores every signed webhook event, whatever text it holds', async () => {
    const r = prng(SEED + 1);
    const nasty = ['\u0000', '\ud800', '\udfff', 'a\u0000\ud83d', '\u0001\u001f', PLANTED.phones[0]!, PLANTED.emails[1]!];
    const before = (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(zaloInbox))[0]!.n;
    const n = 150;
    for (let i = 0; i < n; i++) {
      const text = Array.from({ length: 1 + r.int(3) }, () => r.pick(nasty)).join(' ');
      const event = textEvent(PLANTED.zaloIds[i % 2]!, `#phananh ${text} ${i}`);
      if (r.int(4) === 0) event.event_name = `user_send_text${r.pick(nasty)}`;
      if (r.int(5) === 0) (event.message as Record<string, unknown>).msg_id = `m${i}${r.pick(nasty)}`;
      const d = signed(event);
      const res = await t.request('POST', '/webhooks/zalo', d);
      expect(res.status, d.body).toBe(200);
    }
    const after = (await t.database.db.select({ n: sql<number>`count(*)::int` }).from(zaloInbox))[0]!.n;
    expect(after - before).toBe(n);
  });

  it('logs no phone number, Zalo id or e-mail address', async () => {
    expect(log.length).toBeGreaterThan(100);
    const text = log.join('');
    for (const planted of [...PLANTED.phones, ...PLANTED.emails, ...PLANTED.zaloIds]) expect(text).not.toContain(planted);
    for (const [what, pattern] of PERSONAL_DATA_PATTERNS) {
      const hit = log.find((l) => pattern.test(l));
      expect(hit, `${what} in the log`).toBeUndefined();
    }
  });
});
