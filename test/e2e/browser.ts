// Debian's Chromium driven by playwright-core, for the browser tests. Without a Chromium the tests skip locally,
// but in CI (CI=true) they must run, so a missing browser is an error there.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { requireInCi } from '../support/required-in-ci.js';
import type { TestApp } from '../support/test-app.js';

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

type OpenedPage = { context: BrowserContext; page: Page; errors: string[] };

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

/** Nothing a badge, button, select or list row shows is cut: its text fits its box, as the 360-px screens require. */
export async function expectNothingCut(page: Page, selector = '.badge, button, .zaui-select, .zaui-btn, .list-item'): Promise<void> {
  const cut = await page.$$eval(selector, (els) =>
    els
      // An icon without text cannot be cut short.
      .filter((e) => (e.textContent ?? '').trim() !== '' && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
      .map((e) => (e.textContent ?? '').trim().slice(0, 60)),
  );
  if (cut.length > 0) throw new Error(`Cut at ${page.viewportSize()?.width ?? '?'} px: ${JSON.stringify(cut)}`);
}
