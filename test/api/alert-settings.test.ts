import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, feedback, users } from '../../db/schema.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { signed, textEvent, zaloEnvFor } from '../support/zalo-webhook.js';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';

const at = (iso: string) => new Date(iso);

describe.each(DB_KINDS)('alert settings and the OA nudge on %s', (kind) => {
  let fake: FakeZalo;
  let t: TestApp;
  beforeAll(async () => {
    fake = await startFakeZalo();
    t = await createTestApp(kind, { now: at('2026-03-02T02:00:00Z'), env: zaloEnvFor(fake), workers: true });
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  it('uses a unit’s own due-soon threshold, and the province default elsewhere', async () => {
    const put = await t.request('PUT', '/api/v1/admin/alert-settings', { token: ADMIN_TOKEN, json: { unit: 'SO-XD', dueSoon: 5, escalationWorkingDays: 3 } });
    expect(put.status).toBe(200);
    expect((await t.request('PUT', '/api/v1/admin/alert-settings', { token: ADMIN_TOKEN, json: { unit: 'KHONG-CO', dueSoon: 1, escalationWorkingDays: 1 } })).status).toBe(422);
    await t.staff('SO-XD', 'officer');
    await t.staff('SO-NNMT', 'officer');
    const citizen = await t.citizen();
    const xd = await (await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { category: 'ha-tang', content: 'Mặt đường lún sụt sau mưa lớn' } })).json();
    const mt = await (await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { category: 'moi-truong', content: 'Bãi rác tự phát bốc mùi cạnh chợ' } })).json();
    // Both due Mon 23/3. On Mon 16/3 five working days remain after today (17–20, 23): SO-XD (5) is due soon, SO-NNMT (2) not.
    t.clock.now = at('2026-03-16T03:00:00Z');
    await t.runtime!.workers.drain();
    const kinds = async (code: string) => {
      const [f] = await t.database.db.select({ id: feedback.id }).from(feedback).where(eq(feedback.code, code));
      return (await t.database.db.select({ kind: alerts.kind }).from(alerts).where(eq(alerts.feedbackId, f!.id))).map((a) => a.kind);
    };
    expect(await kinds(xd.code)).toContain('due_soon');
    expect(await kinds(mt.code)).toEqual([]);
    // A deadline policy may set its own due-soon threshold: 4 working days for the environment category.
    const policy = await t.request('PUT', '/api/v1/admin/deadline-policies', {
      token: ADMIN_TOKEN,
      json: { category: 'moi-truong', urgency: 'normal', unit: 'working_days', amount: 15, dueSoon: 4 },
    });
    expect(policy.status).toBe(200);
    t.clock.now = at('2026-03-17T03:00:00Z'); // Tue 17/3: 4 working days left after today (18, 19, 20, 23)
    await t.runtime!.workers.drain();
    expect(await kinds(mt.code)).toContain('due_soon');
    const list = await (await t.request('GET', '/api/v1/admin/alert-settings', { token: ADMIN_TOKEN })).json();
    expect(list.settings).toContainEqual({ unit: 'SO-XD', dueSoon: 5, escalationWorkingDays: 3 });
    expect((await t.request('GET', '/api/v1/admin/alert-settings', { token: citizen.token })).status).toBe(403);
  });

  it('tells staff who have not chatted with the OA for 7 days to open a chat', async () => {
    t.clock.now = at('2026-03-16T03:00:00Z');
    const leader = await t.staff('SO-XD', 'leader');
    const me = async () => (await (await t.request('GET', '/api/v1/me', { token: leader.token })).json()).oa;
    expect((await me()).needsChat).toBe(true);
    const [u] = await t.database.db.select().from(users).where(eq(users.id, leader.userId));
    const { body, headers } = signed({ ...textEvent(u!.zaloId!, 'Xin chào'), timestamp: String(t.clock.now.getTime()) });
    await t.request('POST', '/webhooks/zalo', { body, headers });
    await t.runtime!.workers.drain();
    expect((await me()).needsChat).toBe(false);
    t.clock.now = at('2026-03-24T03:00:00Z');
    expect((await me()).needsChat).toBe(true);
    const citizen = await t.citizen();
    const citizenMe = await (await t.request('GET', '/api/v1/me', { token: citizen.token })).json();
    expect(citizenMe.oa.needsChat).toBe(false);
  });
});
