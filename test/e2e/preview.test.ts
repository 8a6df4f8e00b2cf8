// The production bundle in an ordinary browser on localhost, as `npm start` serves it: outside Zalo there is no
// Zalo account, so a server in development mode offers the seeded personas, and one in production does not.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { browserPage, buildE2eBundle, cspViolations, launchChromium, requireChromiumInCi, screenshot, screenshotFailure, serveApp } from './browser.js';

const haveChromium = requireChromiumInCi();

describe.skipIf(!haveChromium)('production bundle in a browser outside Zalo', () => {
  let dist: string;
  let browser: Browser;
  const servers: { t: TestApp; base: string; close: () => Promise<void> }[] = [];

  async function start(nodeEnv: 'development' | 'production') {
    const t = await createTestApp('pglite', { now: new Date(), miniAppDir: dist, env: { NODE_ENV: nodeEnv } });
    const entry = { t, ...(await serveApp(t)) };
    servers.push(entry);
    return entry;
  }

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'pakn-preview-'));
    buildE2eBundle('production', dist);
    browser = await launchChromium();
  }, 180_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshotFailure(ctx.task.name);
    expect(cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    for (const s of servers) {
      await s.close();
      await s.t.close();
    }
    if (dist) rmSync(dist, { recursive: true, force: true });
  });

  it('offers the development personas on a development server, and routes under /zapps/ like Zalo', async () => {
    const { base } = await start('development');
    const { context, page, errors } = await browserPage(browser);
    await page.goto(base);
    await page.getByText('Đăng nhập thử (chế độ phát triển)').waitFor();
    expect(new URL(page.url()).pathname).toBe('/zapps/preview/');
    await screenshot(page, '00-preview-sign-in');
    await page.getByRole('button', { name: 'Người dân: Công dân thử nghiệm' }).click();
    await page.getByRole('button', { name: 'Phản ánh của tôi' }).click();
    await page.getByText('Bạn chưa gửi phản ánh nào').waitFor();
    expect(new URL(page.url()).pathname).toBe('/zapps/preview/feedback/mine');
    // A reload of a deep link gets the page again, and its files load from /assets/.
    await page.reload();
    await page.getByText('Bạn chưa gửi phản ánh nào').waitFor();
    expect(errors.filter((e) => e.startsWith('pageerror'))).toEqual([]);
    await context.close();
  });

  it('runs the production bundle (real zmp-sdk) under the Content-Security-Policy, which blocks injected script', async () => {
    const { base } = await start('production');
    const { context, page } = await browserPage(browser);
    const res = await page.goto(`${base}/officer`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(res?.headers()['referrer-policy']).toBe('strict-origin-when-cross-origin');
    await page.getByText('Vui lòng mở ứng dụng trong Zalo', { exact: false }).waitFor();
    expect(cspViolations.splice(0)).toEqual([]);
    // The check sees a violation when there is one: an injected inline script is refused and reported.
    await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { createElement(t: string): { textContent: string }; head: { append(n: unknown): void } } }).document;
      const script = doc.createElement('script');
      script.textContent = 'globalThis.injected = true';
      doc.head.append(script);
    });
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
    expect(cspViolations.join('\n')).toMatch(/script-src/);
    expect(await page.evaluate(() => (globalThis as { injected?: boolean }).injected)).toBeUndefined();
    cspViolations.length = 0;
    await context.close();
  });

  it('offers no personas on a production server: it says to open the app in Zalo', async () => {
    const { base } = await start('production');
    const { context, page } = await browserPage(browser);
    await page.goto(`${base}/officer`);
    await page.getByText('Vui lòng mở ứng dụng trong Zalo', { exact: false }).waitFor();
    await expect(page.getByText('Đăng nhập thử').count()).resolves.toBe(0);
    await context.close();
  });
});
