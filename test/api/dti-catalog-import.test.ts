import ExcelJS from 'exceljs';
import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dtiAssignments, dtiIndicators, dtiIndices, dtiSets, units } from '../../db/schema.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ADMIN_DTI = '/api/v1/admin/dti';
const HEADER = ['Stt', 'Chỉ số/Chỉ số thành phần', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Điểm tối đa', 'Kiểu giá trị', 'Đơn vị tính'];

type Cell = string | number | null;

/** A workbook like a province's file: an instructions sheet first, then the sheet "Chỉ số" with title rows above the table. */
async function workbook(rows: Cell[][], titleRows = 3): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Hướng dẫn').addRow(['Điền mỗi chỉ số trên một dòng; mã đơn vị xem ở trang Đơn vị.']);
  const ws = wb.addWorksheet('Chỉ số DTI');
  ws.addRow(['BỘ CHỈ SỐ ĐÁNH GIÁ CHUYỂN ĐỔI SỐ CẤP HUYỆN NĂM 2026']);
  ws.mergeCells('A1:G1');
  ws.addRow(['(Kèm theo Quyết định số 123/QĐ-UBND ngày 15/01/2026 của UBND tỉnh)']);
  ws.mergeCells('A2:G2');
  for (let i = 2; i < titleRows; i++) ws.addRow([]);
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** The rows of a good file: 2 indices, 4 indicators; one unit by its Vietnamese name (in lower case). */
const GOOD_ROWS: Cell[][] = [
  ['1', 'Nhận thức số', null, null, 60],
  ['1.1', 'Người đứng đầu huyện chủ trì, chỉ đạo chuyển đổi số', 'NS-VP', 'NS-VHTT', null, 'có/không'],
  ['1.2', 'Văn bản chỉ đạo chuyên đề về chuyển đổi số', 'NS-VHTT', 'NS-VP; NS-XA-LAMSON', null, 'số lượng', 'văn bản'],
  [2, 'Hạ tầng số', null, null, 45.5],
  ['2.1', 'Tỷ lệ hộ gia đình có cáp quang', 'phòng tài chính - kế hoạch huyện ninh sơn', 'NS-VP, NS-VHTT', null, 'tỷ lệ'],
  // Stt typed as a number, as Excel stores it.
  [2.2, 'Kinh phí đầu tư cho hạ tầng số', 'NS-XA-LAMSON', null, 2.5, 'amount', 'đồng'],
];

const GOOD_VIEW = {
  indices: [
    {
      code: '1',
      name: 'Nhận thức số',
      maxPoints: 60,
      indicators: [
        { code: '1.1', name: 'Người đứng đầu huyện chủ trì, chỉ đạo chuyển đổi số', lead: ['NS-VP'], coordinating: ['NS-VHTT'] },
        { code: '1.2', name: 'Văn bản chỉ đạo chuyên đề về chuyển đổi số', lead: ['NS-VHTT'], coordinating: ['NS-VP', 'NS-XA-LAMSON'] },
      ],
    },
    {
      code: '2',
      name: 'Hạ tầng số',
      maxPoints: 45.5,
      indicators: [
        { code: '2.1', name: 'Tỷ lệ hộ gia đình có cáp quang', lead: ['NS-TCKH'], coordinating: ['NS-VHTT', 'NS-VP'] },
        { code: '2.2', name: 'Kinh phí đầu tư cho hạ tầng số', lead: ['NS-XA-LAMSON'], coordinating: [] },
      ],
    },
  ],
};

describe.each(DB_KINDS)('DTI catalog import and copy on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  /** token null: anonymous. */
  const upload = (params: string, body: Uint8Array | string, type: string, token: string | null = ADMIN_TOKEN) =>
    t.request('POST', `${ADMIN_DTI}/catalog/import?${params}`, { token: token ?? undefined, body, headers: { 'content-type': type } });
  /** The public catalog: one set, or every active set without a code. */
  const catalog = async (code?: string) => {
    const res = await t.request('GET', code ? `/api/v1/dti/catalog?set=${code}` : '/api/v1/dti/catalog');
    return { status: res.status, body: await res.json() };
  };
  const counts = async () => {
    const db = t.database.db;
    const n = async (table: typeof dtiSets | typeof dtiIndices | typeof dtiIndicators | typeof dtiAssignments) =>
      (await db.select({ n: count() }).from(table))[0]!.n;
    return { sets: await n(dtiSets), indices: await n(dtiIndices), indicators: await n(dtiIndicators), assignments: await n(dtiAssignments) };
  };
  const indicatorRows = async (setCode: string) => {
    const [set] = await t.database.db.select().from(dtiSets).where(eq(dtiSets.code, setCode));
    return t.database.db.select().from(dtiIndicators).where(eq(dtiIndicators.setId, set!.id)).orderBy(asc(dtiIndicators.code));
  };

  it('imports an .xlsx file with title rows above the header, and the public catalog shows the set exactly', async () => {
    const res = await upload('code=NT-DTI-2026&name=Bộ chỉ số DTI cấp huyện 2026&province=Ninh Thuận&year=2026&level=district', await workbook(GOOD_ROWS), XLSX);
    expect(res.status).toBe(201);
    const expected = { code: 'NT-DTI-2026', name: 'Bộ chỉ số DTI cấp huyện 2026', year: 2026, ...GOOD_VIEW };
    expect(await res.json()).toEqual({ set: expected });
    expect(await catalog('NT-DTI-2026')).toEqual({ status: 200, body: { sets: [expected] } });

    const [set] = await t.database.db.select().from(dtiSets).where(eq(dtiSets.code, 'NT-DTI-2026'));
    expect(set).toMatchObject({ province: 'Ninh Thuận', year: 2026, level: 'district', active: true, copiedFromId: null });
    const rows = await indicatorRows('NT-DTI-2026');
    expect(rows.map((r) => [r.code, r.valueType, r.unitOfMeasure, r.maxPoints, r.evidenceRequired])).toEqual([
      ['1.1', 'boolean', null, null, true],
      ['1.2', 'count', 'văn bản', null, true],
      ['2.1', 'ratio', null, null, true],
      ['2.2', 'amount', 'đồng', 2.5, true],
    ]);
  });

  it('imports a CSV file (BOM, CRLF, title row, the header repeated after a page break); value types default to text', async () => {
    const csv =
      '\uFEFFBộ chỉ số thử nghiệm,,,\r\n' +
      'Stt,Chỉ số/Chỉ số thành phần,Cơ quan chủ trì,Cơ quan phối hợp\r\n' +
      '1,Nhận thức số,,\r\n' +
      '1.1,"Trang TTĐT có chuyên mục ""Chuyển đổi số""",NS-VHTT,"NS-VP, Xã Lâm Sơn"\r\n' +
      '\r\n' +
      'Stt,Chỉ số/Chỉ số thành phần,Cơ quan chủ trì,Cơ quan phối hợp\r\n' +
      '1.2,Hệ thống truyền thanh cơ sở,NS-VHTT;NS-TTVHTT,\r\n';
    const res = await upload('code=NT-CSV-2026&province=Ninh Thuận&year=2026', csv, 'text/csv; charset=utf-8');
    expect(res.status).toBe(201);
    const { set } = await res.json();
    expect(set).toEqual({
      code: 'NT-CSV-2026',
      name: 'Bộ chỉ số Chuyển đổi số (DTI) Ninh Thuận 2026',
      year: 2026,
      indices: [
        {
          code: '1',
          name: 'Nhận thức số',
          maxPoints: null,
          indicators: [
            { code: '1.1', name: 'Trang TTĐT có chuyên mục "Chuyển đổi số"', lead: ['NS-VHTT'], coordinating: ['NS-VP', 'NS-XA-LAMSON'] },
            { code: '1.2', name: 'Hệ thống truyền thanh cơ sở', lead: ['NS-TTVHTT', 'NS-VHTT'], coordinating: [] },
          ],
        },
      ],
    });
    expect((await catalog('NT-CSV-2026')).body.sets).toEqual([set]);
    expect((await indicatorRows('NT-CSV-2026')).map((r) => r.valueType)).toEqual(['text', 'text']);
    const [stored] = await t.database.db.select().from(dtiSets).where(eq(dtiSets.code, 'NT-CSV-2026'));
    expect(stored).toMatchObject({ level: 'province', source: 'Nhập từ tệp CSV' });
  });

  it('rejects a malformed sheet with every error by sheet row and field, and stores nothing', async () => {
    const before = await counts();
    // Header on sheet row 4 (two title rows and a blank row above it): data rows start at row 5.
    const file = await workbook([
      ['1', 'Nhận thức số', null, null, 60], // row 5
      ['1.1', 'Chỉ số tốt', 'NS-VP', 'NS-KHONG-CO'], // row 6: unknown unit code
      ['9.1', 'Chỉ số không có chỉ số chính', 'NS-VP'], // row 7: no index 9
      ['1.2', 'Kiểu giá trị sai', 'NS-VP', null, null, 'số thập phân'], // row 8: unknown value type
      ['1.1', 'Trùng mã', 'NS-VHTT'], // row 9: duplicate of row 6
      ['1.3', 'Đơn vị theo tên không có', 'Phòng Không Tồn Tại'], // row 10: unknown unit name
      ['1.4', 'Không có cơ quan chủ trì', null, 'NS-VP'], // row 11: no lead
      ['2', 'Hạ tầng số', null, null, -5], // row 12: negative max points
      ['2.1', null, 'NS-VP'], // row 13: empty name
      ['3.1', 'Trước chỉ số chính', 'NS-VP'], // row 14: before its index
      ['3', 'Nhân lực số', null, null, 'nhiều'], // row 15: non-numeric max points
    ]);
    const res = await upload('code=NT-BAD-2026&province=Ninh Thuận&year=2026', file, XLSX);
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(Object.keys(body)).toContain('errors');
    expect(body.errors.map((e: { row: number; field: string }) => [e.row, e.field])).toEqual([
      [6, 'coordinating'],
      [7, 'stt'],
      [8, 'valueType'],
      [9, 'stt'],
      [10, 'lead'],
      [11, 'lead'],
      [12, 'maxPoints'],
      [13, 'name'],
      [14, 'stt'],
      [15, 'maxPoints'],
    ]);
    const messages = body.errors.map((e: { message: string }) => e.message);
    expect(messages[0]).toMatch(/unknown unit code "NS-KHONG-CO"/);
    expect(messages[1]).toMatch(/no main index 9/);
    expect(messages[2]).toMatch(/unknown value type "số thập phân"/);
    expect(messages[3]).toMatch(/duplicate Stt "1.1": already on row 6/);
    expect(messages[4]).toMatch(/unknown unit name "Phòng Không Tồn Tại"/);
    expect(messages[5]).toMatch(/no lead agency/);
    expect(messages[6]).toMatch(/must not be negative/);
    expect(messages[7]).toMatch(/name .* is empty/);
    expect(messages[8]).toMatch(/comes before its main index 3 \(row 15\)/);
    expect(messages[9]).toMatch(/must be a number/);
    expect(await counts()).toEqual(before);
    expect((await catalog('NT-BAD-2026')).status).toBe(404);
  });

  it('rejects a file without a header row, with unknown columns, or of another type', async () => {
    const noHeader = await upload('code=NT-X&province=P&year=2026', 'Tiêu đề\r\n1,Nhận thức số\r\n', 'text/csv');
    expect(noHeader.status).toBe(422);
    expect((await noHeader.json()).errors).toEqual([{ row: 0, field: '(file)', message: expect.stringMatching(/no header row/) }]);
    const badColumn = await upload('code=NT-X&province=P&year=2026', 'Stt;Chỉ số;Cơ quan chủ trì;Điểm thưởng\n1;A;;\n', 'text/csv');
    expect(badColumn.status).toBe(422);
    expect((await badColumn.json()).errors).toEqual([{ row: 1, field: 'Điểm thưởng', message: expect.stringMatching(/unknown column/) }]);
    expect((await upload('code=NT-X&province=P&year=2026', 'x', 'application/json')).status).toBe(415);
    expect((await upload('code=NT-X&province=P&year=2026', 'not a zip', XLSX)).status).toBe(400);
    const missing = await upload('province=P&year=2026', await workbook(GOOD_ROWS), XLSX);
    expect(missing.status).toBe(400);
    expect(JSON.stringify(await missing.json())).toContain('code');
  });

  it('refuses an existing set code with 409 and a clear message, storing nothing', async () => {
    const before = await counts();
    const res = await upload('code=NINH-SON-DTI-2022&province=Ninh Thuận&year=2026', await workbook(GOOD_ROWS), XLSX);
    expect(res.status).toBe(409);
    expect((await res.json()).message).toMatch(/NINH-SON-DTI-2022 already exists/);
    expect(await counts()).toEqual(before);
  });

  it('copies the seeded set to 2027 with every indicator, field and agency, and leaves the source untouched', async () => {
    const source = (await catalog('NINH-SON-DTI-2022')).body.sets[0];
    const sourceRows = await indicatorRows('NINH-SON-DTI-2022');
    const res = await t.request('POST', `${ADMIN_DTI}/catalog/NINH-SON-DTI-2022/copy`, {
      token: ADMIN_TOKEN,
      json: { code: 'NINH-SON-DTI-2027', year: 2027 },
    });
    expect(res.status).toBe(201);
    const { set } = await res.json();
    expect(set).toEqual({ ...source, code: 'NINH-SON-DTI-2027', year: 2027 });
    expect(set.indices.flatMap((i: { indicators: unknown[] }) => i.indicators)).toHaveLength(81);
    expect((await catalog('NINH-SON-DTI-2027')).body.sets).toEqual([set]);

    const strip = ({ id: _id, setId: _setId, indexId: _indexId, ...rest }: (typeof sourceRows)[number]) => rest;
    expect((await indicatorRows('NINH-SON-DTI-2027')).map(strip)).toEqual(sourceRows.map(strip));
    const [copy] = await t.database.db.select().from(dtiSets).where(eq(dtiSets.code, 'NINH-SON-DTI-2027'));
    const [original] = await t.database.db.select().from(dtiSets).where(eq(dtiSets.code, 'NINH-SON-DTI-2022'));
    expect(copy).toMatchObject({ year: 2027, copiedFromId: original!.id, province: original!.province, level: original!.level, active: true });
    expect(original!.year).toBe(2022);
    expect((await catalog('NINH-SON-DTI-2022')).body.sets[0]).toEqual(source);
    expect(await indicatorRows('NINH-SON-DTI-2022')).toEqual(sourceRows);

    const named = await t.request('POST', `${ADMIN_DTI}/catalog/NT-DTI-2026/copy`, {
      token: ADMIN_TOKEN,
      json: { code: 'NT-DTI-2027', year: 2027, name: 'Bộ chỉ số DTI cấp huyện 2027' },
    });
    expect(named.status).toBe(201);
    expect((await named.json()).set).toEqual({ code: 'NT-DTI-2027', name: 'Bộ chỉ số DTI cấp huyện 2027', year: 2027, ...GOOD_VIEW });

    const list = await (await t.request('GET', `${ADMIN_DTI}/catalog`, { token: ADMIN_TOKEN })).json();
    expect(list.sets.find((s: { code: string }) => s.code === 'NINH-SON-DTI-2027')).toMatchObject({
      copiedFrom: 'NINH-SON-DTI-2022',
      indices: 8,
      indicators: 81,
      active: true,
    });
  });

  it('answers 404 for an unknown source and 409 for a taken code when copying', async () => {
    const before = await counts();
    const copy = (from: string, json: unknown) => t.request('POST', `${ADMIN_DTI}/catalog/${from}/copy`, { token: ADMIN_TOKEN, json });
    expect((await copy('KHONG-CO', { code: 'MOI-2027', year: 2027 })).status).toBe(404);
    const taken = await copy('NINH-SON-DTI-2022', { code: 'BINH-SON-PL1-2023', year: 2027 });
    expect(taken.status).toBe(409);
    expect((await taken.json()).message).toMatch(/BINH-SON-PL1-2023 already exists/);
    expect((await copy('NINH-SON-DTI-2022', { code: 'MOI-2027', year: 'năm sau' })).status).toBe(400);
    expect(await counts()).toEqual(before);
  });

  it('retires a set from the public catalog and brings it back', async () => {
    const setActive = (code: string, active: unknown) =>
      t.request('PUT', `${ADMIN_DTI}/catalog/${code}/active`, { token: ADMIN_TOKEN, json: { active } });
    const off = await setActive('NT-CSV-2026', false);
    expect(off.status).toBe(200);
    expect((await off.json()).set).toMatchObject({ code: 'NT-CSV-2026', active: false });
    expect((await catalog('NT-CSV-2026')).status).toBe(404);
    const all = (await catalog()).body.sets.map((s: { code: string }) => s.code);
    expect(all).not.toContain('NT-CSV-2026');
    expect(all).toContain('NT-DTI-2026');
    const list = await (await t.request('GET', `${ADMIN_DTI}/catalog`, { token: ADMIN_TOKEN })).json();
    expect(list.sets.find((s: { code: string }) => s.code === 'NT-CSV-2026')).toMatchObject({ active: false });

    expect((await setActive('NT-CSV-2026', true)).status).toBe(200);
    expect((await catalog('NT-CSV-2026')).status).toBe(200);
    expect((await setActive('KHONG-CO', false)).status).toBe(404);
    expect((await setActive('NT-CSV-2026', 'no')).status).toBe(400);
  });

  it('is for administrators only: anonymous 401, officer and leader 403', async () => {
    const [unit] = await t.database.db.select().from(units).where(eq(units.code, 'NS-VP'));
    expect(unit).toBeDefined();
    const officer = await t.staff('NS-VP', 'officer');
    const leader = await t.staff('NS-VP', 'leader');
    const file = await workbook(GOOD_ROWS);
    const tries = (token: string | undefined) => [
      upload('code=NT-ROLE-2026&province=P&year=2026', file, XLSX, token ?? null),
      t.request('POST', `${ADMIN_DTI}/catalog/NINH-SON-DTI-2022/copy`, { token, json: { code: 'NT-ROLE-2027', year: 2027 } }),
      t.request('PUT', `${ADMIN_DTI}/catalog/NINH-SON-DTI-2022/active`, { token, json: { active: false } }),
      t.request('GET', `${ADMIN_DTI}/catalog`, { token }),
    ];
    for (const res of await Promise.all(tries(undefined))) expect(res.status).toBe(401);
    for (const res of await Promise.all(tries(officer.token))) expect(res.status).toBe(403);
    for (const res of await Promise.all(tries(leader.token))) expect(res.status).toBe(403);
    expect((await catalog('NINH-SON-DTI-2022')).status).toBe(200);
    expect((await t.database.db.select().from(dtiSets).where(eq(dtiSets.code, 'NT-ROLE-2026'))).length).toBe(0);
  });
});
