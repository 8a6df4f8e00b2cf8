// The mini app in Debian's Chromium at 360×640, against the real server on a fresh database and the fake Zalo.
// The bundle is built with zmp-sdk swapped for a fake bridge (test/e2e/zmp-sdk-fake.ts), so sign-in, phone
// linking and location go through the real server and the fake Zalo Graph API exactly as inside Zalo.
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { type FakeZalo, startFakeZalo } from '../support/fake-zalo.js';
import { buildE2eBundle, chromiumPath, E2E_DIST, IN_CI, launchChromium, screenshot, zaloPage } from './browser.js';

const haveChromium = chromiumPath() !== null;
if (IN_CI && !haveChromium) throw new Error('CI=true but Chromium is missing: .ci/run must apt-get install chromium');

// A 1×1 PNG: a real image, so the server's byte sniffing accepts it.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

const CITIZEN = { accessToken: 'e2e-token-citizen', id: '3100000000000000001', name: 'Nguyễn Văn Dân' };
const OFFICER = { accessToken: 'e2e-token-officer', id: '3100000000000000002', name: 'Trần Thị Xử Lý', phone: '0912345001', phoneToken: 'e2e-phone-officer' };
const DTI_OFFICER = { accessToken: 'e2e-token-dti', id: '3100000000000000004', name: 'Phạm Văn Báo Cáo', phone: '0912345003', phoneToken: 'e2e-phone-dti' };
const LEADER = { accessToken: 'e2e-token-leader', id: '3100000000000000003', name: 'Lê Văn Lãnh Đạo', phone: '0912345002', phoneToken: 'e2e-phone-leader' };

describe.skipIf(!haveChromium)('mini app in Chromium', () => {
  let fake: FakeZalo;
  let t: TestApp;
  let server: ServerType;
  let base: string;
  let browser: Browser;
  let code = '';

  beforeAll(async () => {
    buildE2eBundle();
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
        { phone: DTI_OFFICER.phone, name: DTI_OFFICER.name, unit: 'NS-VP', role: 'officer' },
        { phone: LEADER.phone, name: LEADER.name, unit: 'TINH', role: 'leader' },
      ],
    });
    expect(imported.status).toBe(200);
    for (const p of [CITIZEN, OFFICER, DTI_OFFICER, LEADER]) fake.addUserToken(p.accessToken, { id: p.id, name: p.name });
    for (const p of [OFFICER, DTI_OFFICER, LEADER]) fake.addPhoneCode(p.phoneToken, `84${p.phone.slice(1)}`);
    fake.addLocationCode('e2e-location', { latitude: '22.1470', longitude: '105.8348' });
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    // zmp-sdk and the app treat "localhost" as the preview host, as the real SDK does.
    base = `http://localhost:${(server.address() as AddressInfo).port}`;
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
    await t?.close();
    await fake?.close();
  });

  /** Signs in as a registered staff member: Zalo sign-in makes them a citizen until they link their phone. */
  async function linkStaff(page: Page, who: { name: string }, shot: string) {
    await page.goto(`${base}/link-staff`);
    await page.getByText('Vì sao cần số điện thoại?').waitFor();
    await screenshot(page, shot);
    await page.getByRole('button', { name: 'Đồng ý và xác minh số điện thoại' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/link-staff'));
    return who;
  }

  it('a citizen files a feedback with a photo and gets a tracking code', async () => {
    const { context, page } = await zaloPage(browser, { accessToken: CITIZEN.accessToken, locationToken: 'e2e-location' });
    await page.goto(base);
    await page.getByText(CITIZEN.name, { exact: false }).first().waitFor();
    await screenshot(page, '01-citizen-home');
    await page.getByRole('button', { name: 'Gửi phản ánh' }).first().click();
    await page.getByLabel('Nội dung phản ánh').fill('Đèn đường trước cổng trường tiểu học bị hỏng nhiều ngày, buổi tối rất tối.');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Thêm ảnh' }).click();
    await (await chooser).setFiles({ name: 'den-hong.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('img[alt]').first().waitFor();
    await screenshot(page, '02-citizen-form');
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    const codeEl = page.getByTestId('tracking-code');
    await codeEl.waitFor();
    code = (await codeEl.innerText()).trim();
    expect(code).toMatch(/^PA-\d{4}-\d{6}$/);
    await screenshot(page, '03-citizen-success');
    const stored = await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json();
    expect(stored.channel).toBe('zalo_mini_app');
    expect(stored.attachments).toHaveLength(1);
    await context.close();
  });

  it('the officer of that unit asks for more information, then answers', async () => {
    const { context, page } = await zaloPage(browser, { accessToken: OFFICER.accessToken, phoneToken: OFFICER.phoneToken });
    await page.goto(base);
    await linkStaff(page, OFFICER, '04-link-staff');
    await page.goto(`${base}/officer`);
    await page.getByText(code).first().waitFor();
    await screenshot(page, '05-officer-inbox');
    await page.getByText(code).first().click();
    await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    await page.getByLabel('Nội dung cần bổ sung').fill('Xin cho biết số nhà hoặc cột điện gần nhất.');
    await page.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await expect.poll(async () => (await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json()).status, { timeout: 15_000 }).toBe('needs_info');
    await screenshot(page, '06-officer-needs-info');
    await page.getByRole('button', { name: 'Trả lời' }).click();
    await page.getByLabel('Nội dung trả lời').fill('Đơn vị đã thay bóng đèn ngày hôm nay. Cảm ơn ông/bà đã phản ánh.');
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    await expect.poll(async () => (await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json()).status, { timeout: 15_000 }).toBe('answered');
    await screenshot(page, '07-officer-answered');
    await context.close();
  });

  it('the citizen sees the answer and rates it', async () => {
    const { context, page } = await zaloPage(browser, { accessToken: CITIZEN.accessToken });
    await page.goto(`${base}/feedback/${code}`);
    await page.getByText('Đơn vị đã thay bóng đèn ngày hôm nay', { exact: false }).waitFor();
    await page.getByRole('button', { name: '4 sao' }).click();
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.getByText('Bạn đã đánh giá 4/5', { exact: false }).waitFor();
    await screenshot(page, '08-citizen-rated');
    const stored = await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json();
    expect(stored).toMatchObject({ rating: 4, ratingChannel: 'zalo_mini_app' });
    await context.close();
  });

  it("the leader's dashboard shows the rating and the on-time figure", async () => {
    const { context, page } = await zaloPage(browser, { accessToken: LEADER.accessToken, phoneToken: LEADER.phoneToken });
    await page.goto(base);
    await linkStaff(page, LEADER, '09-leader-link');
    await page.goto(`${base}/leader`);
    const zaloOnTime = page.getByTestId('indicator-3.3');
    await zaloOnTime.waitFor();
    await expect.poll(() => zaloOnTime.innerText(), { timeout: 15_000 }).toContain('100');
    const zaloSatisfaction = page.getByTestId('indicator-4.1');
    await expect.poll(() => zaloSatisfaction.innerText(), { timeout: 15_000 }).toContain('100');
    await screenshot(page, '10-leader-dashboard');
    await context.close();
  });

  it('a citizen cannot open officer screens or their API, even by typing the URL', async () => {
    const { context, page } = await zaloPage(browser, { accessToken: CITIZEN.accessToken });
    for (const path of ['/officer', `/officer/feedback/${code}`, '/officer/dti', '/leader', '/leader/dti-review']) {
      await page.goto(`${base}${path}`);
      await page.getByText('Không có quyền truy cập').first().waitFor();
    }
    await screenshot(page, '11-citizen-denied');
    const status = await page.evaluate(async () => {
      const storage = (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage;
      const token = storage.getItem('e2e.native.pakn.session');
      const res = await fetch('/api/v1/indicators/feedback?from=2026-01-01&to=2026-12-31&unit=TINH', { headers: { Authorization: `Bearer ${token}` } });
      const list = await fetch('/api/v1/units', { headers: { Authorization: `Bearer ${token}` } });
      return [res.status, list.status];
    });
    expect(status).toEqual([403, 403]);
    await context.close();
  });
});
