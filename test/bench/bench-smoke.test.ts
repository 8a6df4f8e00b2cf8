// Every `npm run bench:*` script, run at smoke scale (--smoke) as a real process against the PostgreSQL server of
// TEST_DATABASE_URL: a schema change that breaks a benchmark's seeding, its queries or its report fails here, not on
// the next machine that runs the benchmark. Each benchmark works in its own databases, named per checkout
// (BENCH_DB_SUFFIX), which this file drops before and after: every run starts as on a fresh machine.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_DB_SUFFIX } from '../support/test-db-config.js';

const ROOT = join(import.meta.dirname, '../..');
const serverUrl = process.env.TEST_DATABASE_URL;
// bench:first-load builds the mini app and drives Chromium beside the others: give slow CI machines room.
const RUN_TIMEOUT_MS = 240_000;

const num = String.raw`\d+(?:\.\d+)?`;
const timings = String.raw`min\s+${num} ms\s+median\s+${num} ms\s+p95\s+${num} ms`;

/**
 * Each benchmark's database (as named at full scale) and what it must print: the lines with its figures. A new
 * bench:* script fails the test until it is added here.
 */
const EXPECTED: Record<string, { db: string; lines: RegExp[] }> = {
  'bench:indicators': {
    db: 'pakn_bench',
    lines: [
      /^seeded 2,000 feedback rows/m,
      new RegExp(String.raw`^quarter 2026-Q1, all units\s+cohort\s+\d+\s+${timings}$`, 'm'),
      new RegExp(String.raw`^year 2025, all units\s+cohort\s+\d+\s+${timings}$`, 'm'),
      new RegExp(String.raw`^year 2025, unit SO-XD subtree\s+cohort\s+\d+\s+${timings}$`, 'm'),
      /^feedback: total .+ \(heap .+\)$/m,
    ],
  },
  'bench:dti': {
    db: 'pakn_bench_dti',
    lines: [
      /^seeded 12 units, 90 indicators in 8 indices/m,
      new RegExp(String.raw`^completenessTable 2025-Q3 \(12 units\)\s+${timings}$`, 'm'),
      new RegExp(String.raw`^missingAndLate 2025-Q3\s+${timings}$`, 'm'),
      new RegExp(String.raw`^completeness \.xlsx workbook \(from the table\)\s+${timings}$`, 'm'),
      /^2025-Q3: 12 rows; expected 1,080, submitted [\d,]+ /m,
      /^first row: BENCH-XA-\d+ total [\d.]+\/600 /m,
    ],
  },
  'bench:scheduler': {
    db: 'pakn_bench_scheduler',
    lines: [
      /^seeded 5,000 feedback rows \(200 open\)/m,
      new RegExp(String.raw`^first tick \(creates 400 alerts\)\s+${num} ms\s+\(released 400 into the outbox`, 'm'),
      /^catch-up: \d+ more ticks with work \+ 1 empty\s+[\d.]+ ms\s+\(alerts 400, alert outbox rows 400\)$/m,
      new RegExp(String.raw`^steady-state tick, nothing new \(1 warm-up \+ 3\) ${timings}`, 'm'),
      /^ {2}due_soon:$/m,
    ],
  },
  'bench:fuzz': {
    db: 'pakn_bench_fuzz',
    lines: [
      /^fuzz: 300 requests \(seed \d+\) against .+ in [\d.]+ s; \/health afterwards 200$/m,
      /^5xx answers: 0 \(and \d+ × 503 "Zalo unreachable"\)$/m,
      /^log lines with phone-like digits: 0 of \d+$/m,
      /^log lines with Zalo-id-like digits: 0 of \d+$/m,
      /^log lines with e-mail address: 0 of \d+$/m,
    ],
  },
  'bench:rate-limit': {
    db: 'pakn_bench_rate_limit',
    lines: [
      /^\| 1 \| off \| [1-9][\d.]* \| \d+ \| \d+ \| 0 \|$/m,
      /^\| 1 \| on \| [1-9][\d.]* \| \d+ \| \d+ \| 0 \|$/m,
      /^median req\/s: off [\d.]+, on [\d.]+; the limiter costs -?[\d.]+ % of throughput$/m,
      /^one check \(2 counters, one upsert\), 200 in a row: min [\d.]+ ms {2}median [\d.]+ ms {2}p95 [\d.]+ ms$/m,
    ],
  },
  'bench:first-load': {
    db: 'pakn_bench_first_load',
    lines: [
      /^first load of the mini app in Chromium at 360×640, cold cache, no throttling/m,
      // Per screen: time to usable, its target, first paint, bytes over the wire, requests.
      ...[
        ['sign-in screen', '–'],
        ['citizen home', '≤ 2\\.0 s (?:met|MISSED)'],
        ['officer inbox', '–'],
        ['leader dashboard', '≤ 2\\.5 s (?:met|MISSED)'],
      ].map(([screen, target]) => new RegExp(String.raw`^\| ${screen} \| \d+\.\d\d s \| ${target} \| \d+\.\d\d s \| [1-9][\d.]* KiB \| [1-9]\d*(?:\.5)? \|$`, 'm')),
      /^first-load JS: [\d.]+ KiB gzip in \d+ file\(s\) \(target ≤ 160\.0 KiB (?:met|MISSED)\)$/m,
    ],
  },
  'bench:webhook': {
    db: 'pakn_bench_webhook',
    lines: ['pglite', 'postgres'].flatMap((db) => [
      new RegExp(String.raw`^${db}: webhook answered 200 to [1-9]\d* events and stored \d+ rows;`, 'm'),
      // req/s, p50, p90, p99, max, then no non-2xx answers, no errors, no duplicates, and CPU per request.
      ...['webhook', 'baseline'].flatMap((target) =>
        ['500/s', 'max'].map(
          (mode) => new RegExp(String.raw`^${db}\s+${target}\s+${mode}\s+[1-9]\d*(?:\s+${num}){4}\s+0\s+0\s+0\s+${num}$`, 'm'),
        ),
      ),
      new RegExp(String.raw`^${db}\s+webhook/baseline max throughput: \d+ / \d+ = \d+ %`, 'm'),
    ]),
  },
};

const { scripts: allScripts } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
const scripts = Object.entries(allScripts).filter(([name]) => name.startsWith('bench:'));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  output: string;
  ms: number;
}

/** `tsx bench/x.ts` as one node process with tsx's loader (as npm start runs the server), in its own process group. */
function runBench(file: string): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, ['--import', 'tsx', file, '--smoke'], {
    cwd: ROOT,
    env: { ...process.env, BENCH_DATABASE_URL: serverUrl, BENCH_DB_SUFFIX },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += String(d)));
  child.stderr!.on('data', (d) => (output += String(d)));
  // The webhook benchmark forks a server: a hung run is ended with its whole group.
  const timer = setTimeout(() => {
    output += `\n[killed after ${RUN_TIMEOUT_MS} ms]`;
    process.kill(-child.pid!, 'SIGKILL');
  }, RUN_TIMEOUT_MS);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, output, ms: Date.now() - started });
    });
  });
}

/** This checkout's bench databases on the server (the benchmarks' own, never a test database). */
async function benchDatabases(drop = false): Promise<string[]> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin<{ datname: string }[]>`
      select datname from pg_database
      where starts_with(datname, 'pakn_bench') and right(datname, ${BENCH_DB_SUFFIX.length}) = ${BENCH_DB_SUFFIX}`;
    const names = rows.map((r) => r.datname);
    if (drop) for (const name of names) await admin.unsafe(`drop database if exists "${name}" with (force)`);
    return names;
  } finally {
    await admin.end({ timeout: 5 });
  }
}
const dropBenchDatabases = () => benchDatabases(true);

// Concurrently: the webhook benchmark, half a minute of server starts and load, sets the pace; the others run beside it.
describe.skipIf(!serverUrl).concurrent('benchmarks at smoke scale (need PostgreSQL: set TEST_DATABASE_URL)', () => {
  beforeAll(dropBenchDatabases);
  afterAll(dropBenchDatabases);

  it('every bench:* script is covered', () => {
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.map(([name]) => name).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [name, command] of scripts) {
    it(`${name} runs on a fresh database and prints its figures`, { timeout: RUN_TIMEOUT_MS + 10_000 }, async () => {
      const expected = EXPECTED[name];
      expect(expected, `${name}: add its database and output lines to EXPECTED`).toBeDefined();
      const file = /^tsx (bench\/[\w-]+\.ts)$/.exec(command)?.[1];
      expect(file, `${name}: expected 'tsx bench/<name>.ts', got '${command}'`).toBeDefined();
      const run = await runBench(file!);
      const context = `${name} (${run.ms} ms, exit ${run.code ?? run.signal}):\n${run.output}`;
      expect(run.code, context).toBe(0);
      // It made its own smoke-scale database of this checkout (beforeAll dropped them all).
      expect(await benchDatabases(), context).toContain(`${expected!.db}_smoke${BENCH_DB_SUFFIX}`);
      for (const line of expected!.lines) expect(run.output, context).toMatch(line);
      expect(run.output, context).not.toMatch(/WARNING: expected|FEWER ROWS THAN ACKS/);
    });
  }
});
