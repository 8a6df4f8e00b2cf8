// Once-a-day jobs with a controllable clock: the leaders' digest at 07:30 local on working days only, and the DTI
// reminders (5 and 1 working days before the due date) and late notice, only for units with missing values.
import { and, eq, like } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, dtiIndicators, dtiPeriods, dtiSets, dtiValues, feedback, units, userRoles } from '../../db/schema.js';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import { DB_KINDS } from '../support/test-db.js';
import { keepWindowOpen as keepOpen, staffOnZalo, type ZaloStaff } from '../support/zalo-staff.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { zaloEnvFor } from '../support/zalo-webhook.js';

const at = (iso: string) => new Date(iso);
const SET = 'NINH-SON-DTI-2022';

describe.each(DB_KINDS)('daily digest and DTI reminders on %s', (kind) => {
  let fake: FakeZalo;
  let t: TestApp;
  let citizen: { token: string };
  const staff: Record<string, ZaloStaff> = {};

  const textsTo = (who: string) => fake.textsTo(staff[who]!.zaloId);
  const keepWindowOpen = () => keepOpen(t, staff);
  /** Moves the clock and runs one pass of the workers (twice: the second pass must create nothing new). */
  const runAt = async (iso: string) => {
    t.clock.now = at(iso);
    await keepWindowOpen();
    await t.runtime!.workers.drain();
    await t.runtime!.workers.drain();
  };
  const digestsOn = (who: string, date: string) => textsTo(who).filter((m) => m.startsWith(`Tổng hợp phản ánh ngày ${date}`));

  beforeAll(async () => {
    fake = await startFakeZalo();
    t = await createTestApp(kind, {
      now: at('2026-03-02T02:00:00Z'), // Mon 2/3 09:00 local
      env: { ...zaloEnvFor(fake), ALERT_QUIET_HOURS: '21-7', ALERT_DIGEST_AT: '07:30' },
      workers: true,
    });
    citizen = await t.citizen();
    Object.assign(
      staff,
      await staffOnZalo(t, [
      ['leader', 'SO-XD', 'leader'],
      ['officer', 'SO-XD', 'officer'],
      ['provinceLeader', 'TINH', 'leader'],
      ['vpOfficer', 'NS-VP', 'officer'],
      ['vpLeader', 'NS-VP', 'leader'],
      ['vhttOfficer', 'NS-VHTT', 'officer'],
      ['vhttLeader', 'NS-VHTT', 'leader'],
      ] as const),
    );
    // The province leader also leads SO-XD: its items are under both units, and must count once.
    const [soXd] = await t.database.db.select().from(units).where(eq(units.code, 'SO-XD'));
    await t.database.db.insert(userRoles).values({ userId: staff.provinceLeader!.userId, unitId: soXd!.id, role: 'leader' });
    await t.runtime!.workers.drain();
  });
  afterAll(async () => {
    await t?.close();
    await fake?.close();
  });

  async function file(content: string) {
    const res = await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { category: 'ha-tang', content } });
    expect(res.status).toBe(201);
    return (await res.json()) as { code: string };
  }
  /** Sets an item's due time to the end of a local day, and optionally marks it answered at a local instant. */
  const setItem = async (code: string, dueOn: string, answeredAt?: string) => {
    await t.database.db
      .update(feedback)
      .set({
        dueAt: at(`${dueOn}T23:59:59.999+07:00`),
        ...(answeredAt ? { answeredAt: at(answeredAt), answer: 'Đã xử lý.', status: 'answered' as const } : {}),
      })
      .where(eq(feedback.code, code));
  };

  it('sends each leader one digest at 07:30 local on working days only, with the counts of their subtree', async () => {
    const items: Record<string, string> = {};
    for (const name of ['D', 'A', 'C', 'B', 'E', 'F', 'G', 'H']) items[name] = (await file(`Phản ánh thử nghiệm ${name} về hạ tầng giao thông`)).code;
    // Digest day: Tue 10/3. Overdue (working days after the due date up to 10/3): D due Mon 2/3 → 6, A due Thu 5/3 → 3,
    // C due Fri 6/3 → 2, B due Mon 9/3 → 1. Due soon (by the end of Thu 12/3, 2 working days): E. F due Fri 13/3: not yet.
    // Answered yesterday (Mon 9/3): G. H was answered on Fri 6/3.
    await setItem(items.D!, '2026-03-02');
    await setItem(items.A!, '2026-03-05');
    await setItem(items.C!, '2026-03-06');
    await setItem(items.B!, '2026-03-09');
    await setItem(items.E!, '2026-03-12');
    await setItem(items.F!, '2026-03-13');
    await setItem(items.G!, '2026-03-20', '2026-03-09T10:00:00+07:00');
    await setItem(items.H!, '2026-03-20', '2026-03-06T10:00:00+07:00');

    await runAt('2026-03-10T00:29:00Z'); // 07:29 local: not yet
    expect(digestsOn('leader', '10/03/2026')).toEqual([]);

    await runAt('2026-03-10T00:30:00Z'); // 07:30 local
    const expected =
      `Tổng hợp phản ánh ngày 10/03/2026 — Sở Xây dựng: 1 sắp đến hạn, 4 quá hạn, 1 đã trả lời hôm qua. ` +
      `Quá hạn lâu nhất: ${items.D} (6 ngày làm việc), ${items.A} (3 ngày làm việc), ${items.C} (2 ngày làm việc).`;
    expect(digestsOn('leader', '10/03/2026')).toEqual([expected]);
    // A leader of two units gets one digest combining them, each item counted once.
    const [province] = digestsOn('provinceLeader', '10/03/2026');
    expect(digestsOn('provinceLeader', '10/03/2026')).toHaveLength(1);
    expect(province).toContain(': 1 sắp đến hạn, 4 quá hạn, 1 đã trả lời hôm qua.');
    expect(province).toContain(`Quá hạn lâu nhất: ${items.D} (6 ngày làm việc)`);
    // Leaders of other branches get their own (empty) digest; officers get none.
    expect(digestsOn('vpLeader', '10/03/2026')).toHaveLength(1);
    expect(digestsOn('vpLeader', '10/03/2026')[0]).toContain(': 0 sắp đến hạn, 0 quá hạn, 0 đã trả lời hôm qua.');
    expect(textsTo('officer').some((m) => m.startsWith('Tổng hợp'))).toBe(false);

    await runAt('2026-03-10T04:00:00Z'); // later the same day: not twice
    expect(digestsOn('leader', '10/03/2026')).toHaveLength(1);
    const rows = await t.database.db.select().from(alerts).where(and(eq(alerts.kind, 'digest'), like(alerts.dedupeKey, `digest:${staff.leader!.userId}:2026-03-10`)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ feedbackId: null, state: 'queued' });
  });

  it('sends no digest on a Saturday or on a Tết day', async () => {
    await runAt('2026-03-07T00:30:00Z'); // Sat 7/3 07:30 local
    await runAt('2026-03-07T03:00:00Z');
    expect(digestsOn('leader', '07/03/2026')).toEqual([]);
    await runAt('2026-02-17T00:30:00Z'); // Tue 17/2, Tết
    await runAt('2026-02-17T03:00:00Z');
    expect(digestsOn('leader', '17/02/2026')).toEqual([]);
    expect((await t.database.db.select().from(alerts).where(like(alerts.dedupeKey, 'digest:%:2026-02-17'))).length).toBe(0);
  });

  it('reminds only units with missing DTI values, 5 and 1 working days before the due date, then sends a late notice', async () => {
    const gen = await t.request('POST', '/api/v1/admin/dti/periods/generate', { token: ADMIN_TOKEN, json: { set: SET, year: 2026 } });
    expect(gen.status).toBe(201);
    const [period] = await t.database.db
      .select({ id: dtiPeriods.id, dueOn: dtiPeriods.dueOn })
      .from(dtiPeriods)
      .innerJoin(dtiSets, eq(dtiSets.id, dtiPeriods.setId))
      .where(and(eq(dtiSets.code, SET), eq(dtiPeriods.code, '2026-Q1')));
    expect(period!.dueOn).toBe('2026-03-19');

    const catalog = await (await t.request('GET', `/api/v1/dti/catalog?set=${SET}`)).json();
    const leads = new Map<string, string[]>();
    for (const index of catalog.sets[0].indices) {
      for (const ind of index.indicators) for (const u of ind.lead as string[]) leads.set(u, [...(leads.get(u) ?? []), ind.code]);
    }
    const vp = leads.get('NS-VP')!;
    const vhtt = leads.get('NS-VHTT')!;
    expect(vhtt).toEqual(expect.arrayContaining(['1.3', '1.4', '1.5']));

    const [set] = await t.database.db.select().from(dtiSets).where(eq(dtiSets.code, SET));
    const indicatorId = async (code: string) =>
      (await t.database.db.select().from(dtiIndicators).where(and(eq(dtiIndicators.setId, set!.id), eq(dtiIndicators.code, code))))[0]!.id;
    const unitOf = async (code: string) => (await t.database.db.select().from(units).where(eq(units.code, code)))[0]!;
    const [vpUnit, vhttUnit] = [await unitOf('NS-VP'), await unitOf('NS-VHTT')];
    const value = async (unitId: number, code: string, status: 'submitted' | 'draft') =>
      t.database.db.insert(dtiValues).values({
        periodId: period!.id,
        indicatorId: await indicatorId(code),
        unitId,
        status,
        value: { value: true },
        ...(status === 'submitted' ? { submittedAt: at('2026-03-05T03:00:00Z') } : {}),
      });
    // NS-VP submitted everything it leads; NS-VHTT submitted 1.3, has 1.4 as a draft, and nothing else.
    for (const code of vp) await value(vpUnit.id, code, 'submitted');
    await value(vhttUnit.id, '1.3', 'submitted');
    await value(vhttUnit.id, '1.4', 'draft');
    const missing = vhtt.length - 1;
    const dti = (who: string) => textsTo(who).filter((m) => m.includes(SET));

    await runAt('2026-03-11T02:00:00Z'); // Wed 11/3 09:00: 6 working days before → nothing
    await runAt('2026-03-12T00:59:00Z'); // Thu 12/3 07:59: 5 working days before, but before 08:00
    for (const who of ['vpOfficer', 'vpLeader', 'vhttOfficer', 'vhttLeader']) expect(dti(who)).toEqual([]);

    await runAt('2026-03-12T01:00:00Z'); // 08:00
    const [reminder, ...moreReminders] = dti('vhttOfficer');
    expect(moreReminders).toEqual([]);
    expect(reminder).toContain(`Nhắc báo cáo DTI ${SET} kỳ 2026-Q1: ${vhttUnit.name} còn ${missing}/${vhtt.length} chỉ số chưa báo cáo, hạn 19/03/2026`);
    expect(reminder).toMatch(/1\.4, 1\.5/);
    expect(reminder).not.toMatch(/1\.3\b/);
    expect(dti('vhttLeader')).toEqual([`${vhttUnit.name}: ${missing}/${vhtt.length} chỉ số chưa báo cáo, hạn 19/03/2026 (${SET} kỳ 2026-Q1).`]);
    expect(dti('vpOfficer')).toEqual([]);
    expect(dti('vpLeader')).toEqual([]);

    await runAt('2026-03-17T02:00:00Z'); // Tue 17/3: 2 working days before → nothing new
    expect(dti('vhttOfficer')).toHaveLength(1);
    await runAt('2026-03-18T02:00:00Z'); // Wed 18/3: 1 working day before
    expect(dti('vhttOfficer')).toHaveLength(2);
    expect(dti('vhttOfficer')[1]).toContain('còn 1 ngày làm việc');
    expect(dti('vhttLeader')).toHaveLength(2);
    expect(dti('vpOfficer')).toEqual([]);

    await runAt('2026-03-19T02:00:00Z'); // the due day: nothing
    expect(dti('vhttOfficer')).toHaveLength(2);
    await runAt('2026-03-20T02:00:00Z'); // Fri 20/3: the first working day after the due date → late notice
    for (const who of ['vhttOfficer', 'vhttLeader']) {
      const late = dti(who).filter((m) => m.startsWith('Trễ hạn báo cáo DTI'));
      expect(late).toHaveLength(1);
      expect(late[0]).toContain(`${vhttUnit.name} còn ${missing}/${vhtt.length} chỉ số chưa báo cáo, đã quá hạn 19/03/2026`);
    }
    expect(dti('vpOfficer')).toEqual([]);
    expect(dti('vpLeader')).toEqual([]);
    const kinds = await t.database.db.select({ kind: alerts.kind, state: alerts.state }).from(alerts).where(and(like(alerts.kind, 'dti_%'), like(alerts.text, `%${SET}%`)));
    expect(kinds.map((k) => k.kind).sort()).toEqual(['dti_late', 'dti_late', 'dti_reminder', 'dti_reminder', 'dti_summary', 'dti_summary']);
    expect(kinds.every((k) => k.state === 'queued')).toBe(true);
  });
});
