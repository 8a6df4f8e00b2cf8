import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeCounters, feedback, feedbackEvents } from '../../db/schema.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

const CODE = /^PA-\d{4}-\d{6}$/;
const IMPORT = '/api/v1/feedback/import';

describe.each(DB_KINDS)('feedback import on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    // Monday 2 March 2026, 09:00 local.
    t = await createTestApp(kind, { now: new Date('2026-03-02T02:00:00Z') });
  });
  afterAll(() => t?.close());

  const csv = (body: string, token = ADMIN_TOKEN, type = 'text/csv') =>
    t.request('POST', IMPORT, { token, body, headers: { 'content-type': type } });
  const json = (body: unknown, token = ADMIN_TOKEN) => t.request('POST', IMPORT, { token, json: body });
  const getItem = async (code: string) => {
    const res = await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN });
    expect(res.status).toBe(200);
    return res.json();
  };
  const counts = async () => {
    const db = t.database.db;
    const [f] = await db.select({ n: count() }).from(feedback);
    const [e] = await db.select({ n: count() }).from(feedbackEvents);
    const counters = await db.select().from(codeCounters);
    return { feedback: f!.n, events: e!.n, counters: counters.sort((a, b) => a.year - b.year) };
  };
  const rowsFor = (channel: 'dvc_portal' | 'email' | 'mobile_app' | 'other', ids: string[]) =>
    t.database.db
      .select()
      .from(feedback)
      .where(eq(feedback.channel, channel))
      .then((rows) => rows.filter((r) => ids.includes(r.externalId!)));

  it('imports a CSV file and replies with a code and a due time per row', async () => {
    const file = [
      'external_id,channel,received_at,answered_at,rating,category,unit,content',
      // Tue 10/2/2026: 3 working days before Tết (16–20/2), the rest after it → Tue 10/3.
      'DVC-1001,dvc_portal,2026-02-10T09:00:00+07:00,,,,,Đèn đường hỏng',
      // Mon 2/3/2026 → Mon 23/3 (D itself never counts).
      'DVC-1002,dvc_portal,2026-03-02T08:00:00+07:00,,,ha-tang,,Ổ gà',
      // 31/12/2025 local: 1/1 and 2/1 off, Sat 10/1 worked → Thu 22/1/2026; code of the year of receipt.
      'M-77,mobile_app,2025-12-31T09:00:00+07:00,2026-01-05T10:00:00+07:00,5,,SO-XD,Cống tắc',
    ].join('\n');
    const res = await csv(file);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      imported: 3,
      updated: 0,
      items: [
        { external_id: 'DVC-1001', channel: 'dvc_portal', code: expect.stringMatching(/^PA-2026-\d{6}$/), dueAt: '2026-03-10T23:59:59.999+07:00' },
        { external_id: 'DVC-1002', channel: 'dvc_portal', code: expect.stringMatching(/^PA-2026-\d{6}$/), dueAt: '2026-03-23T23:59:59.999+07:00' },
        { external_id: 'M-77', channel: 'mobile_app', code: expect.stringMatching(/^PA-2025-\d{6}$/), dueAt: '2026-01-22T23:59:59.999+07:00' },
      ],
    });
    expect(Object.keys(body.items[0]).sort()).toEqual(['channel', 'code', 'dueAt', 'external_id']);
    expect(new Set(body.items.map((i: { code: string }) => i.code)).size).toBe(3);

    const open = await getItem(body.items[0].code);
    expect(open).toMatchObject({ status: 'received', content: 'Đèn đường hỏng', externalId: 'DVC-1001', answeredAt: null, rating: null });
    expect(open.unit.code).toBe('TINH'); // no category or unit: the root receives it
    const routed = await getItem(body.items[1].code);
    expect(routed).toMatchObject({ category: 'ha-tang', unit: { code: 'SO-XD' } });
    const answered = await getItem(body.items[2].code);
    expect(answered).toMatchObject({
      status: 'answered',
      answeredAt: '2026-01-05T10:00:00.000+07:00',
      rating: 5,
      ratingChannel: 'mobile_app',
      ratedAt: '2026-01-05T10:00:00.000+07:00',
      receivedAt: '2025-12-31T09:00:00.000+07:00',
      unit: { code: 'SO-XD' },
    });
  });

  it('imports a JSON array with the same fields', async () => {
    const res = await json([
      { external_id: 'E-1', channel: 'email', received_at: '2026-02-10T02:00:00Z', content: 'Hồ sơ chậm' },
      // 18:30 UTC on 31/12 is 01:30 local on 1/1/2026: the local date decides the year and the deadline.
      { external_id: 'E-2', channel: 'email', received_at: '2025-12-31T18:30:00Z', answered_at: '2026-01-02T08:00:00+07:00', rating: 2, category: null, unit: '' },
      { external_id: 4711, channel: 'other', received_at: '2026-03-02T08:00:00+07:00', rating: 4, category: 'moi-truong' },
    ]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      imported: 3,
      updated: 0,
      items: [
        { external_id: 'E-1', channel: 'email', code: expect.stringMatching(/^PA-2026-/), dueAt: '2026-03-10T23:59:59.999+07:00' },
        { external_id: 'E-2', channel: 'email', code: expect.stringMatching(/^PA-2026-/), dueAt: '2026-01-22T23:59:59.999+07:00' },
        { external_id: '4711', channel: 'other', code: expect.stringMatching(/^PA-2026-/), dueAt: '2026-03-23T23:59:59.999+07:00' },
      ],
    });
    const [rated] = await rowsFor('other', ['4711']);
    // A rating without an answer: the item stays open, the rating is dated at receipt.
    expect(rated).toMatchObject({ status: 'received', rating: 4, ratingChannel: 'other', answeredAt: null });
    expect(rated!.ratedAt?.toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(rated!.unitId).not.toBeNull();
  });

  it('is idempotent on (channel, external_id): a second import updates and never duplicates', async () => {
    const file = [
      'external_id,channel,received_at,content',
      'IDEM-1,dvc_portal,2026-03-02T08:00:00+07:00,Một',
      'IDEM-2,dvc_portal,2026-03-02T09:00:00+07:00,Hai',
      // Same external id on another channel is another item.
      'IDEM-1,email,2026-03-02T10:00:00+07:00,Ba',
    ].join('\r\n');
    const first = await (await csv(file)).json();
    expect(first).toMatchObject({ imported: 3, updated: 0 });
    const before = await counts();

    const res = await csv(file);
    expect(res.status).toBe(200);
    const second = await res.json();
    expect(second).toEqual({ ...first, imported: 0, updated: 3 });
    // Nothing changed, so nothing was written: no row, no timeline event, no code used up.
    expect(await counts()).toEqual(before);
    expect(await rowsFor('dvc_portal', ['IDEM-1', 'IDEM-2'])).toHaveLength(2);
    expect(await rowsFor('email', ['IDEM-1'])).toHaveLength(1);
  });

  it('updates answered_at and rating of an imported item, keeping its code', async () => {
    const rows = (answered: string, rating: string) =>
      ['external_id,channel,received_at,answered_at,rating', `UPD-1,dvc_portal,2026-02-10T09:00:00+07:00,${answered},${rating}`].join('\n');
    const first = await (await csv(rows('', ''))).json();
    const code = first.items[0].code;
    expect((await getItem(code)).status).toBe('received');

    const res = await csv(rows('2026-03-12T15:30:00+07:00', '3'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      imported: 0,
      updated: 1,
      items: [{ external_id: 'UPD-1', channel: 'dvc_portal', code, dueAt: '2026-03-10T23:59:59.999+07:00' }],
    });
    const item = await getItem(code);
    expect(item).toMatchObject({
      status: 'answered',
      answeredAt: '2026-03-12T15:30:00.000+07:00',
      rating: 3,
      ratingChannel: 'dvc_portal',
      ratedAt: '2026-03-12T15:30:00.000+07:00',
    });
    expect(item.timeline.map((e: { type: string }) => e.type)).toEqual(['created', 'imported_update']);
    expect(item.timeline[1]).toMatchObject({ from: 'received', to: 'answered' });

    // The rating changes again; an empty cell leaves answered_at as it is.
    await csv(rows('', '5'));
    expect(await getItem(code)).toMatchObject({ status: 'answered', answeredAt: '2026-03-12T15:30:00.000+07:00', rating: 5 });
  });

  it('answers an item that waits for the citizen, not charging the wait to the office', async () => {
    const row = (answered: string) =>
      `external_id,channel,received_at,answered_at,category\nWAIT-1,dvc_portal,2026-03-02T08:00:00+07:00,${answered},ha-tang`;
    const code = (await (await csv(row(''))).json()).items[0].code;
    // Asked for more information on Mon 2/3; the portal reports the answer on Thu 5/3.
    const asked = await t.request('POST', `/api/v1/feedback/${code}/request_info`, { token: ADMIN_TOKEN, json: { note: 'Ảnh hiện trường?' } });
    expect(asked.status).toBe(200);
    const res = await csv(row('2026-03-05T10:00:00+07:00'));
    expect(res.status).toBe(200);
    // Due 23/3, plus the 3 working days waited (3, 4 and 5/3).
    expect((await res.json()).items[0].dueAt).toBe('2026-03-26T23:59:59.999+07:00');
    const item = await getItem(code);
    expect(item).toMatchObject({ status: 'answered', pausedAt: null, pausedAmount: 3, answeredAt: '2026-03-05T10:00:00.000+07:00' });
    expect(item.timeline.at(-1)).toMatchObject({ type: 'imported_update', from: 'needs_info', to: 'answered' });
  });

  it('recomputes the due time when received_at or the category changes', async () => {
    const first = await (
      await json([{ external_id: 'MOVE-1', channel: 'mobile_app', received_at: '2026-03-02T08:00:00+07:00' }])
    ).json();
    expect(first.items[0].dueAt).toBe('2026-03-23T23:59:59.999+07:00');
    const res = await json([
      { external_id: 'MOVE-1', channel: 'mobile_app', received_at: '2026-02-10T09:00:00+07:00', category: 'dat-dai' },
    ]);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items[0]).toEqual({ ...first.items[0], dueAt: '2026-03-10T23:59:59.999+07:00' });
    const [row] = await rowsFor('mobile_app', ['MOVE-1']);
    expect(row).toMatchObject({ receivedDate: '2026-02-10', policyUnit: 'working_days', policyAmount: 15 });
    expect(row!.clockStartedAt.toISOString()).toBe('2026-02-10T02:00:00.000Z');
  });

  it('rejects the whole file if any row is wrong, listing every error, and stores nothing', async () => {
    await csv(['external_id,channel,received_at,content', 'KEEP-1,dvc_portal,2026-03-02T08:00:00+07:00,Nội dung gốc'].join('\n'));
    const [kept] = await rowsFor('dvc_portal', ['KEEP-1']);
    const before = await counts();

    const file = [
      'external_id,channel,received_at,answered_at,rating,category,unit,content',
      'BAD-OK-1,dvc_portal,2026-03-02T08:00:00+07:00,,,,,tốt',
      'BAD-X,fax,2026-03-02T08:00:00+07:00,,7,khong-co,,hỏng',
      'KEEP-1,dvc_portal,2026-03-02T08:00:00+07:00,,,,,Nội dung mới',
      ',email,02/03/2026 08:00,,,,,hỏng',
      'BAD-OK-2,email,2026-03-02T08:00:00+07:00,,4,ha-tang,SO-XD,tốt',
    ].join('\n');
    const res = await csv(file);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.errors).toEqual([
      { row: 2, field: 'channel', message: expect.stringContaining('must be one of dvc_portal, mobile_app') },
      { row: 2, field: 'rating', message: expect.stringContaining('from 1 to 5') },
      { row: 2, field: 'category', message: expect.stringContaining('unknown category code "khong-co"') },
      { row: 4, field: 'external_id', message: 'is required' },
      { row: 4, field: 'received_at', message: expect.stringContaining('ISO 8601') },
    ]);
    expect(await counts()).toEqual(before);
    expect(await rowsFor('dvc_portal', ['BAD-OK-1'])).toHaveLength(0);
    const [after] = await rowsFor('dvc_portal', ['KEEP-1']);
    expect(after).toEqual(kept);
  });

  it('reports JSON-specific mistakes, duplicates in the file and answers before receipt', async () => {
    const before = await counts();
    const res = await json([
      { external_id: 'J-1', channel: 'email', received_at: '2026-03-02T08:00:00+07:00', colour: 'red' },
      { external_id: 'J-2', channel: 'email', received_at: '2026-03-02T08:00:00', rating: 4.5 },
      'not an object',
      { external_id: 'J-1', channel: 'email', received_at: '2026-03-03T08:00:00+07:00', answered_at: '2026-03-02T08:00:00+07:00' },
      { external_id: 'J-5', channel: 'email', received_at: '2026-02-30T08:00:00+07:00', unit: 'NO-SUCH-UNIT' },
    ]);
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([
      { row: 1, field: 'colour', message: expect.stringContaining('unknown field') },
      { row: 2, field: 'received_at', message: expect.stringContaining('with its offset') },
      { row: 2, field: 'rating', message: expect.stringContaining('whole number') },
      { row: 3, field: '(row)', message: expect.stringContaining('must be an object') },
      { row: 4, field: 'answered_at', message: 'must not be before received_at' },
      { row: 4, field: 'external_id', message: 'duplicate of row 1 (same channel and external_id)' },
      { row: 5, field: 'received_at', message: expect.any(String) },
      { row: 5, field: 'unit', message: 'unknown unit code "NO-SUCH-UNIT"' },
    ]);
    expect(await counts()).toEqual(before);
  });

  it('rejects a CSV header with unknown or missing columns', async () => {
    const res = await csv('external_id,channel,recieved_at,content\nH-1,email,2026-03-02T08:00:00+07:00,x');
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([
      { row: 0, field: 'recieved_at', message: expect.stringContaining('unknown column') },
      { row: 0, field: 'received_at', message: 'required column is missing from the header' },
    ]);
    const ragged = await csv('external_id,channel,received_at\nH-2,email\nH-3,email,2026-03-02T08:00:00+07:00');
    expect(ragged.status).toBe(422);
    expect((await ragged.json()).errors).toEqual([{ row: 1, field: '(row)', message: 'has 2 cells but the header has 3 columns' }]);
    const empty = await csv('external_id,channel,received_at\r\n');
    expect(empty.status).toBe(422);
    expect((await empty.json()).errors).toEqual([{ row: 0, field: '(body)', message: 'contains no data rows' }]);
  });

  it('keeps a BOM, quoted commas, line breaks and Vietnamese diacritics intact', async () => {
    const content = 'Đường Lê Lợi, phường Trung Tâm: ngập sâu "nửa mét"\nđề nghị khơi thông cống — cảm ơn!';
    const quoted = `"${content.replaceAll('"', '""')}"`;
    const file = `\uFEFFexternal_id,channel,received_at,content\r\nVN-1,zalo_oa,2026-03-02T08:00:00+07:00,${quoted}\r\nVN-2,zalo_oa,2026-03-02T08:05:00+07:00,"Hỏi, đáp"\r\nVN-5,zalo_oa,2026-03-02T08:06:00+07:00,Nhà "văn hóa" xuống cấp\r\n`;
    const res = await csv(file, ADMIN_TOKEN, 'text/csv; charset=utf-8');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.imported).toBe(3);
    expect((await getItem(body.items[0].code)).content).toBe(content);
    expect((await getItem(body.items[1].code)).content).toBe('Hỏi, đáp');
    expect((await getItem(body.items[2].code)).content).toBe('Nhà "văn hóa" xuống cấp');
    // Sent as bytes too, exactly as a file upload would.
    const bytes = new TextEncoder().encode(file.replace('VN-1', 'VN-3').replace('VN-2', 'VN-4').replace('VN-5', 'VN-6'));
    const again = await t.request('POST', IMPORT, { token: ADMIN_TOKEN, body: bytes, headers: { 'content-type': 'text/csv' } });
    expect(again.status).toBe(200);
    expect((await getItem((await again.json()).items[0].code)).content).toBe(content);
  });

  it('reads a semicolon-separated CSV as Excel writes it in a Vietnamese locale', async () => {
    const res = await csv('external_id;channel;received_at;content\nSEMI-1;other;2026-03-02T08:00:00+07:00;Có dấu, và phẩy');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.items[0]).toMatchObject({ external_id: 'SEMI-1', channel: 'other', code: expect.stringMatching(CODE) });
    expect((await getItem(body.items[0].code)).content).toBe('Có dấu, và phẩy');
  });

  it('lets only administrators import', async () => {
    const row = 'external_id,channel,received_at\nROLE-1,email,2026-03-02T08:00:00+07:00';
    const anonymous = await t.request('POST', IMPORT, { body: row, headers: { 'content-type': 'text/csv' } });
    expect(anonymous.status).toBe(401);
    const citizen = await t.citizen();
    expect((await csv(row, citizen.token)).status).toBe(403);
    const officer = await t.staff('SO-XD', 'officer');
    expect((await csv(row, officer.token)).status).toBe(403);
    const leader = await t.staff('TINH', 'leader');
    expect((await csv(row, leader.token)).status).toBe(403);
    expect(await rowsFor('email', ['ROLE-1'])).toHaveLength(0);
    const admin = await t.staff('TINH', 'admin');
    expect((await csv(row, admin.token)).status).toBe(200);
  });

  it('answers 415 for other media types, 400 for malformed bodies and 413 above 1 MB', async () => {
    const row = 'external_id,channel,received_at\nTYPE-1,email,2026-03-02T08:00:00+07:00';
    const plain = await csv(row, ADMIN_TOKEN, 'text/plain');
    expect(plain.status).toBe(415);
    expect(await plain.json()).toMatchObject({ error: 'unsupported_media_type' });
    expect((await t.request('POST', IMPORT, { token: ADMIN_TOKEN, body: row })).status).toBe(415);
    expect((await csv(row, ADMIN_TOKEN, 'text/csv; charset=windows-1258')).status).toBe(415);

    const badJson = await csv('[{"external_id": ', ADMIN_TOKEN, 'application/json');
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: 'invalid_json' });
    const badCsv = await csv('external_id,channel,received_at\n"TYPE-2,email,2026-03-02T08:00:00+07:00');
    expect(badCsv.status).toBe(400);
    expect(await badCsv.json()).toMatchObject({ error: 'invalid_csv' });
    const latin1 = await t.request('POST', IMPORT, {
      token: ADMIN_TOKEN,
      body: new Uint8Array([...new TextEncoder().encode(`${row},`), 0xe9]),
      headers: { 'content-type': 'text/csv' },
    });
    expect(latin1.status).toBe(400);
    const notArray = await json({ external_id: 'X' });
    expect(notArray.status).toBe(422);
    expect((await notArray.json()).errors).toEqual([{ row: 0, field: '(body)', message: 'must be a JSON array of objects' }]);

    const line = 'BIG-0000001,email,2026-03-02T08:00:00+07:00,' + 'x'.repeat(200);
    const big = ['external_id,channel,received_at,content', ...Array.from({ length: 5200 }, () => line)].join('\n');
    expect(new TextEncoder().encode(big).length).toBeGreaterThan(1024 * 1024);
    const before = await counts();
    const tooLarge = await csv(big);
    expect(tooLarge.status).toBe(413);
    expect(await counts()).toEqual(before);
  });

  // Over 1000 rows, so the look-ups of existing rows are split into several queries.
  it('imports and re-imports a large file in one go', async () => {
    const n = 1200;
    const lines = Array.from({ length: n }, (_, i) => {
      const day = String(1 + (i % 28)).padStart(2, '0');
      return `BULK-${i},dvc_portal,2026-02-${day}T09:00:00+07:00,${i % 3 ? '' : `2026-03-${day}T09:00:00+07:00`},${i % 5 ? '' : 1 + (i % 5)},${i % 2 ? 'ha-tang' : ''},,Nội dung ${i}`;
    });
    const file = ['external_id,channel,received_at,answered_at,rating,category,unit,content', ...lines].join('\n');
    const started = Date.now();
    const res = await csv(file);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ imported: n, updated: 0 });
    const again = await csv(file);
    expect(await again.json()).toMatchObject({ imported: 0, updated: n });
    expect(Date.now() - started).toBeLessThan(60_000);
    const stored = await t.database.db
      .select({ n: count() })
      .from(feedback)
      .where(inArray(feedback.externalId, Array.from({ length: n }, (_, i) => `BULK-${i}`)));
    expect(stored[0]!.n).toBe(n);
  }, 120_000);
});
