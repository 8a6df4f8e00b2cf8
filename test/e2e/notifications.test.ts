// The notification centre in Chromium at 360×640: an officer asks for information → the citizen sees 1 unread on
// the home's bell, opens it, the count goes to 0; the citizen adds the information → the officer's inbox says
// "Công dân đã bổ sung" and the officer's unread count goes up.
import { eq } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.js';
import { createSession } from '../../bot-server/src/features/auth/session-repository.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { type FakeZalo, startFakeZalo } from '../support/fake-zalo.js';
import { buildE2eBundle, cspViolations, launchChromium, requireChromiumInCi, screenshot, screenshotFailure, serveApp, zaloPage } from './browser.js';
import { join as joinPath } from 'node:path';
import { ROOT } from './browser.js';

// Its own build directory: other browser suites build theirs at the same time, and a rebuild under a running
// suite swaps the files it serves.
const E2E_DIST = joinPath(ROOT, '.tmp/dist-e2e-notifications');


const haveChromium = requireChromiumInCi();

const CITIZEN = { accessToken: 'e2e-notify-citizen', id: '3200000000000000001', name: 'Võ Thị Công Dân' };
const LEADER = { accessToken: 'e2e-notify-leader', id: '3200000000000000003', name: 'Lê Thị Lãnh Đạo', phone: '0912346002', phoneToken: 'e2e-notify-phone-l' };
const OFFICER = { accessToken: 'e2e-notify-officer', id: '3200000000000000002', name: 'Đỗ Văn Cán Bộ', phone: '0912346001', phoneToken: 'e2e-notify-phone' };

/** The badge is drawn whole: no text cut at 360 px. */
async function badgeFits(page: Page, scope = page.locator('body')) {
  const badge = scope.getByTestId('unread-badge').first();
  await badge.waitFor();
  const fit = await badge.evaluate((el) => ({ s: el.scrollWidth, c: el.clientWidth, r: el.getBoundingClientRect().right }));
  expect(fit.s).toBeLessThanOrEqual(fit.c);
  expect(fit.r).toBeLessThanOrEqual(360);
  return (await badge.textContent())?.trim();
}

describe.skipIf(!haveChromium)('notifications in Chromium', () => {
  let fake: FakeZalo;
  let t: TestApp;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    buildE2eBundle('e2e', E2E_DIST);
    fake = await startFakeZalo({ appSecret: 'e2e-app-secret' });
    t = await createTestApp('pglite', {
      now: new Date(),
      miniAppDir: E2E_DIST,
      env: { ZALO_GRAPH_BASE: fake.baseUrl, ZALO_APP_SECRET: 'e2e-app-secret', ZALO_OA_ID: '4100000000000000001' },
    });
    const imported = await t.request('POST', '/api/v1/admin/users/import', {
      token: ADMIN_TOKEN,
      json: [
        { phone: OFFICER.phone, name: OFFICER.name, unit: 'SO-XD', role: 'officer' },
        { phone: LEADER.phone, name: LEADER.name, unit: 'TINH', role: 'leader' },
      ],
    });
    expect(imported.status).toBe(200);
    for (const p of [CITIZEN, OFFICER, LEADER]) fake.addUserToken(p.accessToken, { id: p.id, name: p.name });
    for (const p of [OFFICER, LEADER]) fake.addPhoneCode(p.phoneToken, `84${p.phone.slice(1)}`);
    server = await serveApp(t);
    base = server.base;
    browser = await launchChromium();
  }, 180_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshotFailure(ctx.task.name);
    expect(cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
    await fake?.close();
  });

  it('tells the citizen of a request for information and the officer of the reply, with counts that follow', async () => {
    // The citizen signs in, and files an item (through the API: the form is tested in mini-app.test.ts).
    const citizen = await zaloPage(browser, { accessToken: CITIZEN.accessToken });
    await citizen.page.goto(`${base}/`);
    await citizen.page.getByRole('button', { name: 'Thông báo', exact: true }).waitFor();
    expect(await citizen.page.getByTestId('unread-badge').count()).toBe(0);
    const [row] = await t.database.db.select({ id: users.id }).from(users).where(eq(users.zaloAppUserId, CITIZEN.id));
    const token = await createSession(t.database.db, row!.id, new Date());
    const filed = await t.request('POST', '/api/v1/feedback', { token, json: { category: 'ha-tang', content: 'Vỉa hè trước số 15 phố Nguyễn Du bị sụt lún' } });
    expect(filed.status).toBe(201);
    const { code } = (await filed.json()) as { code: string };

    // The officer links their phone, sees the new item marked "Mới", one unread notification, and asks for information.
    const officer = await zaloPage(browser, { accessToken: OFFICER.accessToken, phoneToken: OFFICER.phoneToken });
    const op = officer.page;
    await op.goto(`${base}/link-staff`);
    await op.getByRole('button', { name: 'Đồng ý và xác minh số điện thoại' }).click();
    await op.waitForURL((url) => !url.pathname.endsWith('/link-staff'));
    await op.goto(`${base}/officer`);
    const row1 = op.getByRole('listitem').filter({ hasText: code });
    await row1.getByText('Mới', { exact: true }).waitFor();
    const nav = op.locator('.zaui-bottom-navigation');
    expect(await badgeFits(op, nav)).toBe('1');
    await screenshot(op, 'n1-officer-inbox-new');
    await row1.click();
    await op.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    await op.getByLabel('Nội dung cần bổ sung').fill('Xin gửi ảnh chụp chỗ sụt lún.');
    await op.getByRole('button', { name: 'Gửi yêu cầu bổ sung' }).click();
    await expect.poll(async () => (await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json()).status, { timeout: 15_000 }).toBe('needs_info');

    // The citizen's home shows 1 unread when the app comes back to the front.
    const cp = citizen.page;
    await cp.evaluate(() => (globalThis as unknown as { dispatchEvent(e: unknown): boolean }).dispatchEvent(new Event('focus')));
    await cp.getByRole('button', { name: 'Thông báo, 1 chưa đọc' }).waitFor({ timeout: 15_000 });
    expect(await badgeFits(cp)).toBe('1');
    await screenshot(cp, 'n2-citizen-home-unread');
    await cp.getByRole('button', { name: 'Thông báo, 1 chưa đọc' }).click();
    await cp.waitForURL((url) => url.pathname.endsWith('/notifications'));
    const item = cp.getByTestId('notification-item').first();
    await item.waitFor();
    expect(await item.getAttribute('class')).toContain('unread');
    expect(await item.textContent()).toContain('Xin gửi ảnh chụp chỗ sụt lún.');
    const fits = await cp.getByRole('button', { name: 'Đánh dấu đã đọc tất cả' }).evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(fits).toBe(true);
    await screenshot(cp, 'n3-citizen-notifications');
    await item.click();
    await cp.waitForURL((url) => url.pathname.endsWith(`/feedback/${code}`));

    // The citizen adds the information on the item's screen, a minute later (the test clock stands still otherwise);
    // home shows nothing unread.
    t.clock.now = new Date(t.clock.now.getTime() + 60_000);
    await cp.getByLabel('Thông tin bổ sung').fill('Chỗ sụt lún rộng khoảng 1 mét, ngay trước cửa số 15.');
    await cp.getByRole('button', { name: 'Gửi thông tin bổ sung' }).click();
    await expect.poll(async () => (await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json()).status, { timeout: 15_000 }).toBe('in_progress');
    await cp.goto(`${base}/`);
    await cp.getByRole('button', { name: 'Thông báo', exact: true }).waitFor();
    expect(await cp.getByTestId('unread-badge').count()).toBe(0);

    // The officer's inbox says the citizen replied, and the unread count went from 1 to 2.
    await op.goto(`${base}/officer`);
    const row2 = op.getByRole('listitem').filter({ hasText: code });
    await row2.getByText('Công dân đã bổ sung').waitFor();
    expect(await row2.getByText('Mới', { exact: true }).count()).toBe(0);
    const mark = await row2.getByText('Công dân đã bổ sung').evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(mark).toBe(true);
    await expect.poll(() => badgeFits(op, nav), { timeout: 15_000 }).toBe('2');
    await screenshot(op, 'n4-officer-inbox-replied');
    // Every bottom-bar label is whole at 360 px.
    const labels = await nav.locator('.zaui-bottom-navigation-item-label').evaluateAll((els) => els.map((e) => ({ t: e.textContent, ok: e.scrollWidth <= e.clientWidth })));
    expect(labels.length).toBeGreaterThanOrEqual(4);
    expect(labels.filter((l) => !l.ok)).toEqual([]);
    await officer.context.close();
    await citizen.context.close();
  });

  it("fits the leader's six-item bottom bar on one line per label at 360 px", async () => {
    const leader = await zaloPage(browser, { accessToken: LEADER.accessToken, phoneToken: LEADER.phoneToken });
    const lp = leader.page;
    await lp.goto(`${base}/link-staff`);
    await lp.getByRole('button', { name: 'Đồng ý và xác minh số điện thoại' }).click();
    await lp.waitForURL((url) => !url.pathname.endsWith('/link-staff'));
    await lp.goto(`${base}/notifications`);
    const nav = lp.locator('.zaui-bottom-navigation');
    await nav.getByText('Duyệt DTI').waitFor();
    const labels = await nav
      .locator('.zaui-bottom-navigation-item-label')
      .evaluateAll((els) => els.map((e) => ({ t: e.textContent, ok: e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight && e.getClientRects().length === 1 })));
    expect(labels.map((l) => l.t)).toEqual(['Tổng quan', 'Cảnh báo', 'Phản ánh', 'Thông báo', 'Chỉ số DTI', 'Duyệt DTI']);
    expect(labels.filter((l) => !l.ok)).toEqual([]);
    await lp.getByText('Chưa có thông báo nào').waitFor();
    await screenshot(lp, 'n5-leader-notifications');
    await leader.context.close();
  });
});
