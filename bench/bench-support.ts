// Helpers the benchmark scripts share.
import { createServer } from 'node:net';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/open-db.js';

export { withDatabase } from '../db/open-db.js';

/**
 * How big a run is. `full` (the default) gives the figures the reports quote; `smoke` (`--smoke` on the command
 * line, or BENCH_SCALE=smoke) seeds a few thousand rows and times a few runs, so a whole benchmark finishes in
 * seconds and proves it still works against the current schema. Its figures say nothing about performance.
 */
export type BenchScale = 'full' | 'smoke';

export function benchScale(argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): BenchScale {
  const fromEnv = env.BENCH_SCALE?.trim() || 'full';
  if (fromEnv !== 'full' && fromEnv !== 'smoke') throw new Error(`BENCH_SCALE must be 'full' or 'smoke' (got '${fromEnv}')`);
  return argv.includes('--smoke') ? 'smoke' : fromEnv;
}

/** The PostgreSQL server the benchmarks work on; each of them in its own database there (benchDbName). */
export const benchServerUrl = (env: NodeJS.ProcessEnv = process.env) =>
  env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * The database a benchmark works in: `base` (always `pakn_bench…`, apart from the test suite's `pakn_t_…` and
 * `pakn_template_…`) at full scale, `<base>_smoke` at smoke scale, so a smoke run never replaces a seeded full-scale
 * data set; then BENCH_DB_SUFFIX if set (lower-case letters, digits and `_`), which lets two checkouts run their
 * smoke tests on one server at once.
 */
export function benchDbName(base: string, scale: BenchScale, env: NodeJS.ProcessEnv = process.env): string {
  const suffix = env.BENCH_DB_SUFFIX ?? '';
  if (!/^[a-z0-9_]{0,20}$/.test(suffix)) throw new Error(`BENCH_DB_SUFFIX: up to 20 of a-z, 0-9 and _ (got '${suffix}')`);
  return `${base}${scale === 'smoke' ? '_smoke' : ''}${suffix}`;
}

/**
 * Creates database `name` on the server when it is missing; with `recreate`, drops it first. True when the
 * database is new (empty: the caller migrates and seeds it).
 */
export async function prepareDatabase(serverUrl: string, name: string, opts: { recreate?: boolean } = {}): Promise<boolean> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
  try {
    const found = await admin`select 1 from pg_database where datname = ${name}`;
    if (found.length > 0 && !opts.recreate) return false;
    if (found.length > 0) await admin.unsafe(`drop database "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
    console.log(`created database ${name}`);
    return true;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/**
 * Empties the feedback table and every table that references it, directly or not (events, attachments, outbox and
 * its attempts, alerts, and whatever a later migration adds): PostgreSQL refuses to truncate a referenced table
 * alone, even an empty one. Only for a benchmark's own database.
 */
export async function truncateFeedback(db: Db): Promise<void> {
  await db.execute(sql`truncate feedback restart identity cascade`);
}

/** min, median and 95th percentile of a list of timings. */
export function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { min: s[0]!, median: (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2, p95: at(0.95) };
}

/** The single value of a one-row, one-column query. */
export async function scalar<T>(db: Db, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = rowsOf<Record<string, T>>(await db.execute(query));
  return Object.values(row ?? {})[0] as T;
}

/** A TCP port free on loopback right now, for a server process a benchmark starts. */
export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => res(port));
    });
    s.on('error', rej);
  });
}
