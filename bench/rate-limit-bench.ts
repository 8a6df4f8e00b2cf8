// npm run bench:rate-limit [-- --smoke]: what the shared rate limiter costs on its hottest path, citizens filing
// feedback (POST /api/v1/feedback), measured against the real server process on PostgreSQL.
//
// The same server runs twice per round, with RATE_LIMIT_FACTOR=0 (limiter off) and =1000 (on: every check is made,
// none refuses, since a refused request would be cheaper and flatter the figure). Rounds alternate off/on so load
// from elsewhere on the machine hits both alike. Each request is one new feedback from one of 200 citizens.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDb } from '../db/open-db.js';
import { seedReferenceData } from '../db/seed.js';
import { users } from '../db/schema.js';
import { createSession } from '../bot-server/src/features/auth/session-repository.js';
import { consume } from '../bot-server/src/features/rate-limit/rate-limiter.js';
import { benchDbName, benchScale, benchServerUrl, freePort, prepareDatabase, stats, truncateFeedback, withDatabase } from './bench-support.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scale = benchScale();
const ROUNDS = scale === 'smoke' ? 1 : 3;
const DURATION_S = scale === 'smoke' ? 1 : 10;
// At smoke scale a run is a fixed number of requests, not a second: on a loaded machine a cold server may not answer
// within one second, and an empty run says nothing.
const SMOKE_REQUESTS = 40;
const WARMUP_REQUESTS = 20;
const CONNECTIONS = 10;
const CITIZENS = 200;
const ADMIN = 'bench-admin-token-0123456789';

interface AcResult {
  requests: { total: number };
  duration: number;
  non2xx: number;
  errors: number;
  latency: { p50: number; p99: number };
}
type Autocannon = (opts: Record<string, unknown>, cb: (err: Error | null, r: AcResult) => void) => unknown;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

async function startServer(databaseUrl: string, factor: number): Promise<{ port: number; stop: () => Promise<void> }> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bot-server/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', PORT: String(port), DATABASE_URL: databaseUrl, ADMIN_API_TOKEN: ADMIN, RATE_LIMIT_FACTOR: String(factor), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error('server did not start in 60 s')), 60_000);
    child.stdout!.on('data', (b: Buffer) => {
      if (b.toString().includes('PAKN server:')) {
        clearTimeout(timer);
        res();
      }
    });
    child.on('exit', (code) => rej(new Error(`server exited with ${code}`)));
  });
  return {
    port,
    stop: () =>
      new Promise<void>((res) => {
        child.on('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

function load(port: number, tokens: string[], amount?: number): Promise<AcResult> {
  let n = 0;
  return new Promise((res, rej) =>
    autocannon(
      {
        url: `http://127.0.0.1:${port}`,
        connections: CONNECTIONS,
        ...(amount ? { amount } : scale === 'smoke' ? { amount: SMOKE_REQUESTS } : { duration: DURATION_S }),
        requests: [
          {
            method: 'POST',
            path: '/api/v1/feedback',
            setupRequest: (req: Record<string, unknown>) => {
              n++;
              return {
                ...req,
                headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[n % tokens.length]}` },
                body: JSON.stringify({ category: 'ha-tang', content: `Đèn đường hỏng trước số ${n}, tối không đi được` }),
              };
            },
          },
        ],
      },
      (err, r) => (err ? rej(err) : res(r)),
    ),
  );
}

async function main() {
  const server = benchServerUrl();
  const name = benchDbName('pakn_bench_rate_limit', scale);
  await prepareDatabase(server, name, { recreate: true });
  const url = withDatabase(server, name);
  const db = await openDb({ databaseUrl: url });
  await seedReferenceData(db.db);
  const now = new Date();
  const tokens: string[] = [];
  for (let i = 0; i < CITIZENS; i++) {
    const [u] = await db.db.insert(users).values({ name: `Công dân ${i}` }).returning({ id: users.id });
    tokens.push(await createSession(db.db, u!.id, now));
  }

  const rows: { round: number; limiter: string; rps: number; p50: number; p99: number; non2xx: number }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const factor of [0, 1000]) {
      await truncateFeedback(db.db);
      await db.db.execute(sql`truncate rate_limits`);
      const s = await startServer(url, factor);
      try {
        // Warm the server (first requests compile and open pool connections) before it is measured.
        await load(s.port, tokens, WARMUP_REQUESTS);
        await truncateFeedback(db.db);
        await db.db.execute(sql`truncate rate_limits`);
        const r = await load(s.port, tokens);
        rows.push({ round, limiter: factor ? 'on' : 'off', rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx + r.errors });
      } finally {
        await s.stop();
      }
    }
  }
  // The check alone, as a filing makes it (two counters in one upsert), without the rest of the request.
  const checks = scale === 'smoke' ? 200 : 5000;
  const times: number[] = [];
  for (let i = 0; i < checks; i++) {
    const started = performance.now();
    await consume(db.db, [
      { key: `feedback.create.citizen:${i % CITIZENS}`, points: 1e9, windowMs: 3600_000 },
      { key: 'feedback.create.ip:203.0.113.1', points: 1e9, windowMs: 600_000 },
    ], new Date());
    times.push(performance.now() - started);
  }
  await db.close();
  const one = stats(times);

  const perRun = scale === 'smoke' ? `${SMOKE_REQUESTS} requests per run` : `${DURATION_S} s per run`;
  console.log(`POST /api/v1/feedback on PostgreSQL, ${CONNECTIONS} connections, ${perRun} after ${WARMUP_REQUESTS} warm-up requests, ${CITIZENS} citizens; Node ${process.version}, ${cpus().length} CPU`);
  console.log('| round | limiter | req/s | p50 ms | p99 ms | non-2xx |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.round} | ${r.limiter} | ${r.rps.toFixed(1)} | ${r.p50} | ${r.p99} | ${r.non2xx} |`);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  const off = median(rows.filter((r) => r.limiter === 'off').map((r) => r.rps));
  const on = median(rows.filter((r) => r.limiter === 'on').map((r) => r.rps));
  console.log(`median req/s: off ${off.toFixed(1)}, on ${on.toFixed(1)}; the limiter costs ${(((off - on) / off) * 100).toFixed(1)} % of throughput`);
  console.log(`one check (2 counters, one upsert), ${checks} in a row: min ${one.min.toFixed(3)} ms  median ${one.median.toFixed(3)} ms  p95 ${one.p95.toFixed(3)} ms`);
  if (rows.some((r) => r.non2xx > 0)) console.log('WARNING: some requests failed; the figures are not comparable');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
