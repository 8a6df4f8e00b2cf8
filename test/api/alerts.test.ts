// Overdue alerts with a controllable clock: due soon, overdue, escalation, quiet hours, cancellation, -230 fallback.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../../db/schema.js';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import { DB_KINDS } from '../support/test-db.js';
import { keepWindowOpen as keepOpen, staffOnZalo, type ZaloStaff } from '../support/zalo-staff.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { signed, textEvent, zaloEnvFor } from '../support/zalo-webhook.js';

const at = (iso: string) => new Date(iso);

describe.each(DB_KINDS)('feedback alerts on %s', (kind) => {
  let fake: FakeZalo;
  let t: TestApp;
  let citizen: { token: string };
  const staff: Record<string, ZaloStaff> = {};

  const run = () => t.runtime!.workers.drain();
  const textsTo = (who: string) => fake.textsTo(staff[who]!.zaloId);

  beforeAll(async () => {
    fake = await startFakeZalo();
    t = await createTestApp(kind, {
      now: at('2026-03-02T02:00:00Z'), // Mon 2/3 09:00 local
      // The leaders' daily digest is tested in daily-jobs.test.ts; here it would repeat the item codes.
      env: { ...zaloEnvFor(fake), ALERT_QUIET_HOURS: '21-7', ALERT_DIGEST_AT: '' },
      workers: true,
    });
    citizen = await t.citizen();
    Object.assign(
      staff,
      await staffOnZalo(t, [
      ['officer', 'SO-XD', 'officer'],
      ['leader', 'SO-XD', 'leader'],
      ['provinceLeader', 'TINH', 'leader'],
      ['otherOfficer', 'SO-KHCN', 'officer'],
      ] as const),
    );
    await run();
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  async function file(content: string) {
    const res = await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { category: 'ha-tang', content } });
    expect(res.status).toBe(201);
    return (await res.json()) as { code: string; dueAt: string };
  }
  const alertsOf = async (code: string) =>
    (await (await t.request('GET', `/api/v1/admin/alerts?feedback=${code}`, { token: ADMIN_TOKEN })).json()).items as {
      kind: string;
      state: string;
      recipient: string;
      delivery: { state: string; attempts: { outcome: string; errorCode: number | null }[] } | null;
    }[];
  const keepWindowOpen = () => keepOpen(t, staff);

  it('sends due-soon, overdue and escalation alerts once each, to the right people, on working days', async () => {
    t.clock.now = at('2026-03-02T02:00:00Z');
    const { code, dueAt } = await file('Hố ga mất nắp trên đường Lê Lợi, rất nguy hiểm');
    expect(dueAt).toBe('2026-03-23T23:59:59.999+07:00');

    t.clock.now = at('2026-03-18T03:00:00Z'); // Wed 18/3 10:00: 3 working days left → not yet
    await keepWindowOpen();
    await run();
    expect(await alertsOf(code)).toEqual([]);

    t.clock.now = at('2026-03-19T03:00:00Z'); // Thu 19/3 10:00: due soon (Fri 20, Mon 23 left)
    await keepWindowOpen();
    await run();
    await run(); // a second tick creates nothing new
    const soon = await alertsOf(code);
    expect(soon.map((a) => `${a.kind}:${a.recipient}`).sort()).toEqual(['due_soon:leader SO-XD', 'due_soon:officer SO-XD']);
    expect(soon.every((a) => a.delivery?.state === 'sent')).toBe(true);
    expect(textsTo('officer').filter((m) => m.includes(code))).toHaveLength(1);
    expect(textsTo('officer').find((m) => m.includes(code))).toMatch(/Sắp đến hạn.*Sở Xây dựng.*23\/03\/2026 23:59/);
    expect(textsTo('otherOfficer').some((m) => m.includes(code))).toBe(false);

    t.clock.now = at('2026-03-24T03:00:00Z'); // Tue 24/3: overdue
    await keepWindowOpen();
    await run();
    await run();
    const afterBreach = await alertsOf(code);
    expect(afterBreach.filter((a) => a.kind === 'overdue')).toHaveLength(2);
    expect(textsTo('leader').filter((m) => m.includes(code) && m.startsWith('Quá hạn'))).toHaveLength(1);

    t.clock.now = at('2026-03-25T03:00:00Z'); // Wed 25/3: 1 working day overdue → no escalation yet
    await keepWindowOpen();
    await run();
    expect((await alertsOf(code)).filter((a) => a.kind === 'escalation')).toHaveLength(0);

    t.clock.now = at('2026-03-26T03:00:00Z'); // Thu 26/3: past the end of Wed 25/3 (2 working days) → escalate
    await keepWindowOpen();
    await run();
    await run();
    const escalations = (await alertsOf(code)).filter((a) => a.kind === 'escalation');
    expect(escalations.map((a) => a.recipient)).toEqual(['leader TINH']);
    expect(textsTo('provinceLeader').filter((m) => m.includes(code))).toHaveLength(1);
  });

  it('holds alerts during quiet hours and cancels them when the item is answered meanwhile', async () => {
    t.clock.now = at('2026-03-02T03:00:00Z');
    const answered = await file('Cây xanh gãy cành đè lên dây điện ở phố Hàng Bông');
    const waiting = await file('Nước thải tràn ra đường ở ngõ 4 phố Huế suốt đêm');
    t.clock.now = at('2026-03-19T15:00:00Z'); // Thu 19/3 22:00 local: due soon, but quiet hours
    await keepWindowOpen();
    await run();
    const queued = await alertsOf(waiting.code);
    expect(queued.map((a) => a.state)).toEqual(['scheduled', 'scheduled']);
    expect(textsTo('officer').some((m) => m.includes(waiting.code))).toBe(false);

    t.clock.now = at('2026-03-19T16:00:00Z'); // 23:00 local: the officer answers one item
    expect((await t.request('POST', `/api/v1/feedback/${answered.code}/answer`, { token: staff.officer!.token, json: { answer: 'Đã cắt tỉa cành cây.' } })).status).toBe(200);

    t.clock.now = at('2026-03-20T00:01:00Z'); // Fri 20/3 07:01 local
    await keepWindowOpen();
    await run();
    expect((await alertsOf(waiting.code)).every((a) => a.delivery?.state === 'sent')).toBe(true);
    expect((await alertsOf(answered.code)).map((a) => a.state)).toEqual(['cancelled', 'cancelled']);
    expect(textsTo('officer').some((m) => m.includes(answered.code))).toBe(false);
  });

  it('keeps an alert Zalo refuses (-230) in the recipient in-app inbox, recorded, never dropped', async () => {
    t.clock.now = at('2026-03-02T03:00:00Z');
    const { code } = await file('Đèn tín hiệu giao thông tại ngã tư bị hỏng');
    fake.refuseUser(staff.leader!.zaloId, -230);
    t.clock.now = at('2026-03-19T03:00:00Z');
    await keepWindowOpen();
    await run();
    const leaderAlert = (await alertsOf(code)).find((a) => a.recipient === 'leader SO-XD')!;
    expect(leaderAlert.delivery!.state).toBe('held');
    expect(leaderAlert.delivery!.attempts.at(-1)).toMatchObject({ outcome: 'held', errorCode: -230 });
    const inbox = await (await t.request('GET', '/api/v1/notifications', { token: staff.leader!.token })).json();
    expect(inbox.items.some((n: { text: string; purpose: string }) => n.purpose === 'alert' && n.text.includes(code))).toBe(true);
    fake.refuseUser(staff.leader!.zaloId, 0);
  });

  it('does not resend an alert whose sender died mid-send (at most once), but keeps it in the inbox', async () => {
    const [{ id }] = (await t.database.db
      .insert(outbox)
      .values({
        dedupeKey: 'alert:crash-test',
        purpose: 'alert',
        recipientZaloId: staff.officer!.zaloId,
        recipientUserId: staff.officer!.userId,
        text: 'Quá hạn: thử nghiệm',
        payload: {},
        state: 'sending',
        sendStarted: true,
        attempts: 1,
        lockedUntil: new Date(t.clock.now.getTime() - 1000),
        nextAttemptAt: t.clock.now,
      })
      .returning({ id: outbox.id })) as [{ id: number }];
    await run();
    const [row] = await t.database.db.select().from(outbox).where(eq(outbox.id, id));
    expect(row!.state).toBe('held');
    expect(textsTo('officer')).not.toContain('Quá hạn: thử nghiệm');
    // Writing to the OA releases ordinary held messages, not this one.
    const { body, headers } = signed(textEvent(staff.officer!.zaloId, 'Xin chào'));
    await t.request('POST', '/webhooks/zalo', { body, headers });
    await run();
    expect((await t.database.db.select().from(outbox).where(eq(outbox.id, id)))[0]!.state).toBe('held');

    // Claimed in the same batch but never started: safe to send, and sent once.
    const [{ id: notStarted }] = (await t.database.db
      .insert(outbox)
      .values({
        dedupeKey: 'alert:crash-test-2',
        purpose: 'alert',
        recipientZaloId: staff.officer!.zaloId,
        recipientUserId: staff.officer!.userId,
        text: 'Quá hạn: chưa gửi lần nào',
        payload: {},
        state: 'sending',
        attempts: 1,
        lockedUntil: new Date(t.clock.now.getTime() - 1000),
        nextAttemptAt: t.clock.now,
      })
      .returning({ id: outbox.id })) as [{ id: number }];
    await keepWindowOpen();
    await run();
    expect((await t.database.db.select().from(outbox).where(eq(outbox.id, notStarted)))[0]!.state).toBe('sent');
    expect(textsTo('officer').filter((m) => m === 'Quá hạn: chưa gửi lần nào')).toHaveLength(1);
  });
});
