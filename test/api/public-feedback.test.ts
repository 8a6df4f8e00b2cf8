// Public results and search (CONTRACT §13): only published items, never personal data, words found without
// diacritics, the officer's chosen photos served without their metadata.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../db/open-db.js';
import { users } from '../../db/schema.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

const at = (iso: string) => new Date(iso);

/** A JPEG as a phone writes it: EXIF with the orientation and a GPS position, a comment, a trailer after EOI. */
function phoneJpeg(): Uint8Array {
  const gps = Buffer.from('GPS 10.776543 106.701234 Galaxy A54 owner Nguyen Van Dan');
  // TIFF, little-endian: IFD0 with Orientation = 6 (rotate 90°), then the "GPS" bytes.
  const tiff = Buffer.concat([
    Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0, 0, 0, 0]),
    gps,
  ]);
  const exif = Buffer.concat([Buffer.from('Exif\0\0'), tiff]);
  const seg = (marker: number, data: Buffer) => Buffer.concat([Buffer.from([0xff, marker, (data.length + 2) >> 8, (data.length + 2) & 0xff]), data]);
  return new Uint8Array(
    Buffer.concat([
      Buffer.from([0xff, 0xd8]),
      seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
      seg(0xe1, exif),
      seg(0xe1, Buffer.from('http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>GPSLatitude 10.776543</x:xmpmeta>')),
      seg(0xfe, Buffer.from('comment: Nguyen Van Dan')),
      seg(0xdb, Buffer.alloc(65, 1)),
      seg(0xc0, Buffer.from([8, 0, 1, 0, 1, 1, 1, 0x11, 0])),
      seg(0xda, Buffer.from([1, 1, 0, 0, 0x3f, 0])),
      Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]), // entropy data with a stuffed byte and a restart
      Buffer.from([0xff, 0xd9]),
      Buffer.from('TRAILER GPS 10.776543'),
    ]),
  );
}

describe.each(DB_KINDS)('public results on %s', (kind) => {
  let t: TestApp;
  let citizen: { token: string; userId: number };
  let officer: { token: string; userId: number };
  let published = '';
  let hidden = '';
  let photoId = 0;
  let privatePhotoId = 0;
  let citizenZaloId = '';

  const get = (path: string, token?: string) => t.request('GET', path, { token });
  const act = async (code: string, action: string, json: object = {}) => {
    const res = await t.request('POST', `/api/v1/feedback/${code}/${action}`, { token: officer.token, json });
    expect(res.status, `${action} ${JSON.stringify(await res.clone().json())}`).toBe(200);
  };
  async function file(content: string, extra: object = {}) {
    const res = await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { category: 'ha-tang', content, ...extra } });
    expect(res.status).toBe(201);
    return (await res.json()).code as string;
  }
  async function upload(code: string, bytes: Uint8Array, name: string, type: string) {
    const form = new FormData();
    form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type }), name);
    const res = await t.request('POST', `/api/v1/feedback/${code}/attachments`, { token: citizen.token, body: form });
    expect(res.status).toBe(201);
    return (await res.json()).attachments[0].id as number;
  }

  beforeAll(async () => {
    // Monday 2 March 2026, 09:00 local.
    t = await createTestApp(kind, { now: at('2026-03-02T02:00:00Z') });
    citizen = await t.citizen('Phạm Thị Riêng Tư');
    officer = await t.staff('SO-XD', 'officer', 'Cán bộ Hoàng Văn Xử');
    const [u] = await t.database.db.select().from(users).where(eq(users.id, citizen.userId));
    citizenZaloId = u!.zaloId!;

    published = await file('Ổ gà lớn trên đường Trần Hưng Đạo, gọi tôi 0987 654 321 hoặc thư rieng.tu@example.vn. Tôi là Phạm Thị Riêng Tư.', {
      title: 'Đường hỏng nặng',
      location: { lat: 10.776543, lng: 106.701234 },
      address: 'Số 12 ngõ 5 Trần Hưng Đạo',
      contact: { name: 'Phạm Thị Riêng Tư', phone: '0987654321', email: 'rieng.tu@example.vn' },
    });
    photoId = await upload(published, phoneJpeg(), 'o-ga.jpg', 'image/jpeg');
    privatePhotoId = await upload(published, phoneJpeg(), 'nha-toi.jpg', 'image/jpeg');
    hidden = await file('Ổ gà ở ngõ khác, chưa được công khai');

    t.clock.now = at('2026-03-05T03:00:00Z'); // Thursday: 3 working days after Monday
    await act(published, 'accept');
    await act(published, 'start', { note: 'Ghi chú nội bộ: gọi chị Riêng Tư' });
    await act(published, 'answer', { answer: 'Đơn vị đã vá ổ gà. Cảm ơn chị Phạm Thị Riêng Tư.' });
    await act(published, 'publish', { photoIds: [photoId] });
    await act(hidden, 'accept');
  });
  afterAll(() => t?.close());

  it('lists only published items, anonymously, in the contract shape', async () => {
    const res = await get('/api/v1/public/feedback');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.total).toBe(1);
    expect(body.items.map((i: { code: string }) => i.code)).toEqual([published]);
    const item = body.items[0];
    expect(item).toMatchObject({
      code: published,
      title: 'Đường hỏng nặng',
      category: 'ha-tang',
      unit: 'SO-XD',
      unitName: 'Sở Xây dựng',
      status: 'answered',
      receivedAt: '2026-03-02T09:00:00.000+07:00',
      answeredAt: '2026-03-05T10:00:00.000+07:00',
      workingDaysTaken: 3,
      location: { lat: 10.777, lng: 106.701 },
      photos: [`/api/v1/public/feedback/${published}/photos/${photoId}`],
    });
    expect(item.content).toContain('Ổ gà lớn trên đường Trần Hưng Đạo');
    expect(item.answer).toContain('Đơn vị đã vá ổ gà.');
    expect((await get(`/api/v1/public/feedback/${hidden}`)).status).toBe(404);
    expect((await get('/api/v1/public/feedback/PA-2026-999999')).status).toBe(404);
    expect((await get(`/api/v1/public/feedback/${published}`)).status).toBe(200);
  });

  it('holds no personal data anywhere in the reply', async () => {
    const replies = [
      JSON.stringify(await (await get('/api/v1/public/feedback')).json()),
      JSON.stringify(await (await get(`/api/v1/public/feedback/${published}`)).json()),
      JSON.stringify(await (await get('/api/v1/public/feedback?q=tran%20hung%20dao')).json()),
    ];
    for (const text of replies) {
      for (const secret of [
        'Riêng Tư', // citizen's name (contact and account), also inside the content and answer
        '0987654321',
        '0987 654 321',
        'rieng.tu@example.vn',
        citizenZaloId,
        '10.776543',
        '106.701234',
        'Số 12 ngõ 5', // the free-text address
        'Hoàng Văn Xử', // officer
        'Ghi chú nội bộ', // internal note
      ]) {
        expect(text, secret).not.toContain(secret);
      }
      expect(text).not.toMatch(/"(contact|address|rejectReason|timeline|externalId|assignedUserId|citizenUserId)"/);
    }
  });

  it('finds words without diacritics or case, every word required', async () => {
    const codes = async (q: string, token?: string, path = '/api/v1/public/feedback') =>
      ((await (await get(`${path}?q=${encodeURIComponent(q)}`, token)).json()).items as { code: string }[]).map((i) => i.code);
    expect(await codes('o ga')).toEqual([published]);
    expect(await codes('Ổ GÀ')).toEqual([published]);
    expect(await codes('DUONG hong')).toEqual([published]); // title: "Đường hỏng"
    expect(await codes('tran hung dao')).toEqual([published]);
    expect(await codes(published.toLowerCase())).toEqual([published]);
    expect(await codes('o ga mua')).toEqual([]);
    // The content holds a phone number and an e-mail (masked when shown): searching by them finds nothing.
    expect(await codes('0987 654 321')).toEqual([]);
    expect(await codes('rieng.tu@example.vn')).toEqual([]);
    // So does the contact's name, masked when shown: the content says "Tôi là Phạm Thị Riêng Tư".
    expect(await codes('rieng tu')).toEqual([]);
    expect(await codes('Phạm Thị Riêng Tư')).toEqual([]);
    expect(await codes('o ga pham')).toEqual([]);
    // Staff see the name, so they find it by it.
    expect(await codes('rieng tu', officer.token, '/api/v1/feedback')).toEqual([published]);
    // Staff lists take the same q, within what the officer may see.
    expect((await codes('o ga', officer.token, '/api/v1/feedback')).sort()).toEqual([published, hidden].sort());
    expect(await codes('ngo khac', officer.token, '/api/v1/feedback')).toEqual([hidden]);
    expect(await codes('ngo khac', citizen.token, '/api/v1/feedback')).toEqual([hidden]);
    expect(await codes('ngo khac')).toEqual([]);
  });

  it('takes LIKE wildcards literally and caps q', async () => {
    const codes = async (q: string) =>
      ((await (await get(`/api/v1/public/feedback?q=${encodeURIComponent(q)}`)).json()).items as unknown[]).length;
    expect(await codes('%')).toBe(0);
    expect(await codes('_')).toBe(0);
    expect(await codes('o%ga')).toBe(0);
    expect(await codes('\\')).toBe(0);
    const pct = await file('Giá điện tăng 100% so với tháng trước');
    await act(pct, 'accept');
    await act(pct, 'answer', { answer: 'Đã kiểm tra chỉ số công tơ.' });
    await act(pct, 'publish');
    expect(await codes('100%')).toBe(1);
    expect(await codes('%')).toBe(1);
    expect((await get(`/api/v1/public/feedback?q=${'a'.repeat(201)}`)).status).toBe(400);
    await act(pct, 'unpublish');
  });

  it('filters by category, unit (with the units under it) and status', async () => {
    const total = async (qs: string) => (await (await get(`/api/v1/public/feedback?${qs}`)).json()).total;
    expect(await total('category=ha-tang')).toBe(1);
    expect(await total('category=dat-dai')).toBe(0);
    expect(await total('unit=SO-XD')).toBe(1);
    expect(await total('unit=TINH')).toBe(1);
    expect(await total('unit=XA-NAMSON')).toBe(0);
    expect(await total('unit=NO-SUCH-UNIT')).toBe(0);
    expect(await total('status=answered')).toBe(1);
    expect(await total('status=closed')).toBe(0);
    expect((await get('/api/v1/public/feedback?status=bogus')).status).toBe(400);
    expect((await get('/api/v1/public/feedback?limit=101')).status).toBe(400);
    const filters = await (await get('/api/v1/public/feedback/filters')).json();
    expect(filters.categories).toContainEqual({ code: 'ha-tang', name: 'Hạ tầng, giao thông' });
    expect(filters.units).toContainEqual({ code: 'XA-NAMSON', name: 'Xã Nam Sơn', level: 'commune' });
  });

  it('serves the published photo without its metadata, and nothing else', async () => {
    const res = await get(`/api/v1/public/feedback/${published}/photos/${photoId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    expect(res.headers.get('content-disposition')).toMatch(/^inline;/);
    const bytes = Buffer.from(await res.arrayBuffer());
    const text = bytes.toString('latin1');
    for (const secret of ['10.776543', 'Nguyen Van Dan', 'xmpmeta', 'TRAILER', 'Galaxy']) expect(text).not.toContain(secret);
    expect([...bytes.subarray(0, 2)]).toEqual([0xff, 0xd8]);
    expect([...bytes.subarray(-2)]).toEqual([0xff, 0xd9]);
    expect(text).toContain('JFIF'); // the picture's own segments stay
    expect(bytes.includes(Buffer.from([0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56]))).toBe(true);
    // Only the orientation survives, as a minimal EXIF block.
    const exif = bytes.indexOf(Buffer.from('Exif\0\0'));
    expect(exif).toBeGreaterThan(0);
    expect([...bytes.subarray(exif + 6, exif + 6 + 26)]).toEqual([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0]);

    // The photo the officer did not pick, a wrong code, an unpublished item: 404 alike.
    expect((await get(`/api/v1/public/feedback/${published}/photos/${privatePhotoId}`)).status).toBe(404);
    expect((await get(`/api/v1/public/feedback/${hidden}/photos/${photoId}`)).status).toBe(404);
    // Staff still see every attachment with its published mark.
    const detail = await (await get(`/api/v1/feedback/${published}`, officer.token)).json();
    expect(detail.attachments.map((a: { id: number; published: boolean }) => [a.id, a.published])).toEqual([
      [photoId, true],
      [privatePhotoId, false],
    ]);
  });

  it('withdraws the photos with the item, and refuses photos of another item', async () => {
    await act(published, 'unpublish');
    expect((await get(`/api/v1/public/feedback/${published}/photos/${photoId}`)).status).toBe(404);
    expect((await get(`/api/v1/public/feedback/${published}`)).status).toBe(404);
    expect((await (await get('/api/v1/public/feedback')).json()).total).toBe(0);

    const other = await file('Cây đổ chắn đường sau mưa lớn');
    const foreign = await upload(other, phoneJpeg(), 'cay.jpg', 'image/jpeg');
    const res = await t.request('POST', `/api/v1/feedback/${published}/publish`, { token: officer.token, json: { photoIds: [foreign] } });
    expect(res.status).toBe(422);
    expect((await res.json()).errors).toEqual([expect.objectContaining({ field: 'photoIds' })]);
    expect((await get(`/api/v1/public/feedback/${published}`)).status).toBe(404);

    // Publishing again without choosing photos publishes none (the earlier choice was withdrawn).
    await act(published, 'publish');
    const item = await (await get(`/api/v1/public/feedback/${published}`)).json();
    expect(item.photos).toEqual([]);
    expect((await get(`/api/v1/public/feedback/${published}/photos/${photoId}`)).status).toBe(404);
    await act(published, 'unpublish');
    await act(published, 'publish', { photoIds: [photoId] });
  });

  it('the search is served by the trigram index', async () => {
    // One connection (postgres.js pools): the plan with sequential scans off, inside one transaction.
    const plan = await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return rowsOf<Record<string, string>>(
        await tx.execute(sql`
          explain select id from feedback
          where lower(immutable_unaccent(coalesce("feedback"."title", '') || ' ' || "feedback"."content" || ' ' || "feedback"."code")) like '%o ga%'`),
      );
    });
    expect(plan.map((r) => Object.values(r)[0]).join('\n')).toContain('feedback_search_idx');
  });

  it('counts anonymous reads per address', async () => {
    const limited = await createTestApp(kind, { database: t.database, env: { RATE_LIMIT_FACTOR: '0.01' } });
    // 600 × 0.01 = 6 reads per 10 minutes.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await limited.request('GET', '/api/v1/public/feedback', { ip: '203.0.113.9' })).status);
    expect(statuses.slice(0, 6)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(statuses[6]).toBe(429);
    expect((await limited.request('GET', '/api/v1/public/feedback', { ip: '203.0.113.10' })).status).toBe(200);
    expect((await limited.request('GET', '/api/v1/public/feedback', { ip: '203.0.113.9', token: ADMIN_TOKEN })).status).toBe(200);
  });
});
