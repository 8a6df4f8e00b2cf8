// Benchmark of one alert scheduler tick on PostgreSQL with 1,000,000 feedback rows, 2,000 of them open and due soon.
//
//   npm run bench:scheduler [-- --reseed] [-- --smoke]
//
// BENCH_DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/test). The benchmark always
// works in its own database `pakn_bench_scheduler`, recreated with --reseed or when missing. A reused database
// gets its scheduler state reset (alerts and outbox emptied, the open items re-dated to the next 24 h).
// --smoke (or BENCH_SCALE=smoke): 5,000 rows (200 open) and 1 warm-up + 3 timed ticks, in
// `pakn_bench_scheduler_smoke` (see benchDbName).
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { type Db, openDb, rowsOf } from '../db/open-db.js';
import { units as unitsTable, userRoles, users } from '../db/schema.js';
import { seedReferenceData } from '../db/seed.js';
import { candidateQueries, schedulerTick } from '../bot-server/src/features/alerts/alert-scheduler.js';
import { loadCalendar } from '../bot-server/src/features/calendar/calendar-repository.js';
import { DEFAULT_THRESHOLDS } from '../bot-server/src/domain/alerts/alert-rules.js';
import { endOfLocalDay, localDateOf } from '../bot-server/src/domain/calendar/local-date.js';
import { createLogger } from '../bot-server/src/lib/logger.js';
import { benchDbName, benchScale, benchServerUrl, prepareDatabase, scalar, stats, truncateFeedback, withDatabase } from './bench-support.js';

const SCALE = benchScale();
const SMOKE = SCALE === 'smoke';
const BENCH_DB = benchDbName('pakn_bench_scheduler', SCALE);
const ROWS = SMOKE ? 5_000 : 1_000_000;
const OPEN = SMOKE ? 200 : 2_000;
const WARMUP_RUNS = SMOKE ? 1 : 3;
const RUNS = SMOKE ? 3 : 10;
const TARGET_MS = 50;

const serverUrl = benchServerUrl();
const reseed = process.argv.includes('--reseed');


/**
 * The n-th of the open items is due between now + 1 min and now + 23 h 59 min. Millisecond precision, like every
 * due time the application writes (JS Dates): the scheduler's bookmarks are JS Dates too (see the report on
 * sub-millisecond due times).
 */
const dueWithin24h = (n: ReturnType<typeof sql>) =>
  sql`date_trunc('milliseconds', now() + interval '1 minute' + (${n}::double precision / ${OPEN}) * interval '23 hours 58 minutes')`;

/**
 * ROWS − OPEN (998,000) answered rows received over the last 3 years (before the last 30 days), and 2,000 open rows due between
 * now and now + 24 h with null bookmarks (OPEN, 2,000); every unit, every channel. One INSERT … SELECT each.
 */
async function seedFeedback(db: Db): Promise<void> {
  const started = performance.now();
  const answered = ROWS - OPEN;
  await db.execute(sql`
    insert into feedback (code, channel, unit_id, status, content, received_at, received_date,
                          policy_unit, policy_amount, clock_started_at, due_at, answered_at)
    select 'SB-' || lpad(g::text, 7, '0'),
           (array['dvc_portal','mobile_app','zalo_oa','zalo_mini_app','email','other'])[1 + floor(r.c * 6)::int],
           uid.ids[1 + floor(r.u * array_length(uid.ids, 1))::int],
           'answered',
           'Phản ánh mẫu số ' || g || ': mặt đường hư hỏng, đề nghị cơ quan chức năng kiểm tra và khắc phục sớm.',
           t.received_at, (t.received_at at time zone 'Asia/Ho_Chi_Minh')::date, 'working_days', 15, t.received_at,
           t.received_at + interval '21 days',
           t.received_at + r.h * interval '25 days'
    from generate_series(1, ${answered}) g
    cross join (select array_agg(id order by id) ids from units) uid
    cross join lateral (select random() c, random() u, random() h, random() d, g as dep) r
    cross join lateral (select now() - interval '30 days' - r.d * interval '1065 days' received_at) t`);
  await db.execute(sql`
    insert into feedback (code, channel, unit_id, status, content, received_at, received_date,
                          policy_unit, policy_amount, clock_started_at, due_at)
    select 'SB-' || lpad((${answered} + g)::text, 7, '0'),
           'zalo_oa',
           uid.ids[1 + (g % array_length(uid.ids, 1))],
           'in_progress',
           'Phản ánh đang xử lý số ' || g,
           now() - interval '20 days', ((now() - interval '20 days') at time zone 'Asia/Ho_Chi_Minh')::date,
           'working_days', 15, now() - interval '20 days',
           ${dueWithin24h(sql`g`)}
    from generate_series(1, ${OPEN}) g
    cross join (select array_agg(id order by id) ids from units) uid`);
  console.log(`seeded ${ROWS.toLocaleString('en')} feedback rows (${OPEN.toLocaleString('en')} open) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

/** One officer and one leader in each unit. */
async function seedStaff(db: Db): Promise<void> {
  const all = await db.select({ id: unitsTable.id, code: unitsTable.code }).from(unitsTable);
  for (const unit of all) {
    for (const role of ['officer', 'leader'] as const) {
      const [user] = await db.insert(users).values({ name: `Bench ${role} ${unit.code}` }).returning({ id: users.id });
      await db.insert(userRoles).values({ userId: user!.id, unitId: unit.id, role });
    }
  }
}

/** A reused database: forget every alert and put the open items back to "due within the next 24 h, not alerted". */
async function resetSchedulerState(db: Db): Promise<void> {
  // With whatever references them (outbox_attempts → outbox, alerts → outbox; later tables too).
  await db.execute(sql`truncate alerts, outbox restart identity cascade`);
  await db.execute(sql`
    with open as (select id, row_number() over (order by id) n from feedback where answered_at is null)
    update feedback f
    set due_at = ${dueWithin24h(sql`o.n`)},
        due_soon_alerted_for = null, overdue_alerted_for = null, escalated_for = null
    from open o where f.id = o.id`);
}



/** The scheduler's own three candidate queries (candidateQueries), with the same parameters a tick uses. */
async function explainCandidates(db: Db, now: Date): Promise<void> {
  const cal = await loadCalendar(db);
  const settings = rowsOf<{ due_soon: number }>(await db.execute(sql`select due_soon from alert_settings`));
  const maxDays = Math.max(...settings.map((t) => t.due_soon), DEFAULT_THRESHOLDS.dueSoon);
  const windowEnd = endOfLocalDay(cal.addWorkingDays(localDateOf(now), maxDays + 1));
  const { overdue, dueSoon: due_soon, escalation } = candidateQueries(db, now, windowEnd);
  const queries = { overdue, due_soon, escalation };
  const expected = { overdue: 'feedback_overdue_todo_idx', due_soon: 'feedback_due_soon_todo_idx', escalation: 'feedback_escalation_todo_idx' };
  const { default: postgres } = await import('postgres');
  const client = postgres(withDatabase(serverUrl, BENCH_DB), { max: 1, onnotice: () => {} });
  try {
    console.log(`EXPLAIN (ANALYZE, BUFFERS) of the candidate queries, now=${now.toISOString()}, due-soon window end=${windowEnd.toISOString()}`);
    for (const [kind, q] of Object.entries(queries)) {
      const { sql: text, params } = q.toSQL();
      const plan = (await client.unsafe(`explain (analyze, buffers) ${text}`, params as never[])).map((r) => String(r['QUERY PLAN']));
      console.log(`  ${kind}:`);
      for (const line of plan) console.log(`    ${line}`);
      const index = expected[kind as keyof typeof expected];
      if (!plan.some((l) => l.includes(`using ${index}`))) console.log(`    WARNING: the plan does not use ${index}`);
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}

async function printSizes(db: Db): Promise<void> {
  for (const table of ['feedback', 'alerts', 'outbox']) {
    const [t] = rowsOf<{ total: string; heap: string; n: string }>(
      await db.execute(sql`select pg_size_pretty(pg_total_relation_size(${table}::regclass)) total,
                                  pg_size_pretty(pg_relation_size(${table}::regclass)) heap,
                                  (select count(*) from ${sql.identifier(table)})::text n`),
    );
    console.log(`${table}: total ${t!.total} (heap ${t!.heap}, ${Number(t!.n).toLocaleString('en')} rows)`);
    const indexes = rowsOf<{ name: string; size: string }>(
      await db.execute(sql`select indexrelname name, pg_size_pretty(pg_relation_size(indexrelid)) size
                           from pg_stat_user_indexes where relname = ${table}
                           order by pg_relation_size(indexrelid) desc`),
    );
    for (const i of indexes) console.log(`  ${i.name.padEnd(34)} ${i.size}`);
  }
}

async function main(): Promise<void> {
  const fresh = await prepareDatabase(serverUrl, BENCH_DB, { recreate: reseed });
  const { db, close } = await openDb({ databaseUrl: withDatabase(serverUrl, BENCH_DB), maxConnections: 2 });
  const log = createLogger('warn');
  try {
    await seedReferenceData(db);
    const count = Number(await scalar<number | string>(db, sql`select count(*) from feedback`));
    if (fresh || count !== ROWS) {
      if (!fresh) await truncateFeedback(db); // alerts and outbox too
      await seedFeedback(db);
    } else {
      console.log(`feedback already holds ${count.toLocaleString('en')} rows (use --reseed to rebuild); resetting scheduler state`);
      await resetSchedulerState(db);
    }
    const staff = Number(await scalar<number | string>(db, sql`select count(*) from user_roles where role in ('officer','leader')`));
    if (staff === 0) await seedStaff(db);
    const t0 = performance.now();
    await db.execute(sql`vacuum analyze`);
    console.log(`vacuum analyze in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const units = await scalar<number>(db, sql`select count(*)::int from units`);
    const roles = await scalar<number>(db, sql`select count(*)::int from user_roles where role in ('officer','leader')`);
    const open = await scalar<number>(db, sql`select count(*)::int from feedback where answered_at is null`);
    const version = await scalar<string>(db, sql`select current_setting('server_version')`);
    console.log(
      `PostgreSQL ${version}; ${units} units, ${roles} officer/leader roles, ${open.toLocaleString('en')} open items due within 24 h` +
        `${SMOKE ? `; smoke scale (${ROWS.toLocaleString('en')} rows): the figures only show that the benchmark runs` : ''}\n`,
    );

    const tick = () => schedulerTick({ db, log, now: () => new Date(), quietHours: '' });
    const alertCount = () => scalar<number>(db, sql`select count(*)::int from alerts`);
    const outboxCount = () => scalar<number>(db, sql`select count(*)::int from outbox where purpose = 'alert'`);

    let t = performance.now();
    const firstResult = await tick();
    let ms = performance.now() - t;
    const firstAlerts = await alertCount();
    const firstQueued = await outboxCount();
    console.log(
      `first tick (creates ${firstAlerts} alerts)`.padEnd(44) +
        `${ms.toFixed(1).padStart(8)} ms   (released ${firstQueued} into the outbox; tick returned ${firstResult})`,
    );

    // The scheduler reads at most 500 candidates per kind and tick; the worker loop runs again while a tick
    // did work, so the remaining items are caught up by the following ticks.
    let catchUp = 0;
    t = performance.now();
    for (let n = await tick(); n > 0; n = await tick()) catchUp++;
    ms = performance.now() - t;
    console.log(
      `catch-up: ${catchUp} more ticks with work + 1 empty`.padEnd(44) +
        `${ms.toFixed(1).padStart(8)} ms   (alerts ${await alertCount()}, alert outbox rows ${await outboxCount()})`,
    );

    const expectedAlerts = OPEN * 2; // an officer and a leader in every unit
    if ((await alertCount()) !== expectedAlerts) console.log(`  WARNING: expected ${expectedAlerts} due-soon alerts`);

    for (let i = 0; i < WARMUP_RUNS; i++) await tick();
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const s = performance.now();
      const n = await tick();
      times.push(performance.now() - s);
      if (n !== 0) console.log(`  WARNING: steady-state tick ${i + 1} did ${n} things`);
    }
    const { min, median, p95 } = stats(times);
    console.log(
      `steady-state tick, nothing new (${WARMUP_RUNS} warm-up + ${RUNS}) ` +
        `min ${min.toFixed(1)} ms  median ${median.toFixed(1)} ms  p95 ${p95.toFixed(1)} ms  ` +
        `(target < ${TARGET_MS} ms: ${p95 < TARGET_MS ? 'met' : 'NOT met'})`,
    );
    console.log('');
    await explainCandidates(db, new Date());
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
