// DTI reports of a period: the completeness and score table (JSON and .xlsx laid out like seed 003's table),
// the missing and late list, one unit's report (.xlsx) and its evidence files (.zip).
//
// Access: the table and the missing list are for admins (every unit) and leaders (their subtree's rows);
// a unit's report and evidence are for its own staff, leaders above it, and admins.
import { and, eq } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { Zip, ZipPassThrough } from 'fflate';
import { Hono } from 'hono';
import { z } from 'zod';
import { dtiPeriods, dtiSets, units } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { errorSummary } from '../../lib/error-summary.js';
import { toIsoWithOffset } from '../../domain/calendar/local-date.js';
import type { IndicatorValue } from '../../domain/dti/scoring.js';
import { forbidden, notFound } from '../../lib/api-error.js';
import { nameForType } from '../../lib/file-sniff.js';
import { readStoredFile } from '../../lib/uploads.js';
import { query } from '../../lib/validate.js';
import { type Actor, canLeadUnit, isAdmin } from '../auth/actor.js';
import type { AppEnv } from '../auth/auth-middleware.js';
import { XLSX_MIME } from '../indicators/indicator-routes.js';
import {
  type CompletenessTable,
  completenessTable,
  type EvidenceEntry,
  missingAndLate,
  type ReportPeriod,
  type ReportSet,
  unitEvidence,
  type UnitReportLine,
  unitReport,
} from './dti-report-repository.js';

const code = z.string().trim().min(1).max(100);
const tableQuery = z.object({ set: code, period: code, unit: code.optional() });
const unitQuery = z.object({ set: code, period: code, unit: code });

type UnitRow = typeof units.$inferSelect;
type Scope = { label: string; includes: (u: { path: string }) => boolean };

const iso = (d: Date | null) => (d ? toIsoWithOffset(d) : null);

/** Who may read one unit's report and evidence: its own staff, leaders above it, admins. */
function canReadUnit(actor: Actor, unit: { id: number; path: string }): boolean {
  if (isAdmin(actor) || canLeadUnit(actor, unit)) return true;
  return actor.kind === 'user' && actor.roles.some((r) => r.unitId === unit.id);
}

/** A name safe inside a quoted Content-Disposition filename. */
const asciiName = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '_');

export function dtiReportRoutes(deps: AppDeps) {
  async function setAndPeriod(setCode: string, periodCode: string): Promise<{ set: ReportSet; period: ReportPeriod }> {
    const [set] = await deps.db.select().from(dtiSets).where(eq(dtiSets.code, setCode));
    if (!set) throw notFound(`Indicator set ${setCode}`);
    const [period] = await deps.db.select().from(dtiPeriods).where(and(eq(dtiPeriods.setId, set.id), eq(dtiPeriods.code, periodCode)));
    if (!period) throw notFound(`Period ${periodCode} of ${setCode}`);
    return { set, period };
  }

  async function findUnit(unitCode: string): Promise<UnitRow> {
    const [unit] = await deps.db.select().from(units).where(eq(units.code, unitCode));
    if (!unit) throw notFound(`Unit ${unitCode}`);
    return unit;
  }

  /** Rows a caller may see in the province-wide views: admins all, leaders their subtrees; `unit` narrows to one subtree. */
  async function tableScope(actor: Actor, unitCode: string | undefined): Promise<Scope> {
    if (unitCode !== undefined) {
      const unit = await findUnit(unitCode);
      if (!canLeadUnit(actor, unit)) throw forbidden('You may only see reports of units you lead');
      return { label: `Đơn vị: ${unit.name} và các đơn vị trực thuộc`, includes: (u) => u.path.startsWith(unit.path) };
    }
    if (isAdmin(actor)) return { label: 'Phạm vi: toàn bộ các đơn vị', includes: () => true };
    const led = actor.kind === 'user' ? actor.roles.filter((r) => r.role === 'leader') : [];
    if (!led.length) throw forbidden('Leaders and administrators only');
    const paths = led.map((r) => r.unitPath);
    return {
      label: `Phạm vi: các đơn vị thuộc ${[...new Set(led.map((r) => r.unitCode))].join(', ')}`,
      includes: (u) => paths.some((p) => u.path.startsWith(p)),
    };
  }

  async function table(actor: Actor, q: z.infer<typeof tableQuery>) {
    const { set, period } = await setAndPeriod(q.set, q.period);
    const scope = await tableScope(actor, q.unit);
    const full = await completenessTable(deps.db, set.id, period.id);
    const rows = full.rows.filter((r) => scope.includes(r.unit));
    const totals = { expected: 0, submitted: 0, onTime: 0, late: 0, approved: 0, draft: 0, returned: 0, missing: 0 };
    for (const r of rows) for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += r[k];
    return { table: { ...full, rows, totals }, scope };
  }

  async function readableUnit(actor: Actor, q: z.infer<typeof unitQuery>) {
    const { set, period } = await setAndPeriod(q.set, q.period);
    const unit = await findUnit(q.unit);
    if (!canReadUnit(actor, unit)) throw forbidden(`Only staff of ${unit.code}, its leaders and administrators can see its report`);
    return { set, period, unit };
  }

  return new Hono<AppEnv>()
    .get('/completeness', async (c) => {
      const { table: t } = await table(c.get('actor'), query(c, tableQuery));
      return c.json({
        set: { code: t.set.code, name: t.set.name },
        period: periodView(t.period),
        dueEnd: iso(t.dueEnd),
        scored: t.scored,
        indices: t.indices,
        maxTotal: t.maxTotal,
        rows: t.rows.map((r) => ({
          unit: { code: r.unit.code, name: r.unit.name, level: r.unit.level },
          expected: r.expected,
          submitted: r.submitted,
          onTime: r.onTime,
          late: r.late,
          approved: r.approved,
          draft: r.draft,
          returned: r.returned,
          missing: r.missing,
          rate: r.rate,
          onTimeRate: r.onTimeRate,
          indices: r.indices,
          total: r.total,
          estimatedTotal: r.estimatedTotal,
          maxTotal: r.maxTotal,
          rank: r.rank,
          peers: r.peers,
        })),
        totals: t.totals,
      });
    })
    .get('/completeness.xlsx', async (c) => {
      const { table: t, scope } = await table(c.get('actor'), query(c, tableQuery));
      const bytes = await completenessWorkbook(t, scope.label, deps.now());
      return c.body(bytes, 200, {
        'content-type': XLSX_MIME,
        'content-disposition': `attachment; filename="tien-do-diem-dti_${asciiName(t.set.code)}_${asciiName(t.period.code)}.xlsx"`,
        'cache-control': 'no-store',
      });
    })
    .get('/missing', async (c) => {
      const q = query(c, tableQuery);
      const { set, period } = await setAndPeriod(q.set, q.period);
      const scope = await tableScope(c.get('actor'), q.unit);
      const items = (await missingAndLate(deps.db, set.id, period.id)).filter((i) => scope.includes({ path: i.unitPath }));
      return c.json({
        set: set.code,
        period: periodView(period),
        items: items.map((i) => ({
          unit: i.unitCode,
          unitName: i.unitName,
          indicator: i.indicatorCode,
          indicatorName: i.indicatorName,
          state: i.state,
          dueOn: i.dueOn,
          graceUntil: i.graceUntil,
          submittedAt: iso(i.submittedAt),
        })),
      });
    })
    .get('/unit.xlsx', async (c) => {
      const { set, period, unit } = await readableUnit(c.get('actor'), query(c, unitQuery));
      const lines = await unitReport(deps.db, set.id, period.id, unit.id);
      const bytes = await unitReportWorkbook({ set, period, unit, lines }, deps.now());
      return c.body(bytes, 200, {
        'content-type': XLSX_MIME,
        'content-disposition': `attachment; filename="bao-cao-dti_${asciiName(unit.code)}_${asciiName(period.code)}.xlsx"`,
        'cache-control': 'no-store',
      });
    })
    .get('/evidence.zip', async (c) => {
      const { set, period, unit } = await readableUnit(c.get('actor'), query(c, unitQuery));
      const files = await unitEvidence(deps.db, set.id, period.id, unit.id);
      const stream = evidenceZip(files, (sha) => readStoredFile(deps.filesDir, sha), (file, err) =>
        deps.log.error({ err: errorSummary(err), sha256: file.sha256, unit: unit.code }, 'evidence file unreadable'),
      );
      return c.body(stream, 200, {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="minh-chung-dti_${asciiName(unit.code)}_${asciiName(period.code)}.zip"`,
        'cache-control': 'no-store',
      });
    });
}

function periodView(p: ReportPeriod) {
  return { code: p.code, kind: p.kind, startsOn: p.startsOn, endsOn: p.endsOn, dueOn: p.dueOn, graceDays: p.graceDays };
}

// ---------------------------------------------------------------------------------------------------------------
// Zip of evidence files

/** Characters that name a folder or are refused by common file systems. */
const unsafeInZip = (s: string) => s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/^\.+/, '_') || '_';

/**
 * Entry names `<indicator code>/<file name>`; a name already used in the folder (compared without case, as
 * Windows and macOS extract) becomes "name (2).ext", "name (3).ext", ….
 */
export function evidenceEntryNames(files: Pick<EvidenceEntry, 'indicatorCode' | 'fileName'>[]): string[] {
  const used = new Set<string>();
  return files.map((f) => {
    const folder = unsafeInZip(f.indicatorCode);
    const name = unsafeInZip(f.fileName);
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    let candidate = `${folder}/${name}`;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${folder}/${stem} (${n})${ext}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}

/**
 * Streams the zip: files are read one at a time as the client reads (stored, not deflated: images and PDF are
 * compressed already). A file missing from storage is listed in THIEU-TEP.txt instead of failing mid-download.
 */
export function evidenceZip(
  files: EvidenceEntry[],
  read: (sha256: string) => Promise<Uint8Array>,
  onUnreadable: (file: EvidenceEntry, err: Error) => void = () => {},
): ReadableStream<Uint8Array> {
  // Names stored before uploads got the extension of their sniffed type get it here.
  const names = evidenceEntryNames(files.map((f) => ({ ...f, fileName: nameForType(f.fileName, f.mimeType) })));
  const unreadable: string[] = [];
  let next = 0;
  let zip: Zip;
  const add = (name: string, bytes: Uint8Array, mtime: Date) => {
    const entry = new ZipPassThrough(name);
    entry.mtime = mtime;
    zip.add(entry);
    entry.push(bytes, true);
  };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((err, chunk, final) => {
        if (err) return controller.error(err);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    // Each pull adds at least one entry or ends the archive, so a pending read is always answered.
    async pull() {
      while (next < files.length) {
        const i = next++;
        const file = files[i]!;
        try {
          add(names[i]!, new Uint8Array(await read(file.sha256)), file.createdAt);
          return;
        } catch (err) {
          onUnreadable(file, err as Error);
          unreadable.push(names[i]!);
        }
      }
      if (unreadable.length) {
        const text = `Không đọc được các tệp minh chứng sau trên máy chủ:\r\n${unreadable.map((n) => `- ${n}`).join('\r\n')}\r\n`;
        unreadable.length = 0;
        add('THIEU-TEP.txt', new TextEncoder().encode(text), new Date());
      }
      zip.end();
    },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Excel workbooks

const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const GROUP_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
const COUNT = '#,##0';

/** 'YYYY-MM-DD' → 'DD/MM/YYYY'. */
const viDate = (d: string) => d.split('-').reverse().join('/');
const viNumber = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

function viInstant(d: Date): string {
  const s = toIsoWithOffset(d); // 2026-03-19T10:05:00.000+07:00
  return `${s.slice(11, 16)} ${viDate(s.slice(0, 10))}`;
}

/** Points as in seed 003's table: "39.38" (two decimals at most). */
export const formatPoints = (p: number) => String(Math.round(p * 100) / 100);

export function periodLabel(p: Pick<ReportPeriod, 'kind' | 'startsOn' | 'endsOn'>): string {
  const year = p.startsOn.slice(0, 4);
  if (p.kind === 'quarter') return `Quý ${Math.floor((Number(p.startsOn.slice(5, 7)) - 1) / 3) + 1}/${year}`;
  return `Năm ${year}`;
}

const STATUS_VI: Record<UnitReportLine['status'], string> = {
  missing: 'Chưa nhập',
  draft: 'Nháp',
  submitted: 'Đã nộp, chờ duyệt',
  returned: 'Bị trả lại',
  approved: 'Đã duyệt',
};
const ROLE_VI = { lead: 'Chủ trì', coordinating: 'Phối hợp' } as const;

/** A stored value as people read it, by its type. */
export function formatValue(value: Record<string, unknown> | null, unitOfMeasure: string | null): string {
  if (!value) return '';
  const v = value as unknown as IndicatorValue;
  const unit = unitOfMeasure ? ` ${unitOfMeasure}` : '';
  switch (v.type) {
    case 'boolean':
      return v.value ? 'Có' : 'Không';
    case 'parts':
      return Object.entries(v.value)
        .map(([k, yes]) => `${k}: ${yes ? 'Có' : 'Không'}`)
        .join('; ');
    case 'count':
      return `${viNumber.format(v.value)}${unit}`;
    case 'amount':
      return `${viNumber.format(v.value)}${unit || ' đồng'}`;
    case 'ratio':
      return `${viNumber.format(v.numerator)}/${viNumber.format(v.denominator)} (${viNumber.format(v.denominator ? (100 * v.numerator) / v.denominator : 0)}%)`;
    case 'percentage':
      return `${viNumber.format(v.value)}%`;
    case 'text':
      return v.value;
    case 'date':
      return viDate(v.value);
    default:
      return JSON.stringify(value);
  }
}

function styleHeader(row: ExcelJS.Row, from: number, to: number) {
  row.height = 30;
  for (let col = from; col <= to; col++) {
    const cell = row.getCell(col);
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
}

function titles(ws: ExcelJS.Worksheet, lastCol: number, lines: { text: string; bold?: boolean; size?: number }[]) {
  for (const l of lines) {
    const row = ws.addRow([l.text]);
    ws.mergeCells(row.number, 1, row.number, lastCol);
    row.getCell(1).font = { bold: l.bold ?? false, size: l.size ?? 11 };
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    if (l.size) row.height = l.size * 1.6;
  }
  ws.addRow([]);
}

function notes(ws: ExcelJS.Worksheet, lastCol: number, lines: string[]) {
  ws.addRow([]);
  for (const [i, note] of ['Ghi chú:', ...lines].entries()) {
    const row = ws.addRow([note]);
    ws.mergeCells(row.number, 1, row.number, lastCol);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).font = { italic: i > 0, bold: i === 0, size: 10 };
  }
}

export const COMPLETENESS_REPORT_HEADERS = ['Phải nộp', 'Đã nộp', 'Đúng hạn', 'Đã duyệt', 'Còn thiếu'] as const;

/**
 * The province-wide table: STT, Đơn vị, one "đạt/tối đa" column per main index, Tổng điểm, Xếp hạng ("hạng/số
 * đơn vị cùng cấp"), then Báo cáo: Phải nộp, Đã nộp, Đúng hạn, Đã duyệt, Còn thiếu. Two header rows.
 */
export async function completenessWorkbook(t: CompletenessTable, scopeLabel: string, asOf: Date): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'PAKN';
  const ws = wb.addWorksheet('Tiến độ và điểm DTI', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  const nIdx = t.indices.length;
  const colTotal = 3 + nIdx;
  const colRank = colTotal + 1;
  const colReports = colRank + 1;
  const lastCol = colReports + COMPLETENESS_REPORT_HEADERS.length - 1;
  ws.columns = [
    { width: 6 },
    { width: 42 },
    ...t.indices.map(() => ({ width: 14 })),
    { width: 11 },
    { width: 10 },
    ...COMPLETENESS_REPORT_HEADERS.map(() => ({ width: 10 })),
  ];

  titles(ws, lastCol, [
    { text: 'BẢNG TỔNG HỢP TIẾN ĐỘ BÁO CÁO VÀ ĐIỂM CHỈ SỐ CHUYỂN ĐỔI SỐ (DTI)', bold: true, size: 14 },
    { text: `${t.set.name} (${t.set.code})`, bold: true },
    { text: `Kỳ báo cáo: ${periodLabel(t.period)} (từ ${viDate(t.period.startsOn)} đến ${viDate(t.period.endsOn)}) — Hạn nộp: ${viDate(t.period.dueOn)}` },
    { text: scopeLabel },
    { text: `Số liệu tính đến: ${viInstant(asOf)} (giờ Việt Nam)` },
  ]);

  const h1 = ws.addRow([
    'STT',
    'Đơn vị',
    ...t.indices.map((x) => `${x.code}. ${x.name}`),
    'Tổng điểm',
    'Xếp hạng',
    'Báo cáo',
    ...COMPLETENESS_REPORT_HEADERS.slice(1).map(() => null),
  ]);
  const h2 = ws.addRow([
    null,
    null,
    ...t.indices.map((x) => (x.maxPoints === null ? 'đạt' : 'đạt/tối đa')),
    t.maxTotal === null ? 'đạt' : `tối đa ${formatPoints(t.maxTotal)}`,
    'hạng/số đơn vị cùng cấp',
    ...COMPLETENESS_REPORT_HEADERS,
  ]);
  ws.mergeCells(h1.number, 1, h2.number, 1);
  ws.mergeCells(h1.number, 2, h2.number, 2);
  ws.mergeCells(h1.number, colReports, h1.number, lastCol);
  styleHeader(h1, 1, lastCol);
  styleHeader(h2, 1, lastCol);
  h1.height = 45;

  t.rows.forEach((r, n) => {
    const row = ws.addRow([
      n + 1,
      r.unit.name,
      ...r.indices.map((x) => (x.points === null ? (x.maxPoints === null ? '' : `–/${formatPoints(x.maxPoints)}`) : x.maxPoints === null ? formatPoints(x.points) : `${formatPoints(x.points)}/${formatPoints(x.maxPoints)}`)),
      r.total === null ? null : Math.round(r.total * 100) / 100,
      r.rank === null ? null : `${r.rank}/${r.peers}`,
      r.expected,
      r.submitted,
      r.onTime,
      r.approved,
      r.missing,
    ]);
    for (let col = 1; col <= lastCol; col++) {
      const cell = row.getCell(col);
      cell.border = BORDER;
      cell.alignment = { vertical: 'middle', wrapText: col === 2, horizontal: col === 2 ? 'left' : 'center' };
      if (col >= colReports) cell.numFmt = COUNT;
      if (col === colTotal) cell.numFmt = '0.00';
    }
  });
  const sum = ws.addRow([
    null,
    'Tổng cộng',
    ...t.indices.map(() => null),
    null,
    null,
    t.totals.expected,
    t.totals.submitted,
    t.totals.onTime,
    t.totals.approved,
    t.totals.missing,
  ]);
  for (let col = 1; col <= lastCol; col++) {
    const cell = sum.getCell(col);
    cell.border = BORDER;
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', horizontal: col === 2 ? 'left' : 'center' };
    if (col >= colReports) cell.numFmt = COUNT;
  }
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: h2.number }];

  notes(ws, lastCol, [
    '- Phải nộp: số chỉ số đơn vị được giao chủ trì. Đã nộp: số chỉ số đã nộp hoặc đã duyệt. Còn thiếu = Phải nộp − Đã nộp (gồm chỉ số chưa nhập, đang nháp, bị trả lại).',
    `- Đúng hạn: nộp trước hoặc trong ngày hạn nộp ${viDate(t.period.dueOn)} (đến 23:59:59 giờ Việt Nam); một chỉ số bị trả lại tính theo lần nộp sau cùng.`,
    '- Điểm: điểm ước tính theo quy tắc chấm điểm của bộ chỉ số, chỉ tính các giá trị đã duyệt; "–" là chỉ số chính chưa có quy tắc chấm điểm.',
    '- Xếp hạng: theo tổng điểm giữa các đơn vị cùng cấp; bằng điểm thì đồng hạng và hạng kế tiếp bị bỏ qua.',
  ]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

export const UNIT_REPORT_HEADERS = [
  'STT',
  'Mã chỉ số',
  'Tên chỉ số',
  'Vai trò',
  'Giá trị',
  'Trạng thái',
  'Thời điểm nộp',
  'Tình trạng nộp',
  'Điểm ước tính',
  'Số tệp minh chứng',
  'Văn bản kiểm chứng',
  'Ghi chú',
] as const;

/** One unit's report: each assigned indicator under its main index, with value, status, timing, points and evidence. */
export async function unitReportWorkbook(
  r: { set: Pick<ReportSet, 'code' | 'name'>; period: ReportPeriod; unit: { code: string; name: string }; lines: UnitReportLine[] },
  asOf: Date,
): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'PAKN';
  const ws = wb.addWorksheet('Báo cáo DTI', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = [6, 9, 50, 10, 22, 16, 16, 11, 11, 11, 30, 30].map((width) => ({ width }));
  const lastCol = UNIT_REPORT_HEADERS.length;

  const lead = r.lines.filter((l) => l.role === 'lead');
  const submitted = lead.filter((l) => l.status === 'submitted' || l.status === 'approved');
  const onTime = submitted.filter((l) => l.timeliness === 'on_time').length;
  const approved = lead.filter((l) => l.status === 'approved').length;
  titles(ws, lastCol, [
    { text: 'BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ SỐ CHUYỂN ĐỔI SỐ (DTI)', bold: true, size: 14 },
    { text: `Đơn vị: ${r.unit.name} (${r.unit.code})`, bold: true },
    { text: `${r.set.name} (${r.set.code})` },
    { text: `Kỳ báo cáo: ${periodLabel(r.period)} (từ ${viDate(r.period.startsOn)} đến ${viDate(r.period.endsOn)}) — Hạn nộp: ${viDate(r.period.dueOn)}` },
    {
      text:
        `Tiến độ: phải nộp ${lead.length}, đã nộp ${submitted.length} (đúng hạn ${onTime}, muộn ${submitted.length - onTime}), ` +
        `đã duyệt ${approved}, còn thiếu ${lead.length - submitted.length}`,
    },
    { text: `Số liệu tính đến: ${viInstant(asOf)} (giờ Việt Nam)` },
  ]);
  styleHeader(ws.addRow([...UNIT_REPORT_HEADERS]), 1, lastCol);

  let stt = 0;
  let currentIndex: string | null = null;
  for (const l of r.lines) {
    if (l.index.code !== currentIndex) {
      currentIndex = l.index.code;
      const g = ws.addRow([`${l.index.code}. ${l.index.name}${l.index.maxPoints === null ? '' : ` (tối đa ${formatPoints(l.index.maxPoints)} điểm)`}`]);
      ws.mergeCells(g.number, 1, g.number, lastCol);
      g.getCell(1).font = { bold: true };
      g.getCell(1).fill = GROUP_FILL;
      g.getCell(1).border = BORDER;
    }
    const c = l.citation;
    const citation = c ? [c.number && `Số ${c.number}`, c.date && `ngày ${viDate(c.date)}`, c.issuer, c.title].filter(Boolean).join(', ') : '';
    const points =
      l.points === null ? '' : `${formatPoints(l.points)}${l.indicator.maxPoints === null ? '' : `/${formatPoints(l.indicator.maxPoints)}`}${l.estimated ? ' (chờ duyệt)' : ''}`;
    const remarks = [l.comment, l.status === 'returned' && l.reviewComment ? `Lý do trả lại: ${l.reviewComment}` : null].filter(Boolean).join('\n');
    const row = ws.addRow([
      ++stt,
      l.indicator.code,
      l.indicator.name,
      ROLE_VI[l.role],
      formatValue(l.value, l.indicator.unitOfMeasure),
      STATUS_VI[l.status],
      l.submittedAt ? viInstant(l.submittedAt) : '',
      l.timeliness === 'on_time' ? 'Đúng hạn' : l.timeliness === 'late' ? 'Nộp muộn' : '',
      points,
      l.evidenceCount,
      citation,
      remarks,
    ]);
    for (let col = 1; col <= lastCol; col++) {
      const cell = row.getCell(col);
      cell.border = BORDER;
      cell.alignment = { vertical: 'top', wrapText: true, horizontal: col === 1 || col === 2 || col === 4 || col === 10 ? 'center' : 'left' };
    }
  }
  notes(ws, lastCol, [
    '- Vai trò: Chủ trì là đơn vị nộp giá trị tổng hợp của chỉ số; Phối hợp là đơn vị góp số liệu cho đơn vị chủ trì.',
    `- Hạn nộp: nộp trước hoặc trong ngày ${viDate(r.period.dueOn)} (đến 23:59:59 giờ Việt Nam) là đúng hạn.`,
    '- Điểm ước tính: theo quy tắc chấm điểm của bộ chỉ số, cho giá trị đã nộp của chỉ số chủ trì; để trống khi chỉ số chưa có quy tắc chấm điểm.',
  ]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
