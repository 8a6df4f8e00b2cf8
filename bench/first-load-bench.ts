// npm run bench:first-load [-- --runs N] [-- --smoke]: how long a phone on a poor mobile network waits for the
// mini app's first usable screen, per role, against the real server process serving the production build.
//
// Each load is a fresh browser context (empty cache, nothing stored but the session) in Debian's Chromium, 360×640,
// throttled through CDP: 1.6 Mbps down, 750 kbps up, 150 ms latency, CPU 4× slower. The time is from navigation
// start (the page's performance.now()) to the moment the screen's main content is on screen; the bytes are what
// came over the wire (CDP encodedDataLength) until then. Signed-in roles are returning users: each signed in once
// beforehand through the development sign-in screen, and every load starts with what the app stored then.
// --smoke: one run, no throttling, to prove the benchmark works; its figures say nothing about performance.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext } from 'playwright-core';
import { launchChromium } from '../test/e2e/browser.js';
import { benchDbName, benchScale, benchServerUrl, freePort, prepareDatabase, withDatabase } from './bench-support.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const scale = benchScale();
const RUNS = scale === 'smoke' ? 1 : runsArg(process.argv);
/** --files: also list, for each screen's last run, what it downloaded, when it was asked for and when it finished. */
const LIST_FILES = process.argv.includes('--files');
const THROTTLED = scale !== 'smoke';
const NETWORK = { offline: false, latency: 150, downloadThroughput: 1_600_000 / 8, uploadThroughput: 750_000 / 8 };
const CPU_SLOWDOWN = 4;
const PHONE = { width: 360, height: 640 };
/** The targets of issue 11 (defect 9). */
const TARGETS_MS: Partial<Record<ScreenKey, number>> = { citizen: 2000, leader: 2500 };
const FIRST_LOAD_JS_BUDGET = 160 * 1024;

type ScreenKey = 'sign-in' | 'citizen' | 'officer' | 'leader';
interface Screen {
  key: ScreenKey;
  label: string;
  /** The button of the development persona to sign in with on the sign-in screen, or none (the sign-in screen). */
  signInButton: string | null;
  /** What marks the screen usable: an element matching `css` whose text contains `text`, on screen. */
  usable: { css: string; text?: string };
}

const SCREENS: Screen[] = [
  { key: 'sign-in', label: 'sign-in screen', signInButton: null, usable: { css: 'main.sign-in button', text: 'Người dân' } },
  { key: 'citizen', label: 'citizen home', signInButton: 'Người dân: Công dân thử nghiệm', usable: { css: 'button', text: 'Gửi phản ánh' } },
  { key: 'officer', label: 'officer inbox', signInButton: 'Cán bộ xử lý: Cán bộ Sở Xây dựng', usable: { css: '.item-list .list-item' } },
  // What needs action comes first on the dashboard (the figures are below the fold): its overdue list, loaded (its
  // items, or the line saying there are none), not just its heading.
  {
    key: 'leader',
    label: 'leader dashboard',
    signInButton: 'Lãnh đạo: Lãnh đạo UBND tỉnh',
    usable: { css: '[aria-labelledby="due-overdue"] .list-item, [aria-labelledby="due-overdue"] .state-empty' },
  },
];

function runsArg(argv: readonly string[]): number {
  const i = argv.indexOf('--runs');
  if (i < 0) return 5;
  const n = Number(argv[i + 1]);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new Error(`--runs takes a whole number from 1 to 100 (got '${argv[i + 1]}')`);
  return n;
}

async function startServer(databaseUrl: string): Promise<{ base: string; stop: () => Promise<void> }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', PORT: String(port), DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' };
  // The development sign-in answers only without Zalo app credentials.
  delete env.ZALO_APP_ID;
  delete env.ZALO_APP_SECRET;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'bot-server/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
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
    // "localhost" is the preview host the app and the development sign-in expect.
    base: `http://localhost:${port}`,
    stop: () =>
      new Promise<void>((res) => {
        child.on('exit', () => res());
        child.kill('SIGTERM');
      }),
  };
}

async function call<T>(base: string, path: string, init: { token?: string; json?: unknown } = {}): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method: init.json === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(init.token ? { authorization: `Bearer ${init.token}` } : {}) },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

type StorageState = Awaited<ReturnType<BrowserContext['storageState']>>;

/** A few feedback items, so the officer's inbox and the leader's figures are not empty. */
async function seedFeedback(base: string): Promise<void> {
  const { token } = await call<{ token: string }>(base, '/api/v1/auth/dev', { json: { persona: 'citizen' } });
  const contents = ['Đèn đường hỏng trước số 12 Lê Lợi, tối không đi được', 'Ổ gà lớn trên đường Trần Hưng Đạo, rất nguy hiểm', 'Cống thoát nước bị tắc ở ngõ 5 Nguyễn Trãi'];
  for (const content of contents) await call(base, '/api/v1/feedback', { token, json: { category: 'ha-tang', content } });
}

/**
 * What the app keeps in the browser for a returning user: one sign-in through the sign-in screen (unthrottled),
 * until the persona's first screen is usable, then the context's storage. Later loads start from it in a new
 * context, so the HTTP cache is empty but the session (and whatever else the app stored) is there.
 */
async function signedInState(browser: Browser, base: string, screen: Screen): Promise<StorageState> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
  try {
    await context.addInitScript({ content: usableWatcher(screen.usable) });
    const page = await context.newPage();
    await page.goto(`${base}/`);
    await page.locator('main.sign-in button', { hasText: screen.signInButton! }).click();
    await page.waitForFunction(usableAt, undefined, { timeout: 60_000 }).catch((err: Error) => {
      throw new Error(`${screen.label}: not usable 60 s after signing in (at ${new URL(page.url()).pathname}): ${err.message}`);
    });
    return await context.storageState();
  } finally {
    await context.close();
  }
}

interface Load {
  ms: number;
  /** First contentful paint: when the page stops being blank. */
  fcpMs: number | null;
  bytes: number;
  requests: number;
  /** What came over the wire until then, in the order it finished: path and bytes. */
  files: { path: string; bytes: number; sent: number; at: number }[];
}

/**
 * A script that records, in the page, when the screen first shows its usable mark: checked on every DOM change and
 * every 50 ms, since a style sheet arriving changes visibility without one. A string, not a function: tsx's
 * transform would give a function helper calls (__name) that do not exist in the page.
 */
function usableWatcher({ css, text }: Screen['usable']): string {
  return `(() => {
    const css = ${JSON.stringify(css)}, text = ${JSON.stringify(text ?? '')};
    const check = () => {
      if (window.__usableAt !== undefined) return;
      for (const el of document.querySelectorAll(css)) {
        if (text && !(el.textContent || '').includes(text)) continue;
        const r = el.getBoundingClientRect();
        const onScreen = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
        if (onScreen && el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) {
          window.__usableAt = performance.now();
          return;
        }
      }
    };
    new MutationObserver(check).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
    const timer = setInterval(() => (window.__usableAt === undefined ? check() : clearInterval(timer)), 50);
  })();`;
}

/** Read in the page (a function: the page's CSP refuses strings to evaluate). */
const usableAt = () => (globalThis as { __usableAt?: number }).__usableAt;

/** One cold load of a screen in a fresh context. */
async function load(browser: Browser, base: string, screen: Screen, storageState: StorageState | undefined): Promise<Load> {
  const context = await browser.newContext({ viewport: PHONE, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh', storageState });
  try {
    await context.addInitScript({ content: usableWatcher(screen.usable) });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    // A new context has an empty HTTP cache. The cache is not disabled on top: that would also refuse the page its
    // own preloads, which a real cold load uses.
    await cdp.send('Network.enable');
    if (THROTTLED) {
      await cdp.send('Network.emulateNetworkConditions', NETWORK);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    }
    let counting = true;
    const urls = new Map<string, string>();
    const sentAt = new Map<string, number>();
    const files: Load['files'] = [];
    let origin = 0;
    cdp.on('Network.requestWillBeSent', (e) => {
      urls.set(e.requestId, e.request.url);
      if (!origin && e.type === 'Document') origin = e.timestamp;
      sentAt.set(e.requestId, e.timestamp);
    });
    cdp.on('Network.loadingFinished', (e) => {
      if (!counting) return;
      const url = new URL(urls.get(e.requestId) ?? 'about:blank');
      const ms = (t: number) => (t - origin) * 1000;
      files.push({ path: url.pathname + url.search, bytes: e.encodedDataLength, sent: ms(sentAt.get(e.requestId) ?? origin), at: ms(e.timestamp) });
    });
    await page.goto(`${base}/`, { waitUntil: 'commit' });
    const handle = await page.waitForFunction(usableAt, undefined, { timeout: 60_000, polling: 100 }).catch(async (err: Error) => {
      const text = (await page.locator('body').innerText({ timeout: 5_000 }).catch(() => '?')).slice(0, 500);
      throw new Error(`${screen.label}: not usable after 60 s (${err.message}); the page shows: ${text}`);
    });
    counting = false;
    const ms = (await handle.jsonValue()) as number;
    const fcpMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null);
    return { ms, fcpMs, bytes: files.reduce((n, f) => n + f.bytes, 0), requests: files.length, files };
  } finally {
    await context.close();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2;
};
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

/** The built first-load JS (entry + what it preloads) gzip-compressed, as bundle-report.ts counts it. */
async function firstLoadJs(): Promise<{ gzip: number; files: number } | null> {
  try {
    const { bundleReport } = await import('../mini-app/bundle-report.js');
    const report = bundleReport(resolve(ROOT, 'mini-app/dist'));
    return { gzip: report.firstLoadJsGzip, files: report.firstLoadJs.length };
  } catch {
    return null;
  }
}

async function main() {
  // The production build npm start serves (built when missing or older than its sources).
  execFileSync(process.execPath, ['--import', 'tsx', 'mini-app/ensure-build.ts'], { cwd: ROOT, stdio: 'inherit' });
  const serverUrl = benchServerUrl();
  const name = benchDbName('pakn_bench_first_load', scale);
  await prepareDatabase(serverUrl, name, { recreate: true });
  const server = await startServer(withDatabase(serverUrl, name));
  let browser: Browser | undefined;
  try {
    await seedFeedback(server.base);
    browser = await launchChromium();
    const states = new Map<ScreenKey, StorageState>();
    for (const screen of SCREENS) if (screen.signInButton) states.set(screen.key, await signedInState(browser, server.base, screen));
    const loads = new Map<ScreenKey, Load[]>(SCREENS.map((s) => [s.key, []]));
    // Round-robin, so load from elsewhere on the machine falls on every screen alike.
    for (let run = 0; run < RUNS; run++) {
      for (const screen of SCREENS) loads.get(screen.key)!.push(await load(browser, server.base, screen, states.get(screen.key)));
    }

    const conditions = THROTTLED
      ? `1.6 Mbps down / 750 kbps up, 150 ms latency, CPU ${CPU_SLOWDOWN}× slower`
      : 'no throttling (smoke: the figures say nothing about performance)';
    console.log(`first load of the mini app in Chromium at ${PHONE.width}×${PHONE.height}, cold cache, ${conditions}; median of ${RUNS} run(s)`);
    console.log('| screen | usable (median) | target | first paint (median) | bytes transferred (median) | requests |');
    console.log('|---|---|---|---|---|---|');
    for (const screen of SCREENS) {
      const l = loads.get(screen.key)!;
      const ms = median(l.map((x) => x.ms));
      const fcps = l.flatMap((x) => (x.fcpMs === null ? [] : [x.fcpMs]));
      const target = TARGETS_MS[screen.key];
      const verdict = target === undefined ? '–' : `≤ ${(target / 1000).toFixed(1)} s ${ms <= target ? 'met' : 'MISSED'}`;
      console.log(
        `| ${screen.label} | ${(ms / 1000).toFixed(2)} s | ${verdict} | ${fcps.length ? `${(median(fcps) / 1000).toFixed(2)} s` : '–'} | ${kib(median(l.map((x) => x.bytes)))} | ${median(l.map((x) => x.requests))} |`,
      );
    }
    const js = await firstLoadJs();
    if (js) {
      console.log(`first-load JS: ${kib(js.gzip)} gzip in ${js.files} file(s) (target ≤ ${kib(FIRST_LOAD_JS_BUDGET)} ${js.gzip <= FIRST_LOAD_JS_BUDGET ? 'met' : 'MISSED'})`);
    }
    for (const screen of SCREENS) {
      const l = loads.get(screen.key)!;
      console.log(`${screen.label} runs: ${l.map((x) => `${(x.ms / 1000).toFixed(2)} s`).join(', ')}`);
    }
    if (LIST_FILES) {
      for (const screen of SCREENS) {
        console.log(`\n${screen.label}, last run (asked at ms, finished at ms, bytes, path):`);
        for (const f of loads.get(screen.key)!.at(-1)!.files) {
          console.log(`  ${f.sent.toFixed(0).padStart(6)}  ${f.at.toFixed(0).padStart(6)}  ${String(f.bytes).padStart(8)}  ${f.path}`);
        }
      }
    }
  } finally {
    await browser?.close();
    await server.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
