// Benchmark of the feedback indicator report on PostgreSQL with 1,000,000 feedback rows.
//
//   npm run bench:indicators [-- --reseed] [-- --smoke]
//
// BENCH_DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/test). The benchmark always
// works in its own database `pakn_bench` on that server, created if missing, so test data is never touched.
// --smoke (or BENCH_SCALE=smoke): 2,000 rows and 1 warm-up + 3 timed runs, in `pakn_bench_smoke` (see benchDbName).
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { type Db, openDb, rowsOf } from '../db/open-db.js';
import { seedReferenceData } from '../db/seed.js';
import {
  feedbackIndicatorQuery,
  feedbackIndicatorReport,
  findIndicatorUnit,
  type IndicatorUnit,
} from '../bot-server/src/features/indicators/indicator-repository.js';
import { benchDbName, benchScale, benchServerUrl, prepareDatabase, scalar, stats, truncateFeedback, withDatabase } from './bench-support.js';

const SCALE = benchScale();
const SMOKE = SCALE === 'smoke';
const BENCH_DB = benchDbName('pakn_bench', SCALE);
const ROWS = SMOKE ? 2_000 : 1_000_000;
const WARMUP_RUNS = SMOKE ? 1 : 3;
const RUNS = SMOKE ? 3 : 10;

const serverUrl = benchServerUrl();
const reseed = process.argv.includes('--reseed');


/**
 * ROWS (1e6) rows over 2024-01-01..2026-12-31 (1,096 days), every channel and unit, in one INSERT … SELECT.
 * Mix: 5 % paused (no due time), 80 % answered (85 % of them on time), the rest open;
 * 45 % of answered items rated, skewed towards 4–5.
 */
async function seedFeedback(db: Db): Promise<void> {
  const started = performance.now();
  await truncateFeedback(db);
  await db.execute(sql`
    insert into feedback (code, channel, unit_id, status, content, received_at, received_date,
                          policy_unit, policy_amount, clock_started_at, due_at, answered_at, rating)
    select 'PB-' || lpad(g::text, 7, '0'),
           (array['dvc_portal','mobile_app','zalo_oa','zalo_mini_app','email','other'])[1 + floor(r.c * 6)::int],
           uid.ids[1 + floor(r.u * array_length(uid.ids, 1))::int],
           case when r.a < 0.80 then 'answered' when r.a < 0.85 then 'needs_info' else 'in_progress' end,
           'Phản ánh mẫu số ' || g || ': mặt đường hư hỏng, đề nghị cơ quan chức năng kiểm tra và khắc phục sớm.',
           t.received_at, t.received_date, 'working_days', 15, t.received_at,
           case when r.a >= 0.80 and r.a < 0.85 then null else t.due_at end,
           case when r.a < 0.80 then
             case when r.l < 0.85 then t.received_at + r.h * (t.due_at - t.received_at)
                  else t.due_at + r.h * interval '10 days' end
           end,
           case when r.a < 0.80 and r.s < 0.45 then
             (array[1,2,3,4,4,5,5,5])[1 + floor(r.v * 8)::int]
           end
    from generate_series(1, ${ROWS}) g
    cross join (select array_agg(id order by id) ids from units) uid
    cross join lateral (select random() c, random() u, random() a, random() l, random() h, random() s, random() v,
                               floor(random() * 1096)::int d, random() tod, g as dep) r
    cross join lateral (
      select ('2024-01-01'::date + r.d) received_date,
             (('2024-01-01'::date + r.d)::timestamp + interval '7 hours' + r.tod * interval '10 hours')
               at time zone 'Asia/Ho_Chi_Minh' received_at,
             (('2024-01-01'::date + r.d + 21)::timestamp + interval '1 day' - interval '1 millisecond')
               at time zone 'Asia/Ho_Chi_Minh' due_at
    ) t`);
  console.log(`seeded ${ROWS.toLocaleString('en')} feedback rows in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}


async function timeReport(db: Db, label: string, from: string, to: string, unit: IndicatorUnit | null, asOf: Date) {
  const run = () => feedbackIndicatorReport(db, { from, to, asOf, unit });
  for (let i = 0; i < WARMUP_RUNS; i++) await run();
  const times: number[] = [];
  let report: Awaited<ReturnType<typeof run>> | undefined;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    report = await run();
    times.push(performance.now() - t0);
  }
  const { min, median, p95 } = stats(times);
  const all = report!.onTime.find((g) => g.code === 'all')!;
  console.log(
    `${label.padEnd(34)} cohort ${String(all.total).padStart(7)}  ` +
      `min ${min.toFixed(1).padStart(6)} ms  median ${median.toFixed(1).padStart(6)} ms  p95 ${p95.toFixed(1).padStart(6)} ms`,
  );

  const plan = rowsOf<{ 'QUERY PLAN': string }>(
    await db.execute(sql`explain (analyze, buffers) ${feedbackIndicatorQuery({ from, to, asOf, unitPath: unit?.path ?? null })}`),
  ).map((r) => r['QUERY PLAN']);
  const summary = plan.filter((l) =>
    /Scan|Aggregate|Gather|Workers|Heap Fetches|Buffers|InitPlan|Index Cond|Filter|Planning Time|Execution Time/.test(l),
  );
  for (const line of summary) console.log(`    ${line}`);
  if (!plan.some((l) => /Index Only Scan using feedback_indicator_idx/.test(l))) {
    console.log('    WARNING: the plan does not use an index-only scan of feedback_indicator_idx');
  }
}

async function printSizes(db: Db): Promise<void> {
  const [table] = rowsOf<{ total: string; heap: string }>(
    await db.execute(sql`select pg_size_pretty(pg_total_relation_size('feedback')) total,
                                pg_size_pretty(pg_relation_size('feedback')) heap`),
  );
  console.log(`feedback: total ${table!.total} (heap ${table!.heap})`);
  const indexes = rowsOf<{ name: string; size: string }>(
    await db.execute(sql`select indexrelname name, pg_size_pretty(pg_relation_size(indexrelid)) size
                         from pg_stat_user_indexes where relname = 'feedback'
                         order by pg_relation_size(indexrelid) desc`),
  );
  for (const i of indexes) console.log(`  ${i.name.padEnd(32)} ${i.size}`);
}

async function main(): Promise<void> {
  await prepareDatabase(serverUrl, BENCH_DB);
  const { db, close } = await openDb({ databaseUrl: withDatabase(serverUrl, BENCH_DB), maxConnections: 2 });
  try {
    await seedReferenceData(db);
    const count = Number(await scalar<number | string>(db, sql`select count(*) from feedback`));
    if (reseed || count !== ROWS) {
      await seedFeedback(db);
      const t0 = performance.now();
      await db.execute(sql`vacuum analyze feedback`);
      console.log(`vacuum analyze in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } else {
      console.log(`feedback already holds ${count.toLocaleString('en')} rows (use --reseed to rebuild)`);
      await db.execute(sql`vacuum analyze feedback`); // cheap when nothing changed; keeps index-only scans index-only
    }
    const version = await scalar<string>(db, sql`select current_setting('server_version')`);
    const workers = await scalar<string>(db, sql`select current_setting('max_parallel_workers_per_gather')`);
    console.log(
      `PostgreSQL ${version}, max_parallel_workers_per_gather=${workers}, ${WARMUP_RUNS} warm-up + ${RUNS} timed runs each` +
        `${SMOKE ? `; smoke scale (${ROWS.toLocaleString('en')} rows): the figures only show that the benchmark runs` : ''}\n`,
    );

    const asOf = new Date('2027-01-15T02:00:00Z');
    const unit = (await findIndicatorUnit(db, 'SO-XD'))!;
    await timeReport(db, 'quarter 2026-Q1, all units', '2026-01-01', '2026-03-31', null, asOf);
    await timeReport(db, 'year 2025, all units', '2025-01-01', '2025-12-31', null, asOf);
    await timeReport(db, 'year 2025, unit SO-XD subtree', '2025-01-01', '2025-12-31', unit, asOf);
    console.log('');
    await printSizes(db);
  } finally {
    await close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
