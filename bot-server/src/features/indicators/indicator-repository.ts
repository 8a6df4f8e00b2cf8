// The feedback indicator report: one aggregate query per report, answered from feedback_indicator_idx
// (received_date, channel, unit_id, answered_at, due_at, rating) by an index-only range scan.
import { eq, sql, type SQL } from 'drizzle-orm';
import { type DbOrTx, rowsOf } from '../../../../db/open-db.js';
import { CHANNELS, type Channel, units } from '../../../../db/schema.js';
import {
  assembleReport,
  type ChannelCounts,
  type FeedbackIndicatorReport,
} from '../../domain/indicators/feedback-indicators.js';

export interface FeedbackCohort {
  /** First local receipt date, inclusive (YYYY-MM-DD). */
  from: string;
  /** Last local receipt date, inclusive (YYYY-MM-DD). */
  to: string;
  /** Materialised path of the unit whose subtree is counted ("/1/4/"); null = every unit. */
  unitPath: string | null;
  /** Unanswered items due before this instant are late. */
  asOf: Date;
}

export interface IndicatorUnit {
  id: number;
  code: string;
  name: string;
  path: string;
}

export async function findIndicatorUnit(db: DbOrTx, code: string): Promise<IndicatorUnit | undefined> {
  const [row] = await db
    .select({ id: units.id, code: units.code, name: units.name, path: units.path })
    .from(units)
    .where(eq(units.code, code));
  return row;
}

/**
 * The aggregate query, exported so the benchmark and tests can EXPLAIN exactly what the API runs.
 * The subtree is an uncorrelated sub-select evaluated once (an InitPlan); `unit_id = any(...)` is then
 * checked on the index tuples, so the scan stays index-only.
 */
export function feedbackIndicatorQuery(c: FeedbackCohort): SQL {
  const asOf = c.asOf.toISOString();
  const late = sql`(f.answered_at > f.due_at or (f.answered_at is null and f.due_at < ${asOf}::timestamptz))`;
  const unitFilter = c.unitPath
    ? sql`and f.unit_id = any(array(select u.id from units u where u.path like ${`${escapeLike(c.unitPath)}%`}))`
    : sql``;
  return sql`select f.channel,
      count(*) as total,
      count(*) filter (where f.answered_at <= f.due_at) as on_time,
      count(*) filter (where ${late}) as late,
      count(f.rating) as responses,
      count(*) filter (where f.rating >= 4) as satisfied,
      coalesce(sum(f.rating), 0) as rating_sum,
      count(*) filter (where ${late} or f.rating <= 2) as bad766
    from feedback f
    where f.received_date between ${c.from}::date and ${c.to}::date
      ${unitFilter}
    group by f.channel`;
}

type Row = Record<'channel' | 'total' | 'on_time' | 'late' | 'responses' | 'satisfied' | 'rating_sum' | 'bad766', unknown>;

/** Per-channel counts of the cohort. Counts arrive as numbers, strings or bigints depending on the driver. */
export async function countFeedbackByChannel(db: DbOrTx, c: FeedbackCohort): Promise<ChannelCounts[]> {
  const rows = rowsOf<Row>(await db.execute(feedbackIndicatorQuery(c)));
  const out: ChannelCounts[] = [];
  for (const r of rows) {
    const channel = String(r.channel) as Channel;
    if (!CHANNELS.includes(channel)) continue; // the check constraint makes this unreachable
    const total = Number(r.total);
    const onTime = Number(r.on_time);
    const late = Number(r.late);
    out.push({
      channel,
      total,
      onTime,
      late,
      pending: total - onTime - late,
      responses: Number(r.responses),
      satisfied: Number(r.satisfied),
      ratingSum: Number(r.rating_sum),
      bad766: Number(r.bad766),
    });
  }
  return out;
}

/** The full CONTRACT §6 report, as served by GET /api/v1/indicators/feedback. */
export async function feedbackIndicatorReport(
  db: DbOrTx,
  params: { from: string; to: string; asOf: Date; unit: Pick<IndicatorUnit, 'code' | 'path'> | null },
): Promise<FeedbackIndicatorReport> {
  const counts = await countFeedbackByChannel(db, {
    from: params.from,
    to: params.to,
    asOf: params.asOf,
    unitPath: params.unit?.path ?? null,
  });
  return assembleReport(counts, { from: params.from, to: params.to, asOf: params.asOf, unit: params.unit?.code ?? null });
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`);
}
