// Benchmark of the DTI completeness and score table on PostgreSQL:
// 300 units × 90 indicators (8 main indices) × 12 quarters = 324,000 values.
//
//   npm run bench:dti [-- --reseed] [-- --smoke]
//
// BENCH_DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/test). The benchmark works in its
// own database `pakn_bench_dti` on that server, created when missing and recreated with --reseed (or when an earlier
// seeding was interrupted), so test data is never touched. It times the repository functions the API runs.
// --smoke (or BENCH_SCALE=smoke): 12 units × 90 indicators × the 4 quarters of 2025 and 1 warm-up + 3 timed runs,
// in `pakn_bench_dti_smoke` (see benchDbName).
import { performance } from 'node:perf_hooks';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { type Db, openDb, rowsOf } from '../db/open-db.js';
import { dtiIndicators, dtiIndices, dtiPeriods, dtiSets } from '../db/schema.js';
import { seedReferenceData } from '../db/seed.js';
import type { ScoringRule, ValueType } from '../bot-server/src/domain/dti/scoring.js';
import {
  completenessCountsQuery,
  completenessTable,
  dueEndOf,
  missingAndLate,
  scoredValuesQuery,
} from '../bot-server/src/features/dti/dti-report-repository.js';
import { completenessWorkbook } from '../bot-server/src/features/dti/dti-report-routes.js';
import { benchDbName, benchScale, benchServerUrl, prepareDatabase, scalar, stats, withDatabase } from './bench-support.js';

const SCALE = benchScale();
const SMOKE = SCALE === 'smoke';
const BENCH_DB = benchDbName('pakn_bench_dti', SCALE);
const SET_CODE = 'BENCH-DTI';
const UNITS = SMOKE ? 12 : 300;
const YEARS = SMOKE ? [2025] : [2024, 2025, 2026];
const QUARTERS = YEARS.length * 4;
/** Main indices with seed 003's maxima (less the web portal index): 8 indices, 600 points. */
const INDICES: { name: string; max: number; size: number }[] = [
  { name: 'Nhận thức số', max: 60, size: 12 },
  { name: 'Thể chế số', max: 30, size: 11 },
  { name: 'Hạ tầng số', max: 60, size: 11 },
  { name: 'Nhân lực số', max: 65, size: 11 },
  { name: 'An toàn thông tin mạng', max: 45, size: 11 },
  { name: 'Hoạt động chính quyền số', max: 150, size: 12 },
  { name: 'Hoạt động kinh tế số', max: 100, size: 11 },
  { name: 'Hoạt động xã hội số', max: 90, size: 11 },
];
const INDICATORS = INDICES.reduce((s, x) => s + x.size, 0);
const VALUES = UNITS * INDICATORS * QUARTERS;
const TIMED_PERIOD = '2025-Q3';
const WARMUP_RUNS = SMOKE ? 1 : 3;
const RUNS = SMOKE ? 3 : 10;

const serverUrl = benchServerUrl();
const reseed = process.argv.includes('--reseed');


/** The four value types and rules of the benchmark set, in turn; tiers give a quarter, half or all of the maximum. */
function indicatorKind(n: number, max: number): { valueType: ValueType; scoring: ScoringRule } {
  switch (n % 4) {
    case 0:
      return { valueType: 'boolean', scoring: { kind: 'boolean' } };
    case 1:
      return { valueType: 'ratio', scoring: { kind: 'ratio_times_max', target: 0.9 } };
    case 2:
      return { valueType: 'count', scoring: { kind: 'tiers', tiers: [{ min: 1, points: max / 4 }, { min: 2, points: max / 2 }, { min: 4, points: max }] } };
    default:
      return { valueType: 'percentage', scoring: { kind: 'full_half_zero', full: 80, half: 50 } };
  }
}

async function seed(db: Db): Promise<void> {
  const started = performance.now();
  await db.execute(sql`
    insert into units (code, name, level, parent_id, path)
    select 'BENCH-XA-' || lpad(g::text, 3, '0'), 'Xã thử tải số ' || g, 'commune', r.id, '/'
    from generate_series(1, ${UNITS}) g cross join (select id from units where code = 'TINH') r`);
  await db.execute(sql`
    update units u set path = p.path || u.id || '/' from units p
    where p.id = u.parent_id and u.code like 'BENCH-XA-%'`);

  const [set] = await db
    .insert(dtiSets)
    .values({ code: SET_CODE, name: `Bộ chỉ số thử tải (${UNITS} xã × ${INDICATORS} chỉ số)`, province: 'Thử nghiệm', year: YEARS[0]!, level: 'commune', source: 'bench' })
    .returning();
  let n = 0;
  for (const [k, ix] of INDICES.entries()) {
    const [index] = await db
      .insert(dtiIndices)
      .values({ setId: set!.id, code: String(k + 1), name: ix.name, maxPoints: ix.max, sort: k })
      .returning();
    const each = ix.max / ix.size;
    await db.insert(dtiIndicators).values(
      Array.from({ length: ix.size }, (_, j) => {
        const { valueType, scoring } = indicatorKind(n++, each);
        return {
          setId: set!.id,
          indexId: index!.id,
          code: `${k + 1}.${j + 1}`,
          name: `Chỉ số thành phần ${k + 1}.${j + 1}`,
          valueType,
          evidenceRequired: false,
          scoring: scoring as unknown as Record<string, unknown>,
          maxPoints: each,
          sort: j,
        };
      }),
    );
  }
  await db.execute(sql`
    insert into dti_assignments (indicator_id, unit_id, role)
    select i.id, u.id, 'lead' from dti_indicators i cross join units u
    where i.set_id = ${set!.id} and u.code like 'BENCH-XA-%'`);
  await db.insert(dtiPeriods).values(
    YEARS.flatMap((year) =>
      [1, 2, 3, 4].map((q) => {
        const last = q * 3;
        const mm = String(last).padStart(2, '0');
        return {
          setId: set!.id,
          code: `${year}-Q${q}`,
          kind: 'quarter' as const,
          startsOn: `${year}-${String(last - 2).padStart(2, '0')}-01`,
          endsOn: `${year}-${mm}-${new Date(Date.UTC(year, last, 0)).getUTCDate()}`,
          dueOn: `${year}-${mm}-19`,
        };
      }),
    ),
  );
  const periods = await db.select().from(dtiPeriods).where(eq(dtiPeriods.setId, set!.id));
  // One INSERT … SELECT per quarter, as values arrive quarter by quarter. Statuses: 60 % approved, 15 % submitted,
  // 10 % returned, 15 % draft; submission times from 9.6 days before to 2.4 days after the end of the due day
  // (about 80 % on time).
  for (const p of periods) {
    await db.execute(sql`
      insert into dti_values (period_id, indicator_id, unit_id, status, value, submitted_at, updated_at)
      select p.id, a.indicator_id, a.unit_id, s.status,
             case i.value_type
               when 'boolean' then jsonb_build_object('type', 'boolean', 'value', r.x < 0.7)
               when 'ratio' then jsonb_build_object('type', 'ratio', 'numerator', floor(r.x * 200)::int, 'denominator', 200)
               when 'count' then jsonb_build_object('type', 'count', 'value', floor(r.x * 5)::int)
               else jsonb_build_object('type', 'percentage', 'value', round((r.x * 100)::numeric, 1))
             end,
             case when s.status <> 'draft' then t.due_end + (r.d - 0.8) * interval '12 days' end,
             t.due_end - interval '20 days'
      from dti_periods p
      join dti_indicators i on i.set_id = p.set_id
      join dti_assignments a on a.indicator_id = i.id
      cross join lateral (select random() x, random() st, random() d, a.unit_id dep) r
      cross join lateral (select case when r.st < 0.60 then 'approved' when r.st < 0.75 then 'submitted'
                                      when r.st < 0.85 then 'returned' else 'draft' end status) s
      cross join lateral (select ((p.due_on + 1)::timestamp at time zone 'Asia/Ho_Chi_Minh') - interval '1 millisecond' due_end) t
      where p.id = ${p.id}`);
  }
  console.log(
    `seeded ${UNITS} units, ${INDICATORS} indicators in ${INDICES.length} indices, ${(UNITS * INDICATORS).toLocaleString('en')} assignments, ` +
      `${QUARTERS} quarters, ${VALUES.toLocaleString('en')} values in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const t0 = performance.now();
  await db.execute(sql`vacuum analyze units, dti_sets, dti_indices, dti_indicators, dti_assignments, dti_periods, dti_values`);
  console.log(`vacuum analyze in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

async function isSeeded(db: Db): Promise<boolean> {
  const n = await scalar<number | string>(
    db,
    sql`select count(*) from dti_values v join dti_periods p on p.id = v.period_id join dti_sets s on s.id = p.set_id where s.code = ${SET_CODE}`,
  );
  return Number(n) === VALUES;
}


async function time<T>(label: string, run: () => Promise<T>): Promise<T> {
  for (let i = 0; i < WARMUP_RUNS; i++) await run();
  const times: number[] = [];
  let result: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    result = await run();
    times.push(performance.now() - t0);
  }
  const { min, median, p95 } = stats(times);
  console.log(`${label.padEnd(44)} min ${min.toFixed(1).padStart(6)} ms  median ${median.toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms`);
  return result!;
}

async function explain(db: Db, label: string, query: ReturnType<typeof sql>) {
  const plan = rowsOf<{ 'QUERY PLAN': string }>(await db.execute(sql`explain (analyze, buffers) ${query}`)).map((r) => r['QUERY PLAN']);
  console.log(`  EXPLAIN ${label}:`);
  const summary = plan.filter((l) => /CTE|Scan|Join|Loop|Aggregate|Sort |Gather|Workers|Cond|Planning Time|Execution Time/.test(l));
  for (const line of summary) console.log(`    ${line}`);
}

async function printSizes(db: Db): Promise<void> {
  const tables = rowsOf<{ name: string; rows: string; total: string; heap: string }>(
    await db.execute(sql`select c.relname name, c.reltuples::bigint::text rows,
                                pg_size_pretty(pg_total_relation_size(c.oid)) total, pg_size_pretty(pg_relation_size(c.oid)) heap
                         from pg_class c where c.relname in ('dti_values', 'dti_assignments', 'dti_indicators', 'units')
                         order by pg_total_relation_size(c.oid) desc`),
  );
  for (const t of tables) console.log(`${t.name.padEnd(18)} ~${t.rows.padStart(7)} rows  total ${t.total.padStart(8)} (heap ${t.heap})`);
  const indexes = rowsOf<{ tbl: string; name: string; size: string }>(
    await db.execute(sql`select relname tbl, indexrelname name, pg_size_pretty(pg_relation_size(indexrelid)) size
                         from pg_stat_user_indexes where relname in ('dti_values', 'dti_assignments')
                         order by relname, pg_relation_size(indexrelid) desc`),
  );
  for (const i of indexes) console.log(`  ${i.tbl.padEnd(16)} ${i.name.padEnd(38)} ${i.size}`);
}

async function main(): Promise<void> {
  await prepareDatabase(serverUrl, BENCH_DB, { recreate: reseed });
  let opened = await openDb({ databaseUrl: withDatabase(serverUrl, BENCH_DB), maxConnections: 4 });
  try {
    await seedReferenceData(opened.db);
    if (!(await isSeeded(opened.db))) {
      const [any] = await opened.db.select({ id: dtiSets.id }).from(dtiSets).where(eq(dtiSets.code, SET_CODE));
      if (any) {
        // An interrupted seeding: start from an empty database.
        await opened.close();
        await prepareDatabase(serverUrl, BENCH_DB, { recreate: true });
        opened = await openDb({ databaseUrl: withDatabase(serverUrl, BENCH_DB), maxConnections: 4 });
        await seedReferenceData(opened.db);
      }
      await seed(opened.db);
    } else {
      console.log(`${BENCH_DB} already holds ${VALUES.toLocaleString('en')} values (use --reseed to rebuild)`);
      await opened.db.execute(sql`vacuum analyze dti_values, dti_assignments`);
    }
    const db = opened.db;
    const version = await scalar<string>(db, sql`select current_setting('server_version')`);
    const workers = await scalar<string>(db, sql`select current_setting('max_parallel_workers_per_gather')`);
    console.log(
      `PostgreSQL ${version}, max_parallel_workers_per_gather=${workers}, ${WARMUP_RUNS} warm-up + ${RUNS} timed runs each` +
        `${SMOKE ? `; smoke scale (${VALUES.toLocaleString('en')} values): the figures only show that the benchmark runs` : ''}\n`,
    );

    const [set] = await db.select().from(dtiSets).where(eq(dtiSets.code, SET_CODE));
    const [period] = await db.select().from(dtiPeriods).where(and(eq(dtiPeriods.setId, set!.id), eq(dtiPeriods.code, TIMED_PERIOD)));
    const table = await time(`completenessTable ${TIMED_PERIOD} (${UNITS} units)`, () => completenessTable(db, set!.id, period!.id));
    const items = await time(`missingAndLate ${TIMED_PERIOD}`, () => missingAndLate(db, set!.id, period!.id));
    await time(`completeness .xlsx workbook (from the table)`, () => completenessWorkbook(table, 'Phạm vi: toàn bộ các đơn vị', new Date()));

    const t = table.totals;
    console.log(
      `\n${TIMED_PERIOD}: ${table.rows.length} rows; expected ${t.expected.toLocaleString('en')}, submitted ${t.submitted.toLocaleString('en')} ` +
        `(on time ${t.onTime.toLocaleString('en')}, late ${t.late.toLocaleString('en')}), approved ${t.approved.toLocaleString('en')}, ` +
        `missing ${t.missing.toLocaleString('en')}; missing-and-late list ${items.length.toLocaleString('en')} items`,
    );
    const top = table.rows[0]!;
    console.log(
      `first row: ${top.unit.code} total ${top.total?.toFixed(2)}/${table.maxTotal} (estimated ${top.estimatedTotal?.toFixed(2)}), rank ${top.rank}/${top.peers}; ` +
        `last: ${table.rows.at(-1)!.unit.code} ${table.rows.at(-1)!.total?.toFixed(2)}, rank ${table.rows.at(-1)!.rank}\n`,
    );
    await explain(db, 'counts', completenessCountsQuery(set!.id, period!.id, dueEndOf(period!)));
    const scorable = await db
      .select({ id: dtiIndicators.id })
      .from(dtiIndicators)
      .where(and(eq(dtiIndicators.setId, set!.id), isNotNull(dtiIndicators.scoring), isNotNull(dtiIndicators.maxPoints)));
    await explain(db, 'scored values', scoredValuesQuery(period!.id, scorable.map((i) => i.id)));
    console.log('');
    await printSizes(db);
  } finally {
    await opened.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
