// Feedback indicators (CONTRACT §6): JSON and an Excel workbook laid out like the Bắc Kạn DTI appendix.
import { isoInstant } from '../../lib/instant.js';
import ExcelJS from 'exceljs';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { toEpochDay, toIsoWithOffset } from '../../domain/calendar/local-date.js';
import {
  CHANNEL_LABELS_VI,
  type FeedbackIndicatorReport,
  INDICATOR_SET_NAME_VI,
  ON_TIME_GROUPS,
  ON_TIME_HEADING_VI,
  SATISFACTION_GROUPS,
  SATISFACTION_HEADING_VI,
} from '../../domain/indicators/feedback-indicators.js';
import type { Channel } from '../../../../db/schema.js';
import { monthCount, reportMonths } from '../../domain/indicators/report-months.js';
import { STATUS_LABELS_VI } from '../../domain/feedback/feedback-vocabulary.js';
import { ApiError, forbidden, notFound } from '../../lib/api-error.js';
import { query } from '../../lib/validate.js';
import { type Actor, canLeadUnit, isAdmin } from '../auth/actor.js';
import { type AppEnv, requireLeaderOrAdmin } from '../auth/auth-middleware.js';
import {
  cohortByUnit,
  FEEDBACK_BUCKETS,
  feedbackIndicatorReport,
  findIndicatorUnit,
  type IndicatorUnit,
  listCohortItems,
} from './indicator-repository.js';

/** Longest period one report may cover: five years (leap days included). */
export const MAX_SPAN_DAYS = 5 * 366;

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });

const reportQuery = z
  .object({
    from: isoDate,
    to: isoDate,
    unit: z.string().trim().min(1, 'must be a unit code').max(100).optional(),
    asOf: isoInstant.optional(),
  })
  .superRefine((q, ctx) => {
    // zod still runs this when a field failed: compare only two valid dates.
    if (!isValidDate(q.from) || !isValidDate(q.to)) return;
    if (q.from > q.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be on or after from' });
    } else if (toEpochDay(q.to) - toEpochDay(q.from) + 1 > MAX_SPAN_DAYS) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: 'the period may cover at most 5 years' });
    }
  });

/** The indicator codes an item list can be asked for, with the channels each counts. */
const GROUP_CHANNELS = new Map<string, readonly Channel[]>([
  ...ON_TIME_GROUPS.map((g) => [g.code, g.channels] as const),
  ...SATISFACTION_GROUPS.filter((g) => g.code !== 'all').map((g) => [g.code, g.channels] as const),
]);

const itemsQuery = reportQuery.and(
  z.object({
    code: z.enum([...GROUP_CHANNELS.keys()] as [string, ...string[]], { message: 'must be 3.1–3.4, 4.1, 4.2 or all' }),
    bucket: z.enum(FEEDBACK_BUCKETS, { message: `must be one of ${FEEDBACK_BUCKETS.join(', ')}` }),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  }),
);

/** Most months one chart may show. */
export const MAX_CHART_MONTHS = 24;

const monthlyQuery = z.object({
  from: isoDate,
  to: isoDate,
  unit: z.string().trim().min(1, 'must be a unit code').max(100).optional(),
});

function isValidDate(d: unknown): d is string {
  return typeof d === 'string' && isoDate.safeParse(d).success;
}

export function indicatorRoutes(deps: AppDeps) {
  /** Validates the query, decides the unit the caller may see, and runs the report. */
  async function report(c: Context<AppEnv>) {
    const q = query(c, reportQuery);
    const unit = await reportUnit(c.get('actor'), q.unit);
    const asOf = q.asOf ?? deps.now();
    const result = await feedbackIndicatorReport(deps.db, { from: q.from, to: q.to, asOf, unit });
    return { result, unit, asOf };
  }

  /** Admins: any unit, or all units. Leaders: units of their subtree; their own unit when they lead exactly one. */
  async function reportUnit(actor: Actor, code: string | undefined): Promise<IndicatorUnit | null> {
    if (code === undefined) {
      if (isAdmin(actor)) return null;
      const led = actor.kind === 'user' ? [...new Set(actor.roles.filter((r) => r.role === 'leader').map((r) => r.unitCode))] : [];
      if (led.length !== 1) {
        throw new ApiError(400, 'invalid_request', 'Invalid query', {
          issues: [{ field: 'unit', message: 'you lead several units: name one with unit=<code>' }],
        });
      }
      code = led[0]!;
    }
    const unit = await findIndicatorUnit(deps.db, code);
    if (!unit) throw notFound(`Unit ${code}`);
    if (!canLeadUnit(actor, unit)) throw forbidden('You may only see indicators of units you lead');
    return unit;
  }

  return new Hono<AppEnv>()
    .use('*', requireLeaderOrAdmin)
    .get('/feedback', async (c) => {
      const { result } = await report(c);
      return c.json(result);
    })
    .get('/feedback/items', async (c) => {
      // The items behind one figure of GET /feedback: same cohort, same predicates, so total equals that figure.
      const q = query(c, itemsQuery);
      const unit = await reportUnit(c.get('actor'), q.unit);
      const asOf = q.asOf ?? deps.now();
      const { items, total } = await listCohortItems(
        deps.db,
        { from: q.from, to: q.to, asOf, unitPath: unit?.path ?? null },
        { channels: GROUP_CHANNELS.get(q.code)!, bucket: q.bucket, limit: q.limit, offset: q.offset },
      );
      return c.json({
        from: q.from,
        to: q.to,
        asOf: toIsoWithOffset(asOf),
        unit: unit?.code ?? null,
        code: q.code,
        bucket: q.bucket,
        total,
        limit: q.limit,
        offset: q.offset,
        items,
      });
    })
    .get('/feedback/units', async (c) => {
      // The on-time figures per handling unit in the scope, for the leader's ranking.
      const q = query(c, reportQuery);
      const unit = await reportUnit(c.get('actor'), q.unit);
      const asOf = q.asOf ?? deps.now();
      const rows = await cohortByUnit(deps.db, { from: q.from, to: q.to, asOf, unitPath: unit?.path ?? null });
      return c.json({ from: q.from, to: q.to, asOf: toIsoWithOffset(asOf), unit: unit?.code ?? null, units: rows });
    })
    .get('/feedback/monthly', async (c) => {
      // Each month's numbers are exactly GET /feedback for that month clipped to [from, to], as of now.
      const q = query(c, monthlyQuery);
      const rule = (message: string) => new ApiError(422, 'unprocessable', message, { errors: [{ field: 'to', message }] });
      if (q.from > q.to) throw rule('must be on or after from');
      if (monthCount(q.from, q.to) > MAX_CHART_MONTHS) throw rule(`the period may cover at most ${MAX_CHART_MONTHS} months`);
      const unit = await reportUnit(c.get('actor'), q.unit);
      const asOf = deps.now();
      const months = [];
      for (const m of reportMonths(q.from, q.to)) {
        const r = await feedbackIndicatorReport(deps.db, { from: m.from, to: m.to, asOf, unit });
        months.push({ ...m, onTime: r.onTime, satisfaction: r.satisfaction });
      }
      return c.json({ from: q.from, to: q.to, unit: unit?.code ?? null, months });
    })
    .get('/feedback.xlsx', async (c) => {
      const { result, unit, asOf } = await report(c);
      const bytes = await feedbackReportWorkbook(result, unit, asOf);
      const scope = unit ? `_${unit.code.replace(/[^A-Za-z0-9-]+/g, '_')}` : '';
      return c.body(bytes, 200, {
        'content-type': XLSX_MIME,
        'content-disposition': `attachment; filename="chi-so-pakn${scope}_${result.from}_${result.to}.xlsx"`,
        'cache-control': 'no-store',
      });
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Excel workbook

const COLUMN_WIDTHS = [7, 62, 34, 12, 13, 13, 15, 14, 14];
const THIN = { style: 'thin' } as const;
const BORDER: Partial<ExcelJS.Borders> = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };
const PERCENT = '0.0%';
const COUNT = '#,##0';
const MEAN = '0.00';

/** 'YYYY-MM-DD' → 'DD/MM/YYYY'. */
const viDate = (d: string) => d.split('-').reverse().join('/');

function viInstant(asOf: Date): string {
  const iso = toIsoWithOffset(asOf); // 2026-04-10T09:00:00.000+07:00
  return `${iso.slice(11, 19)} ngày ${viDate(iso.slice(0, 10))} (giờ Việt Nam, GMT+7)`;
}

const channelList = (channels: readonly string[]) =>
  channels.length === Object.keys(CHANNEL_LABELS_VI).length
    ? 'Tất cả các kênh'
    : channels.map((ch) => CHANNEL_LABELS_VI[ch as keyof typeof CHANNEL_LABELS_VI]).join(', ');

/** The report as an .xlsx: title rows, the on-time table (3.x) and the satisfaction table (4.x). */
export async function feedbackReportWorkbook(
  report: FeedbackIndicatorReport,
  unit: Pick<IndicatorUnit, 'code' | 'name'> | null,
  asOf: Date,
): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'PAKN';
  const ws = wb.addWorksheet('Chỉ số PAKN', {
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  ws.columns = COLUMN_WIDTHS.map((width) => ({ width }));
  const lastCol = COLUMN_WIDTHS.length;

  const title = (text: string, opts: { bold?: boolean; size?: number } = {}) => {
    const row = ws.addRow([text]);
    ws.mergeCells(row.number, 1, row.number, lastCol);
    row.getCell(1).font = { bold: opts.bold ?? false, size: opts.size ?? 11 };
    row.getCell(1).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    if (opts.size) row.height = opts.size * 1.6;
  };
  title(INDICATOR_SET_NAME_VI.toLocaleUpperCase('vi'), { bold: true, size: 14 });
  title(`Kỳ báo cáo: từ ngày ${viDate(report.from)} đến ngày ${viDate(report.to)}`, { bold: true });
  title(unit ? `Đơn vị: ${unit.name} (${unit.code}) và các đơn vị trực thuộc` : 'Đơn vị: Toàn bộ các đơn vị');
  title(`Số liệu tính đến: ${viInstant(asOf)}`);
  ws.addRow([]);

  const header = (labels: string[]) => {
    const row = ws.addRow(labels);
    row.height = 32;
    row.eachCell((cell) => {
      cell.font = { bold: true };
      cell.fill = HEADER_FILL;
      cell.border = BORDER;
      cell.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
    });
  };
  const body = (values: (string | number | null)[], formats: (string | undefined)[], bold: boolean) => {
    const row = ws.addRow(values);
    for (let col = 1; col <= lastCol; col++) {
      const cell = row.getCell(col);
      cell.border = BORDER;
      cell.font = { bold };
      cell.alignment = { vertical: 'middle', wrapText: col <= 3, horizontal: col === 1 ? 'center' : undefined };
      const fmt = formats[col - 1];
      if (fmt) cell.numFmt = fmt;
    }
  };

  // Table 1: on time.
  header(['STT', 'Chỉ số', 'Kênh', 'Tổng số', 'Đúng hạn', 'Quá hạn', 'Chưa đến hạn', 'Tỷ lệ (%)']);
  const onTimeRows = [...report.onTime].sort((a, b) => (a.code === 'all' ? -1 : b.code === 'all' ? 1 : 0));
  for (const g of onTimeRows) {
    const def = ON_TIME_GROUPS.find((d) => d.code === g.code)!;
    const all = g.code === 'all';
    body(
      [all ? ON_TIME_HEADING_VI.stt : g.code, def.nameVi, channelList(g.channels), g.total, g.onTime, g.late, g.pending, g.rate],
      [undefined, undefined, undefined, COUNT, COUNT, COUNT, COUNT, PERCENT],
      all,
    );
  }
  ws.addRow([]);

  // Table 2: satisfaction.
  header(['STT', 'Chỉ số', 'Kênh', 'Tổng số', 'Số đánh giá', 'Hài lòng (4–5)', 'Tỷ lệ hài lòng', 'Điểm TB', 'Tỷ lệ theo 766']);
  const satisfactionRows = [...report.satisfaction].sort((a, b) => (a.code === 'all' ? -1 : b.code === 'all' ? 1 : 0));
  for (const g of satisfactionRows) {
    const def = SATISFACTION_GROUPS.find((d) => d.code === g.code)!;
    const all = g.code === 'all';
    body(
      [all ? SATISFACTION_HEADING_VI.stt : g.code, def.nameVi, channelList(g.channels), g.total, g.responses, g.satisfied, g.rate, g.mean, g.rate766],
      [undefined, undefined, undefined, COUNT, COUNT, COUNT, PERCENT, MEAN, PERCENT],
      all,
    );
  }
  ws.addRow([]);

  const notes = [
    'Ghi chú:',
    '- Đối tượng tính: phản ánh, kiến nghị tiếp nhận trong kỳ báo cáo (theo ngày tiếp nhận, giờ Việt Nam).',
    `- Đúng hạn: đã trả lời (trạng thái “${STATUS_LABELS_VI.answered}”) trước hoặc đúng thời hạn xử lý. Quá hạn: trả lời sau thời hạn, hoặc chưa trả lời khi đã hết hạn tại thời điểm tính số liệu. Chưa đến hạn: chưa trả lời và chưa hết hạn.`,
    '- Tỷ lệ đúng hạn = Đúng hạn / (Đúng hạn + Quá hạn).',
    '- Tỷ lệ hài lòng = Số đánh giá 4–5 điểm / Số đánh giá (thang 1–5). Điểm TB = điểm đánh giá trung bình.',
    '- Tỷ lệ theo 766 = (Tổng số − số phản ánh quá hạn hoặc bị đánh giá 1–2 điểm, mỗi phản ánh tính một lần) / Tổng số.',
    '- Ô tỷ lệ để trống khi mẫu số bằng 0.',
  ];
  for (const note of notes) {
    const row = ws.addRow([note]);
    ws.mergeCells(row.number, 1, row.number, lastCol);
    row.getCell(1).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).font = { italic: note !== 'Ghi chú:', bold: note === 'Ghi chú:', size: 10 };
    if (note.length > 150) row.height = 28;
  }

  const buf = await wb.xlsx.writeBuffer();
  return new Uint8Array(buf);
}
