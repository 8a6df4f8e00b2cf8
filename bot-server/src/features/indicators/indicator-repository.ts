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
 * Where one cohort item stands, as SQL over `feedback f`. This is the one definition of every figure: the aggregate
 * report counts these predicates and the item lists filter on them, so a list always holds exactly the items counted.
 * Each predicate is true or false, never null (a paused clock has no due time): on time, late and pending partition
 * the cohort, and late is answered late or still unanswered past the due time.
 */
export function bucketPredicates(asOf: Date): Record<FeedbackBucket, SQL> {
  const at = sql`${asOf.toISOString()}::timestamptz`;
  const onTime = sql`coalesce(f.answered_at <= f.due_at, false)`;
  const lateAnswered = sql`coalesce(f.answered_at > f.due_at, false)`;
  const overdue = sql`(f.answered_at is null and coalesce(f.due_at < ${at}, false))`;
  const late = sql`(${lateAnswered} or ${overdue})`;
  return {
    total: sql`true`,
    onTime,
    late,
    lateAnswered,
    overdue,
    pending: sql`not (${onTime} or ${late})`,
    decided: sql`(${onTime} or ${late})`,
    responses: sql`(f.rating is not null)`,
    satisfied: sql`coalesce(f.rating >= 4, false)`,
    bad766: sql`(${late} or coalesce(f.rating <= 2, false))`,
  };
}

/** The figures an item list can be asked for: the report's counts and the parts of "late". */
export const FEEDBACK_BUCKETS = [
  'total',
  'onTime',
  'late',
  'lateAnswered',
  'overdue',
  'pending',
  'decided',
  'responses',
  'satisfied',
  'bad766',
] as const;
export type FeedbackBucket = (typeof FEEDBACK_BUCKETS)[number];

/** The cohort as a WHERE condition over `feedback f`: receipt dates, the unit's subtree, and optionally channels. */
export function cohortCondition(c: FeedbackCohort, channels?: readonly Channel[]): SQL {
  const unitFilter = c.unitPath
    ? sql` and f.unit_id = any(array(select u.id from units u where u.path like ${`${escapeLike(c.unitPath)}%`}))`
    : sql``;
  const channelFilter =
    channels && channels.length < CHANNELS.length
      ? sql` and f.channel in (${sql.join(
          channels.map((ch) => sql`${ch}`),
          sql`, `,
        )})`
      : sql``;
  return sql`f.received_date between ${c.from}::date and ${c.to}::date${unitFilter}${channelFilter}`;
}

/**
 * The aggregate query, exported so the benchmark and tests can EXPLAIN exactly what the API runs.
 * The subtree is an uncorrelated sub-select evaluated once (an InitPlan); `unit_id = any(...)` is then
 * checked on the index tuples, so the scan stays index-only.
 */
export function feedbackIndicatorQuery(c: FeedbackCohort): SQL {
  const b = bucketPredicates(c.asOf);
  return sql`select f.channel,
      count(*) as total,
      count(*) filter (where ${b.onTime}) as on_time,
      count(*) filter (where ${b.late}) as late,
      count(*) filter (where ${b.responses}) as responses,
      count(*) filter (where ${b.satisfied}) as satisfied,
      coalesce(sum(f.rating), 0) as rating_sum,
      count(*) filter (where ${b.bad766}) as bad766
    from feedback f
    where ${cohortCondition(c)}
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

export interface CohortItem {
  code: string;
  title: string | null;
  unit: { code: string; name: string };
  channel: Channel;
  status: string;
  receivedAt: string;
  dueAt: string | null;
  answeredAt: string | null;
  rating: number | null;
  /** Where the item stands at asOf: the report's partition. */
  standing: 'onTime' | 'late' | 'pending';
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : new Date(v as string).toISOString());

/**
 * The items behind one figure of the report: the cohort and bucket conditions the aggregate counts, so
 * `total` here always equals that figure. Most urgent first (earliest due time), unpaused before paused.
 */
export async function listCohortItems(
  db: DbOrTx,
  c: FeedbackCohort,
  filter: { channels: readonly Channel[]; bucket: FeedbackBucket; limit: number; offset: number },
): Promise<{ items: CohortItem[]; total: number }> {
  const b = bucketPredicates(c.asOf);
  const where = sql`${cohortCondition(c, filter.channels)} and ${b[filter.bucket]}`;
  const [counted] = rowsOf<{ n: unknown }>(await db.execute(sql`select count(*) as n from feedback f where ${where}`));
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select f.code, f.title, u.code as unit_code, u.name as unit_name, f.channel, f.status,
        f.received_at, f.due_at, f.answered_at, f.rating,
        case when ${b.onTime} then 'onTime' when ${b.late} then 'late' else 'pending' end as standing
      from feedback f join units u on u.id = f.unit_id
      where ${where}
      order by f.due_at asc nulls last, f.received_at asc, f.id asc
      limit ${filter.limit} offset ${filter.offset}`),
  );
  return {
    total: Number(counted?.n ?? 0),
    items: rows.map((r) => ({
      code: String(r.code),
      title: (r.title as string | null) ?? null,
      unit: { code: String(r.unit_code), name: String(r.unit_name) },
      channel: String(r.channel) as Channel,
      status: String(r.status),
      receivedAt: iso(r.received_at)!,
      dueAt: iso(r.due_at),
      answeredAt: iso(r.answered_at),
      rating: r.rating === null || r.rating === undefined ? null : Number(r.rating),
      standing: String(r.standing) as CohortItem['standing'],
    })),
  };
}

export interface UnitStanding {
  unit: { code: string; name: string };
  total: number;
  onTime: number;
  late: number;
  /** Unanswered past the due time at asOf (part of late). */
  overdue: number;
  pending: number;
  /** onTime / (onTime + late), null when nothing is decided. */
  rate: number | null;
}

/** The on-time figures per handling unit of the cohort, for the leader's ranking (same predicates as the report). */
export async function cohortByUnit(db: DbOrTx, c: FeedbackCohort): Promise<UnitStanding[]> {
  const b = bucketPredicates(c.asOf);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`select u.code, u.name, s.total, s.on_time, s.late, s.overdue
      from (select f.unit_id,
          count(*) as total,
          count(*) filter (where ${b.onTime}) as on_time,
          count(*) filter (where ${b.late}) as late,
          count(*) filter (where ${b.overdue}) as overdue
        from feedback f
        where ${cohortCondition(c)}
        group by f.unit_id) s
      join units u on u.id = s.unit_id
      order by u.code`),
  );
  return rows.map((r) => {
    const total = Number(r.total);
    const onTime = Number(r.on_time);
    const late = Number(r.late);
    return {
      unit: { code: String(r.code), name: String(r.name) },
      total,
      onTime,
      late,
      overdue: Number(r.overdue),
      pending: total - onTime - late,
      rate: onTime + late ? onTime / (onTime + late) : null,
    };
  });
}
