// Debian's Chromium driven by playwright-core, for the browser tests. Without a Chromium the tests skip locally,
// but in CI (CI=true) they must run, so a missing browser is an error there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { StaffRole } from '../../db/schema.js';
import { type FakeZalo, startFakeZalo } from '../support/fake-zalo.js';
import { requireInCi } from '../support/required-in-ci.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const E2E_DIST = join(ROOT, 'mini-app/dist-e2e');
export const SCREENSHOTS = join(ROOT, 'test-results/screens');

export function chromiumPath(): string | null {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
      if (found) return found;
    } catch {
      // not on PATH
    }
  }
  return null;
}

/**
 * Whether the browser tests can run here. Locally they skip without Chromium; in CI they must run, so a missing
 * Chromium is an error there, not a skip.
 */
export function requireChromiumInCi(): boolean {
  return requireInCi('Chromium', chromiumPath() !== null, '.ci/run must apt-get install chromium');
}

/** The flags this machine needs: no sandbox as root, and no background calls into a closed network. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('Chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
  return chromium.launch({ executablePath, headless: true, args: FLAGS });
}

/**
 * Builds the mini app into `outDir`: by default with zmp-sdk replaced by the fake bridge (vite --mode e2e) into
 * mini-app/dist-e2e; with mode 'production', the bundle users get.
 */
export function buildE2eBundle(mode: 'e2e' | 'production' = 'e2e', outDir = E2E_DIST): void {
  const args = ['build', '--config', 'mini-app/vite.config.mts', '--mode', mode, '--outDir', outDir, '--logLevel', 'warn'];
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), ...args], {
    cwd: ROOT,
    stdio: 'inherit',
    // A mode other than "production" would otherwise make a development build (React's, and zmp-ui's routing).
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

export const PHONE = { width: 360, height: 640 };
/** Zalo's in-app webview names itself in the user agent; zalo.ts reads it to know it is inside Zalo. */
export const ZALO_USER_AGENT =
  'Mozilla/5.0 (Linux; Android 14; SM-A546E) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 Zalo android/12345 ZaloTheme/light ZaloLanguage/vi';

export type OpenedPage = { context: BrowserContext; page: Page; errors: string[] };

/**
 * Content-Security-Policy violations of every page opened so far: Chromium's own "Refused to …" console errors
 * and the pages' securitypolicyviolation events. The suites check that it stays empty.
 */
export const cspViolations: string[] = [];
const CSP_MESSAGE = /Content Security Policy|securitypolicyviolation/i;

/** Pages still open, with what went wrong in each: a failed test saves their screenshots and prints the errors. */
const openPages = new Map<Page, string[]>();

async function openPage(context: BrowserContext): Promise<OpenedPage> {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  openPages.set(page, errors);
  page.on('close', () => openPages.delete(page));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    if (CSP_MESSAGE.test(m.text())) cspViolations.push(`${page.url()}: ${m.text()}`);
  });
  // Reported in the page as well, for violations the console does not show (e.g. of report-only rules).
  await page.addInitScript(() => {
    const doc = (globalThis as unknown as { document: { addEventListener(t: string, f: (e: Record<string, unknown>) => void): void } }).document;
    doc.addEventListener('securitypolicyviolation', (e) =>
      console.warn(`securitypolicyviolation: ${String(e.violatedDirective)} blocked ${String(e.blockedURI)} at ${String(e.sourceFile)}:${String(e.lineNumber)}`),
    );
  });
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`));
  return { context, page, errors };
}

const PAGE_OPTIONS = { viewport: PHONE, locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' } as const;

/** A phone-sized page in an ordinary browser (the preview outside Zalo). */
export async function browserPage(browser: Browser): Promise<OpenedPage> {
  return openPage(await browser.newContext(PAGE_OPTIONS));
}

/** A phone-sized page inside "Zalo", whose bridge hands out the given tokens. */
export async function zaloPage(browser: Browser, tokens: { accessToken: string; phoneToken?: string; locationToken?: string }): Promise<OpenedPage> {
  const context = await browser.newContext({ ...PAGE_OPTIONS, userAgent: ZALO_USER_AGENT, hasTouch: true, isMobile: true });
  await context.addInitScript((t) => {
    const storage = (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage;
    for (const [k, v] of Object.entries(t)) if (v) storage.setItem(`e2e.zalo.${k}`, v);
  }, tokens);
  return openPage(context);
}

export async function screenshotFailure(testName: string): Promise<void> {
  let i = 0;
  for (const [page, errors] of openPages) {
    const name = `FAILED-${testName.replace(/[^\w-]+/g, '-').slice(0, 60)}-${i++}`;
    await screenshot(page, name).catch(() => {});
    if (errors.length) console.error(`${name} (${page.url()}):\n  ${errors.join('\n  ')}`);
  }
}

/** Serves the app on a free port of 127.0.0.1 and gives its address under the name localhost (the preview host). */
export async function serveApp(t: TestApp): Promise<{ base: string; close: () => Promise<void> }> {
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    base: `http://localhost:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  // Let zmp-ui's page and sheet transitions finish, so the picture shows one screen.
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** What can be cut at 360 px: badges, buttons, selects, read-only fields, field labels, terms and list rows. */
export const CUT_CANDIDATES = '.badge, button, .zaui-btn, .zaui-select, select, input[readonly], .field-label, dt, .list-item';

/**
 * Nothing the elements of `selector` show is cut: the text fits its box, as the 360-px screens require, and a term is
 * on one line ("Đơn vị xử / lý" reads as cut too).
 */
export async function expectNothingCut(page: Page, selector = CUT_CANDIDATES): Promise<void> {
  const cut = await page.$$eval(selector, (els) => {
    // The page's window, typed here: this project has no DOM types.
    type Rects = { getClientRects(): ArrayLike<{ top: number }> };
    const win = globalThis as unknown as {
      getComputedStyle(e: unknown): { visibility: string };
      document: { createRange(): Rects & { selectNodeContents(e: unknown): void } };
    };
    const out: string[] = [];
    for (const e of els) {
      const text = (e.textContent || (e as unknown as { value?: string }).value || '').trim();
      const box = e.getBoundingClientRect();
      // What is not drawn cannot be cut.
      if (!box.width || !box.height || win.getComputedStyle(e).visibility === 'hidden') continue;
      if (e.scrollWidth > e.clientWidth + 1) out.push(`${e.tagName}.${e.className}: “${text.slice(0, 60)}” ${e.scrollWidth}>${e.clientWidth}`);
      if (e.tagName === 'DT') {
        const range = win.document.createRange();
        range.selectNodeContents(e);
        if (new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size > 1) out.push(`dt wraps: “${text}”`);
      }
    }
    return out;
  });
  if (cut.length > 0) throw new Error(`Cut at ${page.viewportSize()?.width ?? '?'} px: ${JSON.stringify(cut)}`);
}

/** Someone the fake Zalo signs in. */
export interface ZaloPerson {
  accessToken: string;
  id: string;
  name: string;
}
/** A staff member, imported with their phone number; Zalo shares that number when they link their account. */
export interface StaffPerson extends ZaloPerson {
  phone: string;
  phoneToken: string;
  unit: string;
  role: StaffRole;
}

/** Filled in by the suite's beforeAll: read it inside the tests, not when the describe runs. */
export interface E2eApp {
  t: TestApp;
  /** The fake Zalo; absent on a preview server. */
  fake: FakeZalo | undefined;
  base: string;
  browser: Browser;
  /** A page of `who` inside Zalo, as staff (the phone is linked on the consent screen the first time), opened at `path`. */
  staffPage(who: StaffPerson, path?: string): Promise<OpenedPage>;
}

export interface E2eAppOptions {
  /** The test clock (default: now). */
  now?: Date;
  /** A development server outside Zalo, offering the personas, instead of the fake Zalo. */
  preview?: boolean;
  /** The people the fake Zalo knows; the staff among them are imported. */
  people?: (ZaloPerson | StaffPerson)[];
  /** Data to add before the app is served. */
  setup?: (t: TestApp, fake: FakeZalo | undefined) => Promise<void>;
}

const isStaff = (p: ZaloPerson | StaffPerson): p is StaffPerson => 'phone' in p;

/**
 * One browser suite's app, set up in the describe that calls it: the mini app built into .tmp/dist-e2e-<name> (each
 * suite its own: suites build at the same time, and a rebuild under a running suite swaps the files it serves), the
 * real server on PGlite with the fake Zalo (or a preview server), and Chromium. After each test a failure saves
 * screenshots, and no Content-Security-Policy violation may have happened.
 */
export function useE2eApp(name: string, options: E2eAppOptions = {}): E2eApp {
  const dist = join(ROOT, `.tmp/dist-e2e-${name}`);
  let server: Awaited<ReturnType<typeof serveApp>> | undefined;
  const linked = new Set<string>();
  const app: E2eApp = {
    t: undefined as unknown as TestApp,
    fake: undefined,
    base: '',
    browser: undefined as unknown as Browser,
    async staffPage(who, path) {
      const opened = await zaloPage(app.browser, { accessToken: who.accessToken, phoneToken: who.phoneToken });
      if (!linked.has(who.id)) {
        await opened.page.goto(`${app.base}/link-staff`);
        await opened.page.getByRole('button', { name: 'Đồng ý và xác minh số điện thoại' }).click();
        await opened.page.waitForURL((url) => !url.pathname.endsWith('/link-staff'));
        linked.add(who.id);
      }
      if (path !== undefined) await opened.page.goto(`${app.base}${path}`);
      return opened;
    },
  };

  beforeAll(async () => {
    buildE2eBundle('e2e', dist);
    const now = options.now ?? new Date();
    if (options.preview) {
      app.t = await createTestApp('pglite', { now, miniAppDir: dist, env: { NODE_ENV: 'development' } });
    } else {
      const fake = (app.fake = await startFakeZalo({ appSecret: 'e2e-app-secret' }));
      app.t = await createTestApp('pglite', {
        now,
        miniAppDir: dist,
        env: { ZALO_GRAPH_BASE: fake.baseUrl, ZALO_APP_SECRET: 'e2e-app-secret', ZALO_OA_ID: '4100000000000000001' },
      });
      const people = options.people ?? [];
      const staff = people.filter(isStaff);
      if (staff.length > 0) {
        const json = staff.map((p) => ({ phone: p.phone, name: p.name, unit: p.unit, role: p.role }));
        expect((await app.t.request('POST', '/api/v1/admin/users/import', { token: ADMIN_TOKEN, json })).status).toBe(200);
      }
      for (const p of people) fake.addUserToken(p.accessToken, { id: p.id, name: p.name });
      for (const p of staff) fake.addPhoneCode(p.phoneToken, `84${p.phone.slice(1)}`);
    }
    await options.setup?.(app.t, app.fake);
    server = await serveApp(app.t);
    app.base = server.base;
    app.browser = await launchChromium();
  }, 180_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshotFailure(ctx.task.name);
    expect(cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([]);
  });

  afterAll(async () => {
    await app.browser?.close();
    await server?.close();
    await app.t?.close();
    await app.fake?.close();
  });

  return app;
}
