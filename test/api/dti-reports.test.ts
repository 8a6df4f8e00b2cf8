// DTI reports of a period: completeness and timeliness per unit, missing and late list, estimated scores and
// ranking among peers, the .xlsx exports and the evidence zip, and who may see them.
import { and, eq, inArray } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dtiIndicators, dtiPeriods, dtiSets, dtiValues, units } from '../../db/schema.js';
import type { CatalogSeed } from '../../db/seed-data/dti-catalog-ninh-son.js';
import { storeCatalogSet } from '../../bot-server/src/features/dti/dti-catalog-repository.js';
import { missingAndLate } from '../../bot-server/src/features/dti/dti-report-repository.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp, type TestResponse } from '../support/test-app.js';

const SET = 'NINH-SON-DTI-2022';
const Q1 = '2026-Q1';
const REPORTS = '/api/v1/dti/reports';
const at = (iso: string) => new Date(iso);
const PDF_A = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n% bien ban A\n%%EOF');
const PDF_B = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n% bien ban B\n%%EOF');
const CITE = { number: '12/QĐ-UBND', date: '2026-01-15', issuer: 'UBND huyện', title: 'Kế hoạch chuyển đổi số' };

type Row = Record<string, unknown> & { unit: { code: string; name: string } };

/** Reads a worksheet as arrays of cell texts (rich text and formulas flattened), row by row. */
async function sheetRows(bytes: ArrayBuffer): Promise<(string | number | null)[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  const ws = wb.worksheets[0]!;
  const out: (string | number | null)[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    const cells: (string | number | null)[] = [];
    for (let col = 1; col <= ws.columnCount; col++) {
      const v = row.getCell(col).value;
      cells.push(v === null || v === undefined ? null : typeof v === 'number' ? v : String(v));
    }
    out.push(cells);
  });
  return out;
}

describe.each(DB_KINDS)('DTI reports on %s', (kind) => {
  let t: TestApp;
  let get: (path: string, token?: string) => Promise<TestResponse>;
  let vp: { token: string }; // officer of NS-VP
  let vhtt: { token: string }; // officer of NS-VHTT
  let leader: { token: string }; // leader of UBND huyện Ninh Sơn (NS): both offices are in its subtree
  let otherLeader: { token: string }; // leader of SO-XD, another branch
  let otherOfficer: { token: string }; // officer of NS-CA
  let leads: Map<string, string[]>; // unit code → indicator codes it leads, from the public catalog

  const valuePath = (indicator: string, unit: string) => `/api/v1/dti/values/${SET}/${Q1}/${indicator}/${unit}`;
  const put = async (token: string, indicator: string, unit: string, json: object) => {
    const res = await t.request('PUT', valuePath(indicator, unit), { token, json });
    expect(res.status, `save ${indicator} ${unit}`).toBe(200);
  };
  const post = async (token: string, url: string, json: object = {}) => {
    const res = await t.request('POST', url, { token, json });
    expect(res.status, `POST ${url}`).toBe(200);
  };
  const upload = async (token: string, indicator: string, unit: string, bytes: Uint8Array, name: string) => {
    const form = new FormData();
    form.append('file', new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/pdf' }), name);
    const res = await t.request('POST', `${valuePath(indicator, unit)}/evidence`, { token, body: form });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    t = await createTestApp(kind, { now: at('2026-03-02T02:00:00Z') });
    get = (path, token) => t.request('GET', path, { token });

    const gen = await t.request('POST', '/api/v1/admin/dti/periods/generate', { token: ADMIN_TOKEN, json: { set: SET, year: 2026 } });
    expect(gen.status).toBe(201);
    vp = await t.staff('NS-VP', 'officer');
    vhtt = await t.staff('NS-VHTT', 'officer');
    leader = await t.staff('NS', 'leader');
    otherLeader = await t.staff('SO-XD', 'leader');
    otherOfficer = await t.staff('NS-CA', 'officer');

    const catalog = await (await t.request('GET', `/api/v1/dti/catalog?set=${SET}`)).json();
    leads = new Map();
    for (const index of catalog.sets[0].indices) {
      for (const ind of index.indicators) for (const u of ind.lead as string[]) leads.set(u, [...(leads.get(u) ?? []), ind.code]);
    }
    expect(leads.get('NS-VP')).toEqual(expect.arrayContaining(['1.1', '1.2']));
    expect(leads.get('NS-VHTT')).toEqual(expect.arrayContaining(['1.3', '1.4', '1.5', '3.1']));

    // NS-VP: 1.1 with two files of the same name, submitted on time and approved; 1.2 submitted on time.
    await put(vp.token, '1.1', 'NS-VP', { value: { value: true }, citation: CITE, comment: 'Đã ban hành kế hoạch' });
    await upload(vp.token, '1.1', 'NS-VP', PDF_A, 'bien-ban.pdf');
    await upload(vp.token, '1.1', 'NS-VP', PDF_B, 'Bien-Ban.pdf');
    await post(vp.token, `${valuePath('1.1', 'NS-VP')}/submit`);
    await post(leader.token, `${valuePath('1.1', 'NS-VP')}/approve`, { comment: 'Đạt' });
    await put(vp.token, '1.2', 'NS-VP', { value: { value: false }, citation: CITE });
    await post(vp.token, `${valuePath('1.2', 'NS-VP')}/submit`);
    // NS-VHTT: 1.3 on time (waiting for review); 1.4 returned; 1.5 a draft; 3.1 late, then approved.
    await put(vhtt.token, '1.3', 'NS-VHTT', { value: { value: 4 }, citation: CITE });
    await post(vhtt.token, `${valuePath('1.3', 'NS-VHTT')}/submit`);
    await put(vhtt.token, '1.4', 'NS-VHTT', { value: { value: 2 }, citation: CITE });
    await post(vhtt.token, `${valuePath('1.4', 'NS-VHTT')}/submit`);
    await post(leader.token, `${valuePath('1.4', 'NS-VHTT')}/return`, { comment: 'Thiếu số liệu tháng 3' });
    await put(vhtt.token, '1.5', 'NS-VHTT', { value: { value: true } });
    t.clock.now = at('2026-03-20T03:00:00Z'); // 10:00 on 20/3 local: after the due date 19/3, inside the 5 days of grace
    await put(vhtt.token, '3.1', 'NS-VHTT', { value: { numerator: 41_200, denominator: 52_000 }, citation: CITE });
    await post(vhtt.token, `${valuePath('3.1', 'NS-VHTT')}/submit`);
    await post(leader.token, `${valuePath('3.1', 'NS-VHTT')}/approve`);
  });
  afterAll(() => t?.close());

  const tableUrl = (extra = '') => `${REPORTS}/completeness?set=${SET}&period=${Q1}${extra}`;

  it('counts expected, submitted, on time, late, approved and missing reports per lead unit', async () => {
    const res = await get(tableUrl(), ADMIN_TOKEN);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.period).toMatchObject({ code: Q1, dueOn: '2026-03-19' });
    expect(body.dueEnd).toBe('2026-03-19T23:59:59.999+07:00');
    // Every unit that leads an indicator of the set has a row, and only those.
    expect(body.rows.map((r: Row) => r.unit.code).sort()).toEqual([...leads.keys()].sort());
    const byCode = new Map<string, Row>(body.rows.map((r: Row) => [r.unit.code, r]));
    const nVp = leads.get('NS-VP')!.length;
    const nVhtt = leads.get('NS-VHTT')!.length;
    expect(byCode.get('NS-VP')).toMatchObject({ expected: nVp, submitted: 2, onTime: 2, late: 0, approved: 1, draft: 0, returned: 0, missing: nVp - 2 });
    expect(byCode.get('NS-VHTT')).toMatchObject({ expected: nVhtt, submitted: 2, onTime: 1, late: 1, approved: 1, draft: 1, returned: 1, missing: nVhtt - 2 });
    expect(byCode.get('NS-VHTT')!.rate).toBeCloseTo(2 / nVhtt, 10);
    expect(byCode.get('NS-VHTT')!.onTimeRate).toBeCloseTo(1 / nVhtt, 10);
    const nTckh = leads.get('NS-TCKH')!.length;
    expect(byCode.get('NS-TCKH')).toMatchObject({ expected: nTckh, submitted: 0, missing: nTckh });
    const expectedAll = [...leads.values()].reduce((s, l) => s + l.length, 0);
    expect(body.totals).toEqual({ expected: expectedAll, submitted: 4, onTime: 3, late: 1, approved: 2, draft: 1, returned: 1, missing: expectedAll - 4 });
    // The seeded set has no scoring rules: points unknown, maxima from seed 003.
    expect(body.scored).toBe(false);
    expect(body.indices.map((x: { maxPoints: number }) => x.maxPoints)).toEqual([60, 30, 60, 65, 45, 150, 100, 90]);
    expect(body.maxTotal).toBe(600);
    expect(byCode.get('NS-VP')).toMatchObject({ total: null, rank: null });
    expect((byCode.get('NS-VP')!.indices as unknown[])[0]).toEqual({ code: '1', points: null, estimatedPoints: null, maxPoints: 60, rank: null });
  });

  it('lists missing, draft, returned and late reports for the alerts', async () => {
    const res = await get(`${REPORTS}/missing?set=${SET}&period=${Q1}`, ADMIN_TOKEN);
    expect(res.status).toBe(200);
    const { items } = await res.json();
    const of = (unit: string) => items.filter((i: { unit: string }) => i.unit === unit);
    const vhttItems = of('NS-VHTT');
    const nVhtt = leads.get('NS-VHTT')!.length;
    expect(vhttItems).toHaveLength(nVhtt - 2 + 1); // everything not submitted, plus the late 3.1
    const state = new Map(vhttItems.map((i: { indicator: string; state: string }) => [i.indicator, i.state]));
    expect(state.get('1.3')).toBeUndefined();
    expect(state.get('1.4')).toBe('returned');
    expect(state.get('1.5')).toBe('draft');
    expect(state.get('1.6')).toBe('missing');
    expect(vhttItems.find((i: { indicator: string }) => i.indicator === '3.1')).toMatchObject({
      state: 'late',
      dueOn: '2026-03-19',
      graceUntil: '2026-03-24',
      submittedAt: '2026-03-20T10:00:00.000+07:00',
    });
    expect(of('NS-VP').map((i: { indicator: string }) => i.indicator)).toEqual(leads.get('NS-VP')!.filter((c) => c !== '1.1' && c !== '1.2'));
    expect(of('NS-VP').every((i: { state: string }) => i.state === 'missing')).toBe(true);
    expect(items).toHaveLength([...leads.values()].reduce((s, l) => s + l.length, 0) - 4 + 1);

    // The same list from the repository, as the alerts issue will call it.
    const [set] = await t.database.db.select().from(dtiSets).where(eq(dtiSets.code, SET));
    const [period] = await t.database.db.select().from(dtiPeriods).where(and(eq(dtiPeriods.setId, set!.id), eq(dtiPeriods.code, Q1)));
    const direct = await missingAndLate(t.database.db, set!.id, period!.id);
    expect(direct).toHaveLength(items.length);
    expect(direct.find((i) => i.unitCode === 'NS-VHTT' && i.indicatorCode === '3.1')!.submittedAt).toEqual(at('2026-03-20T03:00:00Z'));
  });

  it('exports the table as .xlsx with the same numbers', async () => {
    const res = await get(`${REPORTS}/completeness.xlsx?set=${SET}&period=${Q1}`, ADMIN_TOKEN);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toContain(`${SET}_${Q1}.xlsx`);
    const rows = await sheetRows(await res.arrayBuffer());
    const h2 = rows.findIndex((r) => r.includes('Phải nộp'));
    const h1 = rows[h2 - 1]!;
    expect(h1.slice(0, 4)).toEqual(['STT', 'Đơn vị', '1. Nhận thức số', '2. Thể chế số']);
    expect(h1).toEqual(expect.arrayContaining(['Tổng điểm', 'Xếp hạng', 'Báo cáo']));
    expect(rows[h2]![2]).toBe('đạt/tối đa');
    const col = (label: string) => rows[h2]!.indexOf(label);
    const [units2] = [await t.database.db.select({ code: units.code, name: units.name }).from(units).where(inArray(units.code, ['NS-VP', 'NS-VHTT']))];
    const nameOf = new Map(units2!.map((u) => [u.code, u.name]));
    const line = (code: string) => rows.find((r) => r[1] === nameOf.get(code))!;
    const nVp = leads.get('NS-VP')!.length;
    const nVhtt = leads.get('NS-VHTT')!.length;
    for (const [code, expected] of [
      ['NS-VP', [nVp, 2, 2, 1, nVp - 2]],
      ['NS-VHTT', [nVhtt, 2, 1, 1, nVhtt - 2]],
    ] as const) {
      expect(['Phải nộp', 'Đã nộp', 'Đúng hạn', 'Đã duyệt', 'Còn thiếu'].map((h) => line(code)[col(h)])).toEqual(expected);
    }
    expect(line('NS-VP')[2]).toBe('–/60'); // unscored index: its maximum only
    const sum = rows.find((r) => r[1] === 'Tổng cộng')!;
    expect(sum[col('Đã nộp')]).toBe(4);
    expect(sum[col('Đúng hạn')]).toBe(3);
  });

  it('exports one unit’s report with values, status, timing and evidence counts', async () => {
    const res = await get(`${REPORTS}/unit.xlsx?set=${SET}&period=${Q1}&unit=NS-VP`, vp.token);
    expect(res.status).toBe(200);
    const rows = await sheetRows(await res.arrayBuffer());
    const header = rows.find((r) => r[0] === 'STT')!;
    const cell = (r: (string | number | null)[], h: string) => r[header.indexOf(h)];
    const ind = (code: string) => rows.find((r) => cell(r, 'Mã chỉ số') === code)!;
    expect(cell(ind('1.1'), 'Giá trị')).toBe('Có');
    expect(cell(ind('1.1'), 'Trạng thái')).toBe('Đã duyệt');
    expect(cell(ind('1.1'), 'Vai trò')).toBe('Chủ trì');
    expect(cell(ind('1.1'), 'Tình trạng nộp')).toBe('Đúng hạn');
    expect(cell(ind('1.1'), 'Thời điểm nộp')).toBe('09:00 02/03/2026');
    expect(cell(ind('1.1'), 'Số tệp minh chứng')).toBe(2);
    expect(cell(ind('1.1'), 'Văn bản kiểm chứng')).toContain('Số 12/QĐ-UBND');
    expect(cell(ind('1.1'), 'Ghi chú')).toBe('Đã ban hành kế hoạch');
    expect(cell(ind('1.2'), 'Giá trị')).toBe('Không');
    expect(cell(ind('1.2'), 'Trạng thái')).toBe('Đã nộp, chờ duyệt');
    expect(cell(ind('2.4'), 'Trạng thái')).toBe('Chưa nhập');
    // Coordinating assignments are listed too.
    expect(cell(rows.find((r) => cell(r, 'Vai trò') === 'Phối hợp')!, 'Trạng thái')).toBe('Chưa nhập');

    const vhttRows = await sheetRows(await (await get(`${REPORTS}/unit.xlsx?set=${SET}&period=${Q1}&unit=NS-VHTT`, leader.token)).arrayBuffer());
    const r31 = vhttRows.find((r) => r[1] === '3.1')!;
    expect(r31[header.indexOf('Giá trị')]).toBe('41.200/52.000 (79,23%)');
    expect(r31[header.indexOf('Tình trạng nộp')]).toBe('Nộp muộn');
    const r14 = vhttRows.find((r) => r[1] === '1.4')!;
    expect(r14[header.indexOf('Trạng thái')]).toBe('Bị trả lại');
    expect(r14[header.indexOf('Ghi chú')]).toContain('Thiếu số liệu tháng 3');
  });

  it('zips the unit’s evidence files as <indicator>/<file name>, renaming repeated names', async () => {
    const res = await get(`${REPORTS}/evidence.zip?set=${SET}&period=${Q1}&unit=NS-VP`, leader.token);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(['1.1/Bien-Ban (2).pdf', '1.1/bien-ban.pdf']);
    expect(files['1.1/bien-ban.pdf']).toEqual(PDF_A);
    expect(files['1.1/Bien-Ban (2).pdf']).toEqual(PDF_B);
    expect(new TextDecoder().decode(files['1.1/bien-ban.pdf']!.slice(0, 5))).toBe('%PDF-');
    // A unit without evidence gets an empty archive.
    const empty = await get(`${REPORTS}/evidence.zip?set=${SET}&period=${Q1}&unit=NS-VHTT`, vhtt.token);
    expect(Object.keys(unzipSync(new Uint8Array(await empty.arrayBuffer())))).toEqual([]);
  });

  it('shows leaders their subtree and refuses everyone else', async () => {
    const mine = await (await get(tableUrl(), leader.token)).json();
    expect(mine.rows).toHaveLength(leads.size); // every lead unit of the set is under NS
    const one = await (await get(tableUrl('&unit=NS-VP'), leader.token)).json();
    expect(one.rows.map((r: Row) => r.unit.code)).toEqual(['NS-VP']);
    expect(one.totals.submitted).toBe(2);
    const elsewhere = await get(tableUrl(), otherLeader.token);
    expect(elsewhere.status).toBe(200);
    expect((await elsewhere.json()).rows).toEqual([]);
    expect((await get(tableUrl('&unit=NS-VP'), otherLeader.token)).status).toBe(403);
    expect((await get(`${REPORTS}/missing?set=${SET}&period=${Q1}`, otherLeader.token)).status).toBe(200);

    expect((await get(tableUrl(), otherOfficer.token)).status).toBe(403);
    expect((await get(`${REPORTS}/completeness.xlsx?set=${SET}&period=${Q1}`, vp.token)).status).toBe(403);
    expect((await get(`${REPORTS}/missing?set=${SET}&period=${Q1}`, vhtt.token)).status).toBe(403);
    expect((await get(`${REPORTS}/unit.xlsx?set=${SET}&period=${Q1}&unit=NS-VP`, vhtt.token)).status).toBe(403);
    expect((await get(`${REPORTS}/evidence.zip?set=${SET}&period=${Q1}&unit=NS-VP`, otherOfficer.token)).status).toBe(403);
    expect((await get(`${REPORTS}/evidence.zip?set=${SET}&period=${Q1}&unit=NS-VP`, otherLeader.token)).status).toBe(403);
    expect((await get(`${REPORTS}/unit.xlsx?set=${SET}&period=${Q1}&unit=NS-VP`, ADMIN_TOKEN)).status).toBe(200);

    const citizen = await t.citizen();
    expect((await get(tableUrl(), citizen.token)).status).toBe(403);
    expect((await get(tableUrl())).status).toBe(401);
    expect((await get(`${REPORTS}/evidence.zip?set=${SET}&period=${Q1}&unit=NS-VP`)).status).toBe(401);
    expect((await get(`${REPORTS}/completeness?set=${SET}&period=2026-Q9`, ADMIN_TOKEN)).status).toBe(404);
    expect((await get(`${REPORTS}/completeness?set=${SET}`, ADMIN_TOKEN)).status).toBe(400);
    expect((await get(`${REPORTS}/unit.xlsx?set=${SET}&period=${Q1}`, ADMIN_TOKEN)).status).toBe(400);
  });

  it('lists a stored file that cannot be read in THIEU-TEP.txt instead of breaking the download', async () => {
    const form = new FormData();
    form.append('file', new Blob([PDF_A], { type: 'application/pdf' }), 'bao-cao.pdf');
    const url = `/api/v1/dti/values/${SET}/2026-Q2/1.6/NS-VHTT/evidence`;
    expect((await t.request('POST', url, { token: vhtt.token, body: form })).status).toBe(201);
    const { createHash } = await import('node:crypto');
    const { rm } = await import('node:fs/promises');
    await rm(`${t.deps.filesDir}/${createHash('sha256').update(PDF_A).digest('hex')}`);
    const res = await get(`${REPORTS}/evidence.zip?set=${SET}&period=2026-Q2&unit=NS-VHTT`, vhtt.token);
    expect(res.status).toBe(200);
    const files = unzipSync(new Uint8Array(await res.arrayBuffer()));
    expect(Object.keys(files)).toEqual(['THIEU-TEP.txt']);
    expect(new TextDecoder().decode(files['THIEU-TEP.txt'])).toContain('- 1.6/bao-cao.pdf');
  });

  describe('with scoring rules', () => {
    const SCORED = 'TEST-SCORE-2026';
    const COMMUNES = ['NS-XA-LAMSON', 'NS-XA-LUONGSON', 'NS-XA-QUANGSON', 'NS-XA-HOASON', 'NS-XA-MANOI'];
    const seed: CatalogSeed = {
      code: SCORED,
      name: 'Bộ chỉ số thử có chấm điểm',
      province: 'Ninh Thuận',
      year: 2026,
      level: 'commune',
      source: 'test',
      indices: [
        {
          code: 'I1',
          name: 'Nhận thức số',
          maxPoints: 20,
          indicators: [
            { code: 'A', name: 'Có kế hoạch', valueType: 'boolean', evidenceRequired: false, lead: [...COMMUNES, 'NS-VP'], coordinating: [], scoring: { kind: 'boolean' }, maxPoints: 10 },
            { code: 'B', name: 'Tỷ lệ hồ sơ trực tuyến', valueType: 'ratio', evidenceRequired: false, lead: COMMUNES, coordinating: [], scoring: { kind: 'ratio_times_max', target: 0.9 }, maxPoints: 10 },
          ],
        },
        {
          code: 'I2',
          name: 'Thể chế số',
          maxPoints: 10,
          indicators: [
            {
              code: 'C',
              name: 'Số cuộc họp',
              valueType: 'count',
              evidenceRequired: false,
              lead: COMMUNES,
              coordinating: [],
              scoring: { kind: 'tiers', tiers: [{ min: 1, points: 5 }, { min: 3, points: 10 }] },
              maxPoints: 10,
            },
            // No rule: counted in completeness, never scored.
            { code: 'D', name: 'Ghi chú', valueType: 'text', evidenceRequired: false, lead: ['NS-XA-LAMSON'], coordinating: [] },
          ],
        },
      ],
    };

    beforeAll(async () => {
      await t.database.db.transaction((tx) => storeCatalogSet(tx, seed));
      const gen = await t.request('POST', '/api/v1/admin/dti/periods/generate', { token: ADMIN_TOKEN, json: { set: SCORED, year: 2026 } });
      expect(gen.status).toBe(201);
      const db = t.database.db;
      const [set] = await db.select().from(dtiSets).where(eq(dtiSets.code, SCORED));
      const [period] = await db.select().from(dtiPeriods).where(and(eq(dtiPeriods.setId, set!.id), eq(dtiPeriods.code, Q1)));
      const inds = new Map((await db.select().from(dtiIndicators).where(eq(dtiIndicators.setId, set!.id))).map((i) => [i.code, i.id]));
      const unitIds = new Map((await db.select().from(units).where(inArray(units.code, [...COMMUNES, 'NS-VP']))).map((u) => [u.code, u.id]));
      const onTime = at('2026-03-10T03:00:00Z');
      const v = (unit: string, ind: string, value: Record<string, unknown>, status: 'approved' | 'submitted' = 'approved') => ({
        periodId: period!.id,
        indicatorId: inds.get(ind)!,
        unitId: unitIds.get(unit)!,
        status,
        value,
        submittedAt: onTime,
      });
      await db.insert(dtiValues).values([
        v('NS-XA-LAMSON', 'A', { type: 'boolean', value: true }), // 10
        v('NS-XA-LAMSON', 'B', { type: 'ratio', numerator: 45, denominator: 50 }), // 90 % ≥ target → 10
        v('NS-XA-LAMSON', 'C', { type: 'count', value: 3 }), // 10
        v('NS-XA-LUONGSON', 'A', { type: 'boolean', value: true }), // 10
        v('NS-XA-LUONGSON', 'B', { type: 'ratio', numerator: 9, denominator: 20 }), // 45 % / 90 % → 5
        v('NS-XA-LUONGSON', 'C', { type: 'count', value: 1 }), // 5
        v('NS-XA-QUANGSON', 'A', { type: 'boolean', value: false }), // 0
        v('NS-XA-QUANGSON', 'B', { type: 'ratio', numerator: 18, denominator: 20 }), // 10
        v('NS-XA-QUANGSON', 'C', { type: 'count', value: 3 }), // 10
        v('NS-XA-HOASON', 'A', { type: 'boolean', value: true }), // 10
        v('NS-XA-HOASON', 'C', { type: 'count', value: 3 }, 'submitted'), // 10, estimated only
        v('NS-VP', 'A', { type: 'boolean', value: true }), // 10, the only department
      ]);
    });

    it('scores approved values per main index and in total, and ranks peers of the same level with ties', async () => {
      const body = await (await get(`${REPORTS}/completeness?set=${SCORED}&period=${Q1}`, ADMIN_TOKEN)).json();
      expect(body.scored).toBe(true);
      expect(body.maxTotal).toBe(30);
      expect(body.indices).toEqual([
        { code: 'I1', name: 'Nhận thức số', maxPoints: 20, scored: true },
        { code: 'I2', name: 'Thể chế số', maxPoints: 10, scored: true },
      ]);
      const summary = body.rows.map((r: Row & { indices: { points: number; rank: number }[] }) => [
        r.unit.code,
        r.indices.map((x) => Math.round(x.points * 1e6) / 1e6),
        Math.round((r.total as number) * 1e6) / 1e6,
        Math.round((r.estimatedTotal as number) * 1e6) / 1e6,
        r.rank,
        r.peers,
        r.indices.map((x) => x.rank),
      ]);
      // Departments before communes; within a level by rank, then code.
      expect(summary).toEqual([
        ['NS-VP', [10, 0], 10, 10, 1, 1, [1, 1]],
        ['NS-XA-LAMSON', [20, 10], 30, 30, 1, 5, [1, 1]],
        ['NS-XA-LUONGSON', [15, 5], 20, 20, 2, 5, [2, 3]],
        ['NS-XA-QUANGSON', [10, 10], 20, 20, 2, 5, [3, 1]],
        ['NS-XA-HOASON', [10, 0], 10, 20, 4, 5, [3, 4]],
        ['NS-XA-MANOI', [0, 0], 0, 0, 5, 5, [5, 4]],
      ]);
      const lamson = body.rows.find((r: Row) => r.unit.code === 'NS-XA-LAMSON');
      expect(lamson).toMatchObject({ expected: 4, submitted: 3, onTime: 3, approved: 3, missing: 1 });
      expect(body.rows.find((r: Row) => r.unit.code === 'NS-XA-HOASON')).toMatchObject({ expected: 3, submitted: 2, approved: 1 });

      // A leader's view keeps the province-wide ranks.
      const communeLeader = await t.staff('NS-XA-QUANGSON', 'leader');
      const own = await (await get(`${REPORTS}/completeness?set=${SCORED}&period=${Q1}`, communeLeader.token)).json();
      expect(own.rows.map((r: Row) => [r.unit.code, r.rank, r.peers])).toEqual([['NS-XA-QUANGSON', 2, 5]]);
    });

    it('writes points as "đạt/tối đa", the total and "hạng/số đơn vị" in the workbook', async () => {
      const res = await get(`${REPORTS}/completeness.xlsx?set=${SCORED}&period=${Q1}`, ADMIN_TOKEN);
      const rows = await sheetRows(await res.arrayBuffer());
      const h2 = rows.findIndex((r) => r.includes('Phải nộp'));
      expect(rows[h2]!.slice(2, 5)).toEqual(['đạt/tối đa', 'đạt/tối đa', 'tối đa 30']);
      const body = rows.slice(h2 + 1, h2 + 7).map((r) => r.slice(0, 7));
      expect(body.map((r) => [r[0], r[2], r[3], r[4], r[5]])).toEqual([
        [1, '10/20', '0/10', 10, '1/1'],
        [2, '20/20', '10/10', 30, '1/5'],
        [3, '15/20', '5/10', 20, '2/5'],
        [4, '10/20', '10/10', 20, '2/5'],
        [5, '10/20', '0/10', 10, '4/5'],
        [6, '0/20', '0/10', 0, '5/5'],
      ]);
    });

    it('shows per-indicator points in the unit report, marking those still waiting for review', async () => {
      const rows = await sheetRows(await (await get(`${REPORTS}/unit.xlsx?set=${SCORED}&period=${Q1}&unit=NS-XA-HOASON`, ADMIN_TOKEN)).arrayBuffer());
      const header = rows.find((r) => r[0] === 'STT')!;
      const points = (code: string) => rows.find((r) => r[1] === code)![header.indexOf('Điểm ước tính')];
      expect(points('A')).toBe('10/10');
      expect(points('C')).toBe('10/10 (chờ duyệt)');
      expect(points('B')).toBe('');
    });
  });
});
