// Benchmark of the Zalo webhook ack path (CONTRACT §3): verify the signature, store the event durably, answer 200.
//
//   npm run bench:webhook [-- --smoke]
//
// The real app (createApp) is served by @hono/node-server on 127.0.0.1 in a child process, without the Zalo
// runtime, so no worker processes events during the run. autocannon, in this process, sends valid signed
// `user_send_text` events, each a different one (unique msg_id and timestamp), so nothing is deduplicated.
// The baseline is a bare Hono route in the same server process that does one INSERT … ON CONFLICT DO NOTHING of a
// similar row into a scratch table shaped like zalo_inbox.
//
// Databases: PGlite, file-backed in a temporary DATA_DIR, and PostgreSQL in its own database `pakn_bench_webhook`,
// dropped and recreated on each run, on the server named by BENCH_DATABASE_URL
// (default postgres://postgres@127.0.0.1:5432/test; loopback addresses only).
//
// --smoke (or BENCH_SCALE=smoke): 0.5 s of warm-up and 1 s per measured run instead of 2 s and 10 s, and
// `pakn_bench_webhook_smoke` (see benchDbName); the whole run then takes about 15 s.
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { pino } from 'pino';
import { openDb, rowsOf, ts } from '../db/open-db.js';
import { createApp } from '../bot-server/src/app.js';
import { parseEnv } from '../bot-server/src/env.js';
import { zaloMac } from '../bot-server/src/features/zalo/webhook-signature.js';
import { createLogger } from '../bot-server/src/lib/logger.js';
import { benchDbName, benchScale, benchServerUrl, withDatabase } from './bench-support.js';

const SCALE = benchScale();
const SMOKE = SCALE === 'smoke';
const BENCH_DB = benchDbName('pakn_bench_webhook', SCALE);
const SCRATCH_TABLE = 'bench_baseline_inbox';
const APP_ID = '1234567890123456789';
const OA_ID = '4321098765432109876';
const OA_SECRET = 'bench-oa-secret-key';
const CONNECTIONS = 10;
const RATE = 500;
const WARMUP_S = SMOKE ? 0.5 : 2;
const DURATION_S = SMOKE ? 1 : 10;
const REQUEST_TIMEOUT_S = 5;
const TARGET_P99_MS = 50;
const TARGET_RATIO = 0.8;
/** The whole benchmark stops itself after this, whatever happens. */
const WATCHDOG_MS = (SMOKE ? 2 : 5) * 60_000;
const SERVER_START_TIMEOUT_MS = 60_000;

type Target = 'webhook' | 'baseline';
const PATHS: Record<Target, string> = { webhook: '/webhooks/zalo', baseline: '/bench/baseline' };

interface ServeConfig {
  kind: 'pglite' | 'postgres';
  dataDir?: string;
  databaseUrl?: string;
}

type ChildMessage =
  | { type: 'ready'; port: number; version: string }
  | { type: 'counts'; webhook: number; baseline: number }
  | { type: 'cpu'; micros: number }
  | { type: 'error'; message: string };

// ───────────────────────────── server side (child process) ─────────────────────────────

async function serveMain(config: ServeConfig): Promise<void> {
  const database = await openDb(config.kind === 'postgres' ? { databaseUrl: config.databaseUrl } : { dataDir: config.dataDir });
  const { db } = database;
  await db.execute(sql.raw(`drop table if exists ${SCRATCH_TABLE}`));
  // The same columns, defaults and indexes as zalo_inbox.
  await db.execute(
    sql.raw(`create table ${SCRATCH_TABLE} (
      id bigserial primary key,
      event_key text not null unique,
      event_name text not null,
      user_id text,
      event_at timestamptz not null,
      payload jsonb not null,
      state text not null default 'pending',
      attempts integer not null default 0,
      locked_until timestamptz,
      next_attempt_at timestamptz not null default now(),
      received_at timestamptz not null default now(),
      processed_at timestamptz,
      note text)`),
  );
  await db.execute(
    sql.raw(`create index ${SCRATCH_TABLE}_due_idx on ${SCRATCH_TABLE} (next_attempt_at) where state in ('pending','processing')`),
  );
  const [ver] = rowsOf<{ v: string }>(await db.execute(sql`select current_setting('server_version') v`));

  const env = parseEnv({ NODE_ENV: 'production', LOG_LEVEL: 'info', ZALO_APP_ID: APP_ID, ZALO_OA_SECRET_KEY: OA_SECRET });
  // As in production (lib/logger.ts): one line per request at level info, buffered; written to /dev/null, not a terminal.
  const log = createLogger(env.LOG_LEVEL, pino.destination({ dest: '/dev/null', sync: false, minLength: 4096 }));
  // No startZaloRuntime and no kickWorkers: events stay pending, nothing is processed during the run.
  const app = createApp({ env, db, dbKind: database.kind, log, now: () => new Date(), filesDir: join(tmpdir(), 'pakn-bench-files') });

  const baseline = new Hono().post(PATHS.baseline, async (c) => {
    const raw = await c.req.text();
    const e = JSON.parse(raw) as { event_name: string; timestamp: string; sender: { id: string }; message: { msg_id: string } };
    const now = new Date();
    await db.execute(sql`
      insert into ${sql.raw(SCRATCH_TABLE)} (event_key, event_name, user_id, event_at, payload, state, received_at, next_attempt_at)
      values (${`msg:${e.message.msg_id}`}, ${e.event_name}, ${e.sender.id}, ${ts(new Date(Number(e.timestamp)))}, ${raw}::jsonb,
              'pending', ${ts(now)}, ${ts(now)})
      on conflict (event_key) do nothing`);
    return c.json({ ok: true });
  });

  const server = serve(
    {
      hostname: '127.0.0.1',
      port: 0,
      fetch: (req, ...rest) => (req.url.endsWith(PATHS.baseline) ? baseline.fetch(req, ...rest) : app.fetch(req, ...rest)),
    },
    (info) => process.send!({ type: 'ready', port: info.port, version: ver?.v ?? '?' } satisfies ChildMessage),
  );

  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'counts') {
      void (async () => {
        const [row] = rowsOf<{ webhook: string | number; baseline: string | number }>(
          await db.execute(
            sql`select (select count(*) from zalo_inbox) webhook, (select count(*) from ${sql.raw(SCRATCH_TABLE)}) baseline`,
          ),
        );
        process.send!({ type: 'counts', webhook: Number(row!.webhook), baseline: Number(row!.baseline) } satisfies ChildMessage);
      })();
    } else if (msg.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ type: 'cpu', micros: user + system } satisfies ChildMessage);
    } else if (msg.type === 'stop') {
      server.close(() => {
        void database.close().finally(() => process.exit(0));
      });
    }
  });
  // The parent went away: do not linger.
  process.on('disconnect', () => process.exit(1));
}

// ───────────────────────────── load side (this process) ─────────────────────────────

interface AcRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  setupRequest?: (req: AcRequest, context: Record<string, unknown>) => AcRequest;
}
interface AcOptions {
  url: string;
  connections: number;
  duration: number;
  timeout: number;
  overallRate?: number;
  requests: AcRequest[];
  verifyBody?: (body: string) => boolean;
}
interface AcResult {
  requests: { average: number; total: number };
  duration: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  statusCodeStats: Record<string, { count: number }>;
}
interface AcTracker {
  on(event: 'response', fn: (client: unknown, statusCode: number, resBytes: number, responseTime: number) => void): void;
}
type Autocannon = (opts: AcOptions, cb: (err: Error | null, result: AcResult) => void) => AcTracker;
// autocannon ships no type declarations; the few fields used here are typed above.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const runPrefix = randomBytes(4).toString('hex');
let seq = 0;
let lastTimestamp = 0;

/** A new, validly signed user_send_text event: unique msg_id and a strictly increasing timestamp. */
function nextEvent(): { body: Buffer; signature: string } {
  seq++;
  lastTimestamp = Math.max(Date.now(), lastTimestamp + 1);
  const timestamp = String(lastTimestamp);
  const user = String(7_000_000_000_000_000_000n + BigInt(seq % 1000));
  const payload = {
    app_id: APP_ID,
    event_name: 'user_send_text',
    timestamp,
    sender: { id: user },
    recipient: { id: OA_ID },
    message: { msg_id: `${runPrefix}${seq.toString(16).padStart(12, '0')}`, text: `#phananh Đèn đường hỏng trước cổng trường, số ${seq}` },
    user_id_by_app: '5555555555555555555',
  };
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  return { body, signature: zaloMac(APP_ID, body, timestamp, OA_SECRET) };
}

interface RunStats {
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  duplicates: number;
  ok: number;
  /** CPU time of the server process (user + system, PGlite included) per completed request. */
  cpuMsPerReq: number;
}

function percentile(sorted: number[], q: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

async function runLoad(server: ServerHandle, target: Target, durationS: number, rate: number | undefined): Promise<RunStats> {
  const cpuBefore = await server.cpu();
  const stats = await runAutocannon(server.port, target, durationS, rate);
  const cpuMs = (await server.cpu()) - cpuBefore;
  const completed = stats.ok + stats.non2xx;
  return { ...stats, cpuMsPerReq: completed ? cpuMs / completed : NaN };
}

function runAutocannon(port: number, target: Target, durationS: number, rate: number | undefined): Promise<Omit<RunStats, 'cpuMsPerReq'>> {
  const latencies: number[] = [];
  const request: AcRequest = {
    method: 'POST',
    path: PATHS[target],
    setupRequest: (req) => {
      const { body, signature } = nextEvent();
      return { ...req, body, headers: { 'content-type': 'application/json', 'x-zevent-signature': signature } };
    },
  };
  return new Promise((resolve, reject) => {
    const tracker = autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        duration: durationS,
        timeout: REQUEST_TIMEOUT_S,
        ...(rate ? { overallRate: rate } : {}),
        requests: [request],
        // Every webhook delivery is a new event: a `duplicate: true` answer counts as a mismatch.
        ...(target === 'webhook' ? { verifyBody: (body: string) => body.includes('"duplicate":false') } : {}),
      },
      (err, result) => {
        if (err) return reject(err);
        latencies.sort((a, b) => a - b);
        const ok = Object.entries(result.statusCodeStats)
          .filter(([code]) => code.startsWith('2'))
          .reduce((n, [, s]) => n + s.count, 0);
        resolve({
          rps: result.requests.total / result.duration,
          p50: percentile(latencies, 0.5),
          p90: percentile(latencies, 0.9),
          p99: percentile(latencies, 0.99),
          max: latencies.at(-1) ?? NaN,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          duplicates: result.mismatches,
          ok,
        });
      },
    );
    // Each request's own time from writing it to its complete response (ms, sub-millisecond resolution).
    tracker.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

interface ServerHandle {
  port: number;
  version: string;
  counts: () => Promise<{ webhook: number; baseline: number }>;
  /** CPU time used by the server process so far, in ms. */
  cpu: () => Promise<number>;
  stop: () => Promise<void>;
}

function startServer(config: ServeConfig): Promise<ServerHandle> {
  // Same runtime flags as this process (tsx's loader), so the child runs this TypeScript file too.
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', JSON.stringify(config)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.add(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    children.delete(child);
    resolve(code);
  }));
  const next = <T extends ChildMessage['type']>(type: T, timeoutMs: number) =>
    new Promise<Extract<ChildMessage, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server: no ${type} within ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (m: ChildMessage) => {
        if (m.type === 'error') {
          clearTimeout(timer);
          child.off('message', onMessage);
          reject(new Error(`server: ${m.message}`));
        } else if (m.type === type) {
          clearTimeout(timer);
          child.off('message', onMessage);
          resolve(m as Extract<ChildMessage, { type: T }>);
        }
      };
      child.on('message', onMessage);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`server exited (code ${code}) before sending ${type}`));
      });
    });
  return next('ready', SERVER_START_TIMEOUT_MS).then((ready) => ({
    port: ready.port,
    version: ready.version,
    counts: () => {
      const reply = next('counts', 30_000);
      child.send({ type: 'counts' });
      return reply.then(({ webhook, baseline }) => ({ webhook, baseline }));
    },
    cpu: () => {
      const reply = next('cpu', 10_000);
      child.send({ type: 'cpu' });
      return reply.then(({ micros }) => micros / 1000);
    },
    stop: async () => {
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  }));
}

const children = new Set<ChildProcess>();

interface Row {
  db: string;
  target: Target;
  mode: string;
  stats: RunStats;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);


/** Drops and recreates the bench database; returns its URL, or null (with the reason printed) if PostgreSQL is unusable. */
async function preparePostgres(serverUrl: string): Promise<string | null> {
  let host: string;
  try {
    host = new URL(serverUrl).hostname;
  } catch {
    console.log(`PostgreSQL: BENCH_DATABASE_URL is not a URL; skipped.`);
    return null;
  }
  if (!LOOPBACK_HOSTS.has(host) && !host.startsWith('127.')) {
    console.log(`PostgreSQL: BENCH_DATABASE_URL must point at a loopback address (got ${host}); skipped.`);
    return null;
  }
  const { default: postgres } = await import('postgres');
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin.unsafe(`drop database if exists "${BENCH_DB}" with (force)`);
    await admin.unsafe(`create database "${BENCH_DB}"`);
    return withDatabase(serverUrl, BENCH_DB);
  } catch (err) {
    console.log(`PostgreSQL at ${host}: ${(err as Error).message}; skipped.`);
    return null;
  } finally {
    await admin.end({ timeout: 5 });
  }
}

async function benchDatabase(label: string, config: ServeConfig, rows: Row[]): Promise<void> {
  const server = await startServer(config);
  try {
    console.log(`${label}: PostgreSQL ${server.version}, server on http://127.0.0.1:${server.port}`);
    const sent: Record<Target, number> = { webhook: 0, baseline: 0 };
    const measured: Row[] = [];
    // Webhook and baseline run side by side in time, so both see the same background load on the machine.
    for (const [mode, durationS, rate] of [
      ['warm-up', WARMUP_S, RATE],
      [`${RATE}/s`, DURATION_S, RATE],
      ['max', DURATION_S, undefined],
    ] as const) {
      for (const target of ['webhook', 'baseline'] as const) {
        const stats = await runLoad(server, target, durationS, rate);
        sent[target] += stats.ok;
        if (mode !== 'warm-up') measured.push({ db: label, target, mode, stats });
      }
    }
    const order = (r: Row) => (r.target === 'webhook' ? 0 : 2) + (r.mode === 'max' ? 1 : 0);
    rows.push(...measured.sort((a, b) => order(a) - order(b)));
    const stored = await server.counts();
    // Requests still in flight when a run stops are stored without their 200 being counted, hence ≥.
    console.log(
      `${label}: webhook answered 200 to ${sent.webhook} events and stored ${stored.webhook} rows` +
        `${stored.webhook >= sent.webhook ? '' : ' (FEWER ROWS THAN ACKS!)'}; baseline ${sent.baseline} answers, ${stored.baseline} rows ` +
        `(rows ≥ answers: requests in flight when a run stops are stored, not counted)`,
    );
  } finally {
    await server.stop();
  }
}

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function printTable(rows: Row[]): void {
  const header = ['db', 'target', 'mode', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors', 'dup', 'cpu ms/req'];
  const widths = [9, 9, 6, 8, 7, 7, 7, 8, 8, 7, 4, 11];
  const line = (cells: string[]) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' ');
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) {
    const s = r.stats;
    console.log(
      line([r.db, r.target, r.mode, fmt(s.rps, 0), fmt(s.p50, 2), fmt(s.p90, 2), fmt(s.p99, 2), fmt(s.max, 1), String(s.non2xx), String(s.errors), String(s.duplicates), fmt(s.cpuMsPerReq, 3)]),
    );
  }
}

function printTargets(rows: Row[]): boolean {
  let allMet = true;
  for (const db of [...new Set(rows.map((r) => r.db))]) {
    const get = (target: Target, mode: string) => rows.find((r) => r.db === db && r.target === target && r.mode === mode)!.stats;
    const fixed = get('webhook', `${RATE}/s`);
    const ratio = get('webhook', 'max').rps / get('baseline', 'max').rps;
    const p99ok = fixed.p99 < TARGET_P99_MS && fixed.non2xx === 0 && fixed.errors === 0;
    const ratioOk = ratio >= TARGET_RATIO;
    allMet &&= p99ok && ratioOk;
    console.log(
      `${db.padEnd(9)} webhook p99 at ${RATE} events/s: ${fmt(fixed.p99, 2)} ms (target < ${TARGET_P99_MS} ms, no errors) ${p99ok ? 'MET' : 'NOT MET'}`,
    );
    console.log(
      `${db.padEnd(9)} webhook/baseline max throughput: ${fmt(get('webhook', 'max').rps, 0)} / ${fmt(get('baseline', 'max').rps, 0)} = ` +
        `${fmt(ratio * 100, 0)} % (target ≥ ${TARGET_RATIO * 100} %) ${ratioOk ? 'MET' : 'NOT MET'}`,
    );
    // Throughput moves with other load on the machine; CPU time per request in the server process much less.
    const cpuW = get('webhook', 'max').cpuMsPerReq;
    const cpuB = get('baseline', 'max').cpuMsPerReq;
    console.log(
      `${db.padEnd(9)} server CPU per request at max: webhook ${fmt(cpuW, 3)} ms, baseline ${fmt(cpuB, 3)} ms ` +
        `(baseline/webhook = ${fmt((cpuB / cpuW) * 100, 0)} %, the throughput ratio a CPU-bound server would reach)`,
    );
  }
  return allMet;
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`webhook bench: still running after ${WATCHDOG_MS / 60_000} min; stopping.`);
    for (const c of children) c.kill('SIGKILL');
    process.exit(2);
  }, WATCHDOG_MS);
  watchdog.unref();

  const { version: acVersion } = createRequire(import.meta.url)('autocannon/package.json') as { version: string };
  console.log(
    `Node ${process.version}, ${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), autocannon ${acVersion}; ` +
      `${CONNECTIONS} connections; per target: ${WARMUP_S} s warm-up at ${RATE}/s, ${DURATION_S} s at ${RATE}/s (overallRate), ${DURATION_S} s max`,
  );
  console.log('Latency: each request from write to complete response, measured in the load process (server in a child process).');
  console.log(
    `Pacing: autocannon's overallRate gives each connection ${RATE / CONNECTIONS}/s and sends it in a burst at the start of every second, ` +
      `so the ${RATE}/s rows are bursts at concurrency ${CONNECTIONS}; no coordinated-omission correction is applied.`,
  );
  if (SMOKE) console.log('Smoke scale: runs of a second or so; the figures only show that the benchmark runs.');
  console.log(`Load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);

  const rows: Row[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'pakn-bench-webhook-'));
  try {
    await benchDatabase('pglite', { kind: 'pglite', dataDir }, rows);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const pgUrl = await preparePostgres(benchServerUrl());
  if (pgUrl) await benchDatabase('postgres', { kind: 'postgres', databaseUrl: pgUrl }, rows);

  console.log('');
  printTable(rows);
  console.log('');
  const met = printTargets(rows);
  console.log(`\nLoad average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`\n${met ? 'All targets met.' : 'Some targets NOT met.'}`);
  clearTimeout(watchdog);
}

if (process.argv[2] === '--serve') {
  serveMain(JSON.parse(process.argv[3]!) as ServeConfig).catch((err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    if (process.send) process.send({ type: 'error', message } satisfies ChildMessage);
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    console.error(err);
    for (const c of children) c.kill('SIGKILL');
    process.exitCode = 1;
  });
}
