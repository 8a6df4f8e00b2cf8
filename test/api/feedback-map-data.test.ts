// What the maps show: the officer's list carries each item's coordinates (the inbox map), and only for their units.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/test-db.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe.each(DB_KINDS)('coordinates for the maps on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  it("gives staff each listed item's coordinates, null where there are none, and nothing of other units", async () => {
    const citizen = await t.citizen();
    const file = async (json: object) => {
      const res = await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { category: 'ha-tang', ...json } });
      expect(res.status).toBe(201);
      return (await res.json()).code as string;
    };
    const placed = await file({ content: 'Ổ gà lớn giữa đường, xe máy dễ ngã khi trời mưa', location: { lat: 22.14712, lng: 105.83456 } });
    const unplaced = await file({ content: 'Cống thoát nước bị tắc, nước tràn lên vỉa hè', address: 'Tổ 5, phường Đức Xuân' });

    const officer = await t.staff('SO-XD', 'officer');
    const res = await t.request('GET', '/api/v1/feedback?limit=200', { token: officer.token });
    expect(res.status).toBe(200);
    const items = (await res.json()).items as { code: string; location: unknown; address: string | null }[];
    expect(items.find((i) => i.code === placed)?.location).toEqual({ lat: 22.14712, lng: 105.83456 });
    expect(items.find((i) => i.code === unplaced)).toMatchObject({ location: null, address: 'Tổ 5, phường Đức Xuân' });

    const other = await t.staff('NS-VP', 'officer');
    const theirs = (await (await t.request('GET', '/api/v1/feedback?limit=200', { token: other.token })).json()).items as { code: string }[];
    expect(theirs.map((i) => i.code)).not.toContain(placed);
  });
});
