// npm run bench:fuzz [-- --smoke] [-- --requests 20000] [-- --checkout <dir>]: the hostile-input fuzz of the test
// suite, black-box over HTTP against a real server process, at a larger size. It prints how many answers had each
// status, the 5xx ones, and whether the server's log holds planted personal data.
//
// --checkout runs the server of another checkout of this repository (e.g. a worktree of an older commit), with
// the requests generated here: that is how the before/after table of issue 10 is made. The server runs in
// development mode on a fresh PostgreSQL database, with the admin token and the development personas for the
// citizen and officer sessions; requests come through X-Forwarded-For from many addresses (TRUSTED_PROXIES is
// loopback), half of them from one.
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostileRequest, PERSONAL_DATA_PATTERNS, PLANTED, prng } from '../test/support/hostile-requests.js';
import { benchDbName, benchScale, benchServerUrl, freePort, prepareDatabase, withDatabase } from './bench-support.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const scale = benchScale();
const REQUESTS = Number(arg('requests') ?? (scale === 'smoke' ? 300 : 20_000));
const CHECKOUT = resolve(arg('checkout') ?? ROOT);
const SEED = Number(arg('seed') ?? 20261203);
const ADMIN = 'fuzz-admin-token-0123456789';

async function main() {
  const server = benchServerUrl();
  const name = benchDbName('pakn_bench_fuzz', scale);
  await prepareDatabase(server, name, { recreate: true });
  const port = await freePort();
  const log: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bot-server/src/main.ts'], {
    cwd: CHECKOUT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      DATABASE_URL: withDatabase(server, name),
      ADMIN_API_TOKEN: ADMIN,
      TRUSTED_PROXIES: '127.0.0.1,::1',
      LOG_LEVEL: 'info',
      // Nothing leaves this machine: Zalo's APIs are a closed port here, so sign-ins with a token answer 503.
      ZALO_GRAPH_BASE: 'http://127.0.0.1:9',
      ZALO_OPENAPI_BASE: 'http://127.0.0.1:9',
      ZALO_OAUTH_BASE: 'http://127.0.0.1:9',
      ZALO_BUSINESS_BASE: 'http://127.0.0.1:9',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (b: Buffer) => log.push(b.toString()));
  child.stderr!.on('data', (b: Buffer) => log.push(b.toString()));
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error('server did not start in 90 s')), 90_000);
    const poll = setInterval(() => {
      if (log.join('').includes('PAKN server:')) {
        clearInterval(poll);
        clearTimeout(timer);
        res();
      }
    }, 100);
    child.on('exit', (code) => rej(new Error(`server exited with ${code}: ${log.join('').slice(-2000)}`)));
  });
  const base = `http://127.0.0.1:${port}`;
  try {
    const signIn = async (persona: string) => {
      const res = await fetch(`${base}/api/v1/auth/dev`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persona }) });
      if (!res.ok) throw new Error(`development sign-in as ${persona}: ${res.status}`);
      return ((await res.json()) as { token: string }).token;
    };
    const citizen = await signIn('citizen');
    const officer = await signIn('officer');
    const filed = await fetch(`${base}/api/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${citizen}` },
      body: JSON.stringify({ category: 'ha-tang', content: 'Ổ gà lớn trước số 12, rất nguy hiểm', contact: { name: 'Trần Thị B', phone: PLANTED.phones[0], email: PLANTED.emails[0] } }),
    });
    const { code } = (await filed.json()) as { code: string };

    const r = prng(SEED);
    const statuses = new Map<number, number>();
    const fiveHundreds = new Map<string, number>();
    const started = performance.now();
    for (let i = 0; i < REQUESTS; i++) {
      const req = hostileRequest(r, { admin: ADMIN, citizen, officer, code });
      const ip = i % 2 ? '203.0.113.1' : `198.51.${(i >> 8) % 250}.${i % 250}`;
      let status: number;
      try {
        const res = await fetch(`${base}${req.path}`, {
          method: req.method,
          headers: { ...req.headers, 'x-forwarded-for': ip },
          ...(req.body !== undefined ? { body: req.body } : {}),
        });
        status = res.status;
        await res.arrayBuffer();
      } catch {
        status = 0; // the client refused to send it (e.g. a header it considers invalid) or the connection failed
      }
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) {
        const route = `${req.method} ${req.path.split('?')[0]!.replace(/PA-\d{4}-\d+/, ':code')}`;
        fiveHundreds.set(route, (fiveHundreds.get(route) ?? 0) + 1);
      }
    }
    const seconds = (performance.now() - started) / 1000;
    const health = (await fetch(`${base}/health`)).status;
    child.kill('SIGTERM');
    await new Promise((res) => child.on('exit', res));
    const text = log.join('');

    console.log(`fuzz: ${REQUESTS} requests (seed ${SEED}) against ${CHECKOUT} in ${seconds.toFixed(1)} s; /health afterwards ${health}`);
    console.log('| status | count |');
    console.log('|---|---|');
    for (const [s, n] of [...statuses].sort((a, b) => a[0] - b[0])) console.log(`| ${s === 0 ? 'not sent' : s} | ${n} |`);
    const total5xx = [...statuses].filter(([s]) => s >= 500 && s !== 503).reduce((n, [, c]) => n + c, 0);
    // 503 is the right answer when Zalo cannot be reached (the sign-ins that got past validation): counted apart.
    console.log(`5xx answers: ${total5xx} (and ${statuses.get(503) ?? 0} × 503 "Zalo unreachable")`);
    for (const [route, n] of [...fiveHundreds].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${n}\t${route}`);
    const lines = text.split('\n');
    for (const [what, pattern] of PERSONAL_DATA_PATTERNS) {
      console.log(`log lines with ${what}: ${lines.filter((l) => pattern.test(l)).length} of ${lines.length}`);
    }
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
