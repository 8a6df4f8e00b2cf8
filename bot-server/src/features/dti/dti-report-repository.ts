// DTI reporting progress and estimated scores of one period: completeness and timeliness per unit (DHIS2's
// vocabulary: expected, submitted, on time), points per main index and in total against the maximum, and the
// ranking of each unit among its peers (units of the same level), as in seed 003's table ("39.38/60 … Hạng 11").
//
// Counts are aggregated in SQL, in one query over the lead assignments of the set and the period's values (read
// once through dti_values_period_unit_idx, then hash-joined). Scores need the catalog's rules (scoring.ts), so a
// second query, run alongside, reads the submitted and approved values of scored indicators only, and they are
// scored in JS. bench/dti-bench.ts times both on 300 units × 90 indicators × 12 quarters.
import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import { type DbOrTx, rowsOf, ts } from '../../../../db/open-db.js';
import {
  dtiAssignments,
  dtiEvidence,
  dtiIndicators,
  dtiIndices,
  dtiPeriods,
  dtiSets,
  dtiValues,
  type DtiValueStatus,
  type DtiValueType,
  UNIT_LEVELS,
  type UnitLevel,
} from '../../../../db/schema.js';
import { addDays, endOfLocalDay } from '../../domain/calendar/local-date.js';
import { type IndicatorValue, rankUnits, type ScoringRule, scoreIndicator } from '../../domain/dti/scoring.js';

export type ReportSet = typeof dtiSets.$inferSelect;
export type ReportPeriod = typeof dtiPeriods.$inferSelect;

export interface ReportUnit {
  id: number;
  code: string;
  name: string;
  level: UnitLevel;
  /** Materialised path ("/1/4/9/"): callers filter a leader's subtree with it. */
  path: string;
}

export interface IndexColumn {
  code: string;
  name: string;
  maxPoints: number | null;
  /** At least one indicator of the index has a scoring rule and a maximum: its points are known. */
  scored: boolean;
}

export interface IndexScore {
  code: string;
  /** Points of approved values; null when no indicator of the index can be scored. */
  points: number | null;
  /** Points of approved and submitted (not yet reviewed) values: the estimate if every submission is approved. */
  estimatedPoints: number | null;
  maxPoints: number | null;
  /** Competition rank of `points` among peers; null when unscored. */
  rank: number | null;
}

export interface ReportCounts {
  /** Indicators the unit leads in the set: the reports expected from it. */
  expected: number;
  /** Values submitted or approved. */
  submitted: number;
  /** Of those, submitted by the end of the due day (23:59:59.999 Vietnamese time). */
  onTime: number;
  /** Of those, submitted after it. */
  late: number;
  approved: number;
  /** Values still in draft, and values returned for correction (both count as missing). */
  draft: number;
  returned: number;
  /** expected − submitted. */
  missing: number;
}

export interface CompletenessRow extends ReportCounts {
  unit: ReportUnit;
  /** submitted / expected, and onTime / expected (DHIS2's reporting rate and reporting rate on time). */
  rate: number;
  onTimeRate: number;
  indices: IndexScore[];
  total: number | null;
  estimatedTotal: number | null;
  maxTotal: number | null;
  /** Competition rank ("1224") of `total` among units of the same level; null when the set has no scores. */
  rank: number | null;
  /** Number of units of the same level that lead indicators of the set: the rank is "rank/peers". */
  peers: number;
}

export interface CompletenessTable {
  set: Pick<ReportSet, 'id' | 'code' | 'name' | 'year'>;
  period: ReportPeriod;
  /** The last instant of an on-time submission. */
  dueEnd: Date;
  indices: IndexColumn[];
  /** Sum of the indices' maxima; null when one of them is unknown. */
  maxTotal: number | null;
  /** Whether any indicator of the set can be scored. */
  scored: boolean;
  rows: CompletenessRow[];
  /** Sums of the counts over the rows returned. */
  totals: ReportCounts;
}

type CatalogIndicator = {
  id: number;
  indexId: number;
  code: string;
  name: string;
  valueType: DtiValueType;
  scoring: Record<string, unknown> | null;
  maxPoints: number | null;
};

const SUBMITTED: readonly DtiValueStatus[] = ['submitted', 'approved'];

/** The end of the due day in Vietnamese time: a submission at or before it is on time (isOnTime in reporting-periods.ts). */
export function dueEndOf(period: Pick<ReportPeriod, 'dueOn'>): Date {
  return endOfLocalDay(period.dueOn);
}

const isScorable = (i: Pick<CatalogIndicator, 'scoring' | 'maxPoints'>) => i.scoring !== null && i.maxPoints !== null;

/**
 * The period's values, read once through dti_values_period_unit_idx (a period's rows are few and close together)
 * and then hash-joined to the lead assignments. Materialised on purpose: inlined, the planner probes
 * dti_values_period_indicator_unit_uq once per assignment, which is 2–3 times slower on 27,000 assignments.
 */
const periodValues = (periodId: number, columns: SQL, where: SQL = sql``) =>
  sql`with v as materialized (select ${columns} from dti_values where period_id = ${periodId} ${where})`;

/**
 * Counts per unit that leads indicators of the set: one row per unit, one pass over its lead assignments joined
 * to its values of the period. Exported so the benchmark can EXPLAIN exactly what the API runs.
 */
export function completenessCountsQuery(setId: number, periodId: number, dueEnd: Date): SQL {
  const due = ts(dueEnd);
  return sql`${periodValues(periodId, sql`unit_id, indicator_id, status, submitted_at`)}
    select u.id as unit_id, u.code, u.name, u.level, u.path,
      count(*)::int as expected,
      count(*) filter (where v.status in ('submitted','approved'))::int as submitted,
      count(*) filter (where v.status in ('submitted','approved') and v.submitted_at <= ${due})::int as on_time,
      count(*) filter (where v.status in ('submitted','approved') and v.submitted_at > ${due})::int as late,
      count(*) filter (where v.status = 'approved')::int as approved,
      count(*) filter (where v.status = 'draft')::int as draft,
      count(*) filter (where v.status = 'returned')::int as returned
    from dti_assignments a
    join dti_indicators i on i.id = a.indicator_id
    join units u on u.id = a.unit_id
    left join v on v.indicator_id = a.indicator_id and v.unit_id = a.unit_id
    where i.set_id = ${setId} and a.role = 'lead'
    group by u.id`;
}

/**
 * Submitted and approved values of the period for the given indicators (those with a scoring rule and a maximum),
 * by their lead units. The ids come from the catalog already loaded: as a list they give the planner a good
 * estimate, so it hashes the assignments instead of probing them once per value.
 */
export function scoredValuesQuery(periodId: number, indicatorIds: readonly number[]): SQL {
  const ids = indicatorIds.length ? sql.join(indicatorIds.map((id) => sql`${id}`), sql`, `) : sql`null`;
  return sql`${periodValues(periodId, sql`unit_id, indicator_id, status, value`, sql`and status in ('submitted','approved') and indicator_id in (${ids})`)}
    select v.unit_id, v.indicator_id, v.status, v.value
    from v
    join dti_assignments a on a.indicator_id = v.indicator_id and a.unit_id = v.unit_id and a.role = 'lead'`;
}

type CountsRow = Record<'unit_id' | 'code' | 'name' | 'level' | 'path' | 'expected' | 'submitted' | 'on_time' | 'late' | 'approved' | 'draft' | 'returned', unknown>;
type ScoredRow = Record<'unit_id' | 'indicator_id' | 'status' | 'value', unknown>;

/** jsonb arrives parsed from postgres.js and PGlite alike; a string would be a driver configured otherwise. */
const json = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);

async function loadSetAndPeriod(db: DbOrTx, setId: number, periodId: number) {
  const [[set], [period]] = await Promise.all([
    db.select({ id: dtiSets.id, code: dtiSets.code, name: dtiSets.name, year: dtiSets.year }).from(dtiSets).where(eq(dtiSets.id, setId)),
    db.select().from(dtiPeriods).where(and(eq(dtiPeriods.id, periodId), eq(dtiPeriods.setId, setId))),
  ]);
  if (!set) throw new RangeError(`no indicator set ${setId}`);
  if (!period) throw new RangeError(`no period ${periodId} in set ${setId}`);
  return { set, period };
}

async function loadCatalog(db: DbOrTx, setId: number) {
  const [indices, indicators] = await Promise.all([
    db
      .select({ id: dtiIndices.id, code: dtiIndices.code, name: dtiIndices.name, maxPoints: dtiIndices.maxPoints })
      .from(dtiIndices)
      .where(eq(dtiIndices.setId, setId))
      .orderBy(asc(dtiIndices.sort), asc(dtiIndices.id)),
    db
      .select({
        id: dtiIndicators.id,
        indexId: dtiIndicators.indexId,
        code: dtiIndicators.code,
        name: dtiIndicators.name,
        valueType: dtiIndicators.valueType,
        scoring: dtiIndicators.scoring,
        maxPoints: dtiIndicators.maxPoints,
      })
      .from(dtiIndicators)
      .where(eq(dtiIndicators.setId, setId)),
  ]);
  return { indices, indicators: indicators as CatalogIndicator[] };
}

const emptyCounts = (): ReportCounts => ({ expected: 0, submitted: 0, onTime: 0, late: 0, approved: 0, draft: 0, returned: 0, missing: 0 });

function addCounts(into: ReportCounts, c: ReportCounts) {
  for (const k of Object.keys(into) as (keyof ReportCounts)[]) into[k] += c[k];
}

/** Competition ranks of units by a score, within each level. */
function ranksByLevel(entries: { unit: ReportUnit; score: number }[]): Map<number, number> {
  const out = new Map<number, number>();
  const byLevel = new Map<UnitLevel, { unit: ReportUnit; score: number }[]>();
  for (const e of entries) {
    const group = byLevel.get(e.unit.level);
    if (group) group.push(e);
    else byLevel.set(e.unit.level, [e]);
  }
  for (const group of byLevel.values()) {
    const idByCode = new Map(group.map((e) => [e.unit.code, e.unit.id]));
    for (const r of rankUnits(group.map((e) => ({ unitCode: e.unit.code, total: e.score })))) out.set(idByCode.get(r.unitCode)!, r.rank);
  }
  return out;
}

/**
 * The completeness and score table of a period: one row per unit that leads indicators of the set.
 * Ranks are always among every peer in the set, so `unitIds` (a leader's subtree) only filters the rows returned.
 * Rows are ordered by level, then rank, then unit code.
 */
export async function completenessTable(
  db: DbOrTx,
  setId: number,
  periodId: number,
  opts: { unitIds?: readonly number[] } = {},
): Promise<CompletenessTable> {
  const [{ set, period }, { indices, indicators }] = await Promise.all([loadSetAndPeriod(db, setId, periodId), loadCatalog(db, setId)]);
  const dueEnd = dueEndOf(period);
  const scorable = indicators.filter(isScorable);
  const scored = scorable.length > 0;
  const [countRows, valueRows] = await Promise.all([
    db.execute(completenessCountsQuery(setId, periodId, dueEnd)).then((r) => rowsOf<CountsRow>(r)),
    scored ? db.execute(scoredValuesQuery(periodId, scorable.map((i) => i.id))).then((r) => rowsOf<ScoredRow>(r)) : Promise.resolve([] as ScoredRow[]),
  ]);

  const scoredIndexIds = new Set(scorable.map((i) => i.indexId));
  const indexPos = new Map(indices.map((x, k) => [x.id, k]));
  const indicatorById = new Map(indicators.map((i) => [i.id, i]));

  // Points per unit and main index: [approved, approved + submitted].
  const points = new Map<number, { approved: number[]; estimated: number[] }>();
  for (const v of valueRows) {
    const ind = indicatorById.get(Number(v.indicator_id));
    if (!ind) continue;
    const p = scoreIndicator(ind.scoring as unknown as ScoringRule, json(v.value) as IndicatorValue, ind.maxPoints);
    if (p === null) continue;
    const unitId = Number(v.unit_id);
    let acc = points.get(unitId);
    if (!acc) points.set(unitId, (acc = { approved: indices.map(() => 0), estimated: indices.map(() => 0) }));
    const k = indexPos.get(ind.indexId)!;
    acc.estimated[k]! += p;
    if (v.status === 'approved') acc.approved[k]! += p;
  }

  const maxTotal = indices.length && indices.every((x) => x.maxPoints !== null) ? indices.reduce((s, x) => s + x.maxPoints!, 0) : null;
  const units: ReportUnit[] = countRows.map((r) => ({
    id: Number(r.unit_id),
    code: String(r.code),
    name: String(r.name),
    level: String(r.level) as UnitLevel,
    path: String(r.path),
  }));
  const unitPoints = (u: ReportUnit, k: number, kind: 'approved' | 'estimated') => points.get(u.id)?.[kind][k] ?? 0;
  const totalOf = (u: ReportUnit, kind: 'approved' | 'estimated') =>
    indices.reduce((s, x, k) => (scoredIndexIds.has(x.id) ? s + unitPoints(u, k, kind) : s), 0);

  const totalRanks = scored ? ranksByLevel(units.map((u) => ({ unit: u, score: totalOf(u, 'approved') }))) : new Map<number, number>();
  const indexRanks = indices.map((x, k) =>
    scoredIndexIds.has(x.id) ? ranksByLevel(units.map((u) => ({ unit: u, score: unitPoints(u, k, 'approved') }))) : null,
  );
  const peers = new Map<UnitLevel, number>();
  for (const u of units) peers.set(u.level, (peers.get(u.level) ?? 0) + 1);

  const wanted = opts.unitIds ? new Set(opts.unitIds) : null;
  const rows: CompletenessRow[] = [];
  const totals = emptyCounts();
  countRows.forEach((r, n) => {
    const unit = units[n]!;
    if (wanted && !wanted.has(unit.id)) return;
    const expected = Number(r.expected);
    const submitted = Number(r.submitted);
    const counts: ReportCounts = {
      expected,
      submitted,
      onTime: Number(r.on_time),
      late: Number(r.late),
      approved: Number(r.approved),
      draft: Number(r.draft),
      returned: Number(r.returned),
      missing: expected - submitted,
    };
    addCounts(totals, counts);
    rows.push({
      unit,
      ...counts,
      rate: expected ? submitted / expected : 0,
      onTimeRate: expected ? counts.onTime / expected : 0,
      indices: indices.map((x, k) => {
        const known = scoredIndexIds.has(x.id);
        return {
          code: x.code,
          points: known ? unitPoints(unit, k, 'approved') : null,
          estimatedPoints: known ? unitPoints(unit, k, 'estimated') : null,
          maxPoints: x.maxPoints,
          rank: indexRanks[k]?.get(unit.id) ?? null,
        };
      }),
      total: scored ? totalOf(unit, 'approved') : null,
      estimatedTotal: scored ? totalOf(unit, 'estimated') : null,
      maxTotal,
      rank: totalRanks.get(unit.id) ?? null,
      peers: peers.get(unit.level)!,
    });
  });
  const levelOrder = (l: UnitLevel) => UNIT_LEVELS.indexOf(l);
  rows.sort(
    (a, b) =>
      levelOrder(a.unit.level) - levelOrder(b.unit.level) ||
      (a.rank ?? Infinity) - (b.rank ?? Infinity) ||
      (a.unit.code < b.unit.code ? -1 : a.unit.code > b.unit.code ? 1 : 0),
  );

  return {
    set,
    period,
    dueEnd,
    indices: indices.map((x) => ({ code: x.code, name: x.name, maxPoints: x.maxPoints, scored: scoredIndexIds.has(x.id) })),
    maxTotal,
    scored,
    rows,
    totals,
  };
}

// ——— Missing and late reports (for the alerts issue) ———

export type MissingState = 'missing' | 'late' | 'draft' | 'returned';

export interface MissingItem {
  unitId: number;
  unitCode: string;
  unitName: string;
  unitPath: string;
  indicatorCode: string;
  indicatorName: string;
  /** missing: no value at all; draft / returned: entered or sent back but not submitted; late: submitted after the due day. */
  state: MissingState;
  dueOn: string;
  /** The last day of the grace period: values lock after it unless an admin reopens the period. */
  graceUntil: string;
  /** When a late item was submitted. */
  submittedAt: Date | null;
}

export function missingAndLateQuery(setId: number, periodId: number, dueEnd: Date): SQL {
  const due = ts(dueEnd);
  return sql`${periodValues(periodId, sql`id, unit_id, indicator_id, status, submitted_at`)}
    select u.id as unit_id, u.code as unit_code, u.name as unit_name, u.path as unit_path,
      i.code as indicator_code, i.name as indicator_name,
      case when v.id is null then 'missing' when v.status in ('draft','returned') then v.status else 'late' end as state,
      (extract(epoch from v.submitted_at) * 1000)::float8 as submitted_ms
    from dti_assignments a
    join dti_indicators i on i.id = a.indicator_id
    join dti_indices x on x.id = i.index_id
    join units u on u.id = a.unit_id
    left join v on v.indicator_id = a.indicator_id and v.unit_id = a.unit_id
    where i.set_id = ${setId} and a.role = 'lead'
      and (v.id is null or v.status in ('draft','returned') or (v.status in ('submitted','approved') and v.submitted_at > ${due}))
    order by u.code, x.sort, i.sort, i.code`;
}

/**
 * Every lead assignment of the set whose report for the period is not in on time: never entered, still a draft,
 * returned for correction, or submitted after the due day. Ordered by unit code, then catalog order.
 */
export async function missingAndLate(
  db: DbOrTx,
  setId: number,
  periodId: number,
  opts: { unitIds?: readonly number[] } = {},
): Promise<MissingItem[]> {
  const { period } = await loadSetAndPeriod(db, setId, periodId);
  const rows = rowsOf<Record<string, unknown>>(await db.execute(missingAndLateQuery(setId, periodId, dueEndOf(period))));
  const wanted = opts.unitIds ? new Set(opts.unitIds) : null;
  const graceUntil = addDays(period.dueOn, period.graceDays);
  const out: MissingItem[] = [];
  for (const r of rows) {
    const unitId = Number(r.unit_id);
    if (wanted && !wanted.has(unitId)) continue;
    out.push({
      unitId,
      unitCode: String(r.unit_code),
      unitName: String(r.unit_name),
      unitPath: String(r.unit_path),
      indicatorCode: String(r.indicator_code),
      indicatorName: String(r.indicator_name),
      state: String(r.state) as MissingState,
      dueOn: period.dueOn,
      graceUntil,
      submittedAt: r.state === 'late' && r.submitted_ms !== null ? new Date(Number(r.submitted_ms)) : null,
    });
  }
  return out;
}

// ——— One unit's report for a period ———

export interface UnitReportLine {
  index: { code: string; name: string; maxPoints: number | null };
  indicator: { code: string; name: string; valueType: DtiValueType; unitOfMeasure: string | null; maxPoints: number | null; scorable: boolean };
  role: 'lead' | 'coordinating';
  /** 'missing' when the unit entered nothing. */
  status: DtiValueStatus | 'missing';
  value: Record<string, unknown> | null;
  comment: string | null;
  citation: { number?: string; date?: string; issuer?: string; title?: string } | null;
  submittedAt: Date | null;
  /** For submitted and approved values of lead assignments. */
  timeliness: 'on_time' | 'late' | null;
  reviewComment: string | null;
  evidenceCount: number;
  /** Estimated points of a lead unit's submitted or approved value; null when it cannot be scored. */
  points: number | null;
  /** The points come from a submission not yet approved. */
  estimated: boolean;
}

/** Every indicator assigned to the unit (lead or coordinating) with the unit's own value for the period, in catalog order. */
export async function unitReport(db: DbOrTx, setId: number, periodId: number, unitId: number): Promise<UnitReportLine[]> {
  const { period } = await loadSetAndPeriod(db, setId, periodId);
  const dueEnd = dueEndOf(period);
  const evidenceCount = sql<number>`(select count(*)::int from ${dtiEvidence} where ${dtiEvidence.valueId} = ${dtiValues.id})`;
  const rows = await db
    .select({
      index: { code: dtiIndices.code, name: dtiIndices.name, maxPoints: dtiIndices.maxPoints },
      indicator: {
        code: dtiIndicators.code,
        name: dtiIndicators.name,
        valueType: dtiIndicators.valueType,
        unitOfMeasure: dtiIndicators.unitOfMeasure,
        maxPoints: dtiIndicators.maxPoints,
        scoring: dtiIndicators.scoring,
      },
      role: dtiAssignments.role,
      value: {
        id: dtiValues.id,
        status: dtiValues.status,
        value: dtiValues.value,
        comment: dtiValues.comment,
        citation: dtiValues.citation,
        submittedAt: dtiValues.submittedAt,
        reviewComment: dtiValues.reviewComment,
      },
      evidenceCount,
    })
    .from(dtiAssignments)
    .innerJoin(dtiIndicators, eq(dtiIndicators.id, dtiAssignments.indicatorId))
    .innerJoin(dtiIndices, eq(dtiIndices.id, dtiIndicators.indexId))
    .leftJoin(
      dtiValues,
      and(eq(dtiValues.periodId, periodId), eq(dtiValues.indicatorId, dtiAssignments.indicatorId), eq(dtiValues.unitId, dtiAssignments.unitId)),
    )
    .where(and(eq(dtiAssignments.unitId, unitId), eq(dtiIndicators.setId, setId)))
    .orderBy(asc(dtiIndices.sort), asc(dtiIndicators.sort), asc(dtiIndicators.code));
  return rows.map((r) => {
    const v = r.value?.id != null ? r.value : null;
    const submitted = v !== null && SUBMITTED.includes(v.status) && r.role === 'lead';
    const points =
      submitted && v.value ? scoreIndicator(r.indicator.scoring as unknown as ScoringRule | null, v.value as unknown as IndicatorValue, r.indicator.maxPoints) : null;
    return {
      index: r.index,
      indicator: {
        code: r.indicator.code,
        name: r.indicator.name,
        valueType: r.indicator.valueType,
        unitOfMeasure: r.indicator.unitOfMeasure,
        maxPoints: r.indicator.maxPoints,
        scorable: isScorable(r.indicator),
      },
      role: r.role,
      status: v?.status ?? 'missing',
      value: v?.value ?? null,
      comment: v?.comment ?? null,
      citation: v?.citation ?? null,
      submittedAt: v?.submittedAt ?? null,
      timeliness: submitted && v.submittedAt ? (v.submittedAt.getTime() <= dueEnd.getTime() ? 'on_time' : 'late') : null,
      reviewComment: v?.reviewComment ?? null,
      evidenceCount: v ? Number(r.evidenceCount) : 0,
      points,
      estimated: points !== null && v?.status === 'submitted',
    };
  });
}

export interface EvidenceEntry {
  indicatorCode: string;
  fileName: string;
  mimeType: string;
  size: number;
  sha256: string;
  createdAt: Date;
}

/** The evidence files of a unit's values for the period, in catalog order, then upload order. */
export async function unitEvidence(db: DbOrTx, setId: number, periodId: number, unitId: number): Promise<EvidenceEntry[]> {
  return db
    .select({
      indicatorCode: dtiIndicators.code,
      fileName: dtiEvidence.fileName,
      mimeType: dtiEvidence.mimeType,
      size: dtiEvidence.size,
      sha256: dtiEvidence.sha256,
      createdAt: dtiEvidence.createdAt,
    })
    .from(dtiEvidence)
    .innerJoin(dtiValues, eq(dtiValues.id, dtiEvidence.valueId))
    .innerJoin(dtiIndicators, eq(dtiIndicators.id, dtiValues.indicatorId))
    .innerJoin(dtiIndices, eq(dtiIndices.id, dtiIndicators.indexId))
    .where(and(eq(dtiValues.periodId, periodId), eq(dtiValues.unitId, unitId), eq(dtiIndicators.setId, setId)))
    .orderBy(asc(dtiIndices.sort), asc(dtiIndicators.sort), asc(dtiIndicators.code), asc(dtiEvidence.id));
}
