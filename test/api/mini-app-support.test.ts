// Small endpoints the mini app relies on: its public config, the list of DTI sets, per-part answers of additive
// indicators, and tracking codes on in-app notifications.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alerts, dtiIndicators, dtiSets, feedback, notifications, outbox } from '../../db/schema.js';
import { DB_KINDS } from '../support/test-db.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe.each(DB_KINDS)('mini app support endpoints on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind, { env: { ZALO_OA_ID: '4100000000000000001' } });
  });
  afterAll(() => t?.close());

  it('tells anyone the OA to follow and the map tiles, and nothing secret', async () => {
    const res = await t.request('GET', '/api/v1/client-config');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      oaId: '4100000000000000001',
      map: {
        tileUrl: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png',
        attribution: '© OpenStreetMap contributors',
        center: { lat: 22.147, lng: 105.8348 },
        zoom: 13,
      },
    });
  });

  it('gives no map when MAP_TILE_URL is empty, and the configured tiles and centre otherwise', async () => {
    const off = await createTestApp(kind, { database: t.database, env: { MAP_TILE_URL: '' } });
    expect((await (await off.request('GET', '/api/v1/client-config')).json()).map).toBeNull();
    const own = await createTestApp(kind, {
      database: t.database,
      env: { MAP_TILE_URL: 'https://tiles.example.vn/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Sở TN&MT', MAP_DEFAULT_CENTER: '11.56, 108.99, 12' },
    });
    expect((await (await own.request('GET', '/api/v1/client-config')).json()).map).toEqual({
      tileUrl: 'https://tiles.example.vn/{z}/{x}/{y}.png',
      attribution: '© Sở TN&MT',
      center: { lat: 11.56, lng: 108.99 },
      zoom: 12,
    });
    await off.close();
    await own.close();
  });

  it('lists the active DTI sets without their indicators', async () => {
    const res = await t.request('GET', '/api/v1/dti/sets');
    const { sets } = await res.json();
    expect(sets.map((s: { code: string }) => s.code)).toEqual(expect.arrayContaining(['NINH-SON-DTI-2022', 'BAC-KAN-PAKN-2023']));
    expect(sets[0]).toEqual({
      code: expect.any(String),
      name: expect.any(String),
      year: expect.any(Number),
      level: expect.any(String),
      indicators: expect.any(Number),
      assigned: expect.any(Number),
    });
    // For a unit, the main set concerns it most: the district set, not the small workstation appendix.
    const forUnit = (await (await t.request('GET', '/api/v1/dti/sets?unit=NS')).json()).sets as { code: string; assigned: number }[];
    const assigned = Object.fromEntries(forUnit.map((s) => [s.code, s.assigned]));
    expect(assigned['NINH-SON-DTI-2022']).toBeGreaterThan(assigned['BINH-SON-PL1-2023'] ?? 0);
    expect(assigned['BINH-SON-PL1-2023'] ?? 0).toBeGreaterThan(0);
    const [set] = await t.database.db.select().from(dtiSets).where(eq(dtiSets.code, 'NINH-SON-DTI-2022'));
    await t.database.db.update(dtiSets).set({ active: false }).where(eq(dtiSets.id, set!.id));
    const after = await (await t.request('GET', '/api/v1/dti/sets')).json();
    expect(after.sets.map((s: { code: string }) => s.code)).not.toContain('NINH-SON-DTI-2022');
    await t.database.db.update(dtiSets).set({ active: true }).where(eq(dtiSets.id, set!.id));
  });

  it('gives the parts of an indicator scored part by part, and null otherwise', async () => {
    const officer = await t.staff('NS-VP', 'officer');
    const [set] = await t.database.db.select().from(dtiSets).where(eq(dtiSets.code, 'NINH-SON-DTI-2022'));
    await t.database.db
      .update(dtiIndicators)
      .set({ scoring: { kind: 'additive', parts: [{ key: 'ban-hanh', points: 1 }, { key: 'trien-khai', points: 2 }] }, maxPoints: 3 })
      .where(and(eq(dtiIndicators.setId, set!.id), eq(dtiIndicators.code, '1.1')));
    const res = await t.request('GET', '/api/v1/dti/assigned?set=NINH-SON-DTI-2022', { token: officer.token });
    const { indicators } = await res.json();
    const one = indicators.find((i: { code: string }) => i.code === '1.1');
    const two = indicators.find((i: { code: string }) => i.code === '1.2');
    expect(one.parts).toEqual([
      { key: 'ban-hanh', label: 'ban-hanh', points: 1 },
      { key: 'trien-khai', label: 'trien-khai', points: 2 },
    ]);
    expect(two.parts).toBeNull();
  });

  it("names the item's tracking code on a person's notifications", async () => {
    const leader = await t.staff('TINH', 'leader');
    const citizen = await t.citizen();
    const created = await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { content: 'Cống thoát nước bị tắc trước chợ.' } });
    const item = await created.json();
    const [row] = await t.database.db.select({ id: feedback.id }).from(feedback).where(eq(feedback.code, item.code));
    // An alert as the scheduler releases it: its outbox message and its row in the leader's notification centre.
    const text = `Phản ánh ${item.code} sắp đến hạn`;
    const [alert] = await t.database.db
      .insert(alerts)
      .values({ dedupeKey: `test-alert-${item.code}`, kind: 'due_soon', feedbackId: row!.id, recipientUserId: leader.userId, text, sendAfter: t.clock.now, state: 'queued' })
      .returning();
    const [message] = await t.database.db
      .insert(outbox)
      .values({ dedupeKey: `alert:${alert!.id}`, purpose: 'alert', recipientUserId: leader.userId, feedbackId: row!.id, payload: {}, text, state: 'local' })
      .returning();
    await t.database.db
      .insert(notifications)
      .values({ dedupeKey: `alert:${alert!.id}`, userId: leader.userId, kind: 'due_soon', feedbackId: row!.id, alertId: alert!.id, outboxId: message!.id, text });
    const { items } = await (await t.request('GET', '/api/v1/notifications', { token: leader.token })).json();
    expect(items[0]).toMatchObject({ purpose: 'alert', feedbackCode: item.code });
  });
});
