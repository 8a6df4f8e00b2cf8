// The mini app in Debian's Chromium at 360×640, against the real server on a fresh database and the fake Zalo.
// The bundle is built with zmp-sdk swapped for a fake bridge (test/e2e/zmp-sdk-fake.ts), so sign-in, phone
// linking and location go through the real server and the fake Zalo Graph API exactly as inside Zalo.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { type FakeZalo, startFakeZalo } from '../support/fake-zalo.js';
import { buildE2eBundle, cspViolations, E2E_DIST, launchChromium, requireChromiumInCi, screenshot, screenshotFailure, serveApp, zaloPage } from './browser.js';

const haveChromium = requireChromiumInCi();

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
  let server: Awaited<ReturnType<typeof serveApp>>;
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
    server = await serveApp(t);
    // zmp-sdk and the app treat "localhost" as the preview host, as the real SDK does.
    base = server.base;
    browser = await launchChromium();
  }, 180_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshotFailure(ctx.task.name);
    // The server's Content-Security-Policy must not block anything the app does.
    expect(cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
    await fake?.close();
  });

  const linked = new Set<string>();
  /**
   * Opens the app as a registered staff member. Zalo sign-in makes them a citizen until they link their phone on
   * the consent screen, which each person does once; later sign-ins are staff at once.
   */
  async function asStaff(who: { id: string; accessToken: string; phoneToken: string }, path: string, linkShot?: string) {
    const session = await zaloPage(browser, { accessToken: who.accessToken, phoneToken: who.phoneToken });
    if (!linked.has(who.id)) {
      await session.page.goto(`${base}/link-staff`);
      await session.page.getByText('Vì sao cần số điện thoại?').waitFor();
      if (linkShot) await screenshot(session.page, linkShot);
      await session.page.getByRole('button', { name: 'Đồng ý và xác minh số điện thoại' }).click();
      await session.page.waitForURL((url) => !url.pathname.endsWith('/link-staff'));
      linked.add(who.id);
    }
    await session.page.goto(`${base}${path}`);
    return session;
  }

  it('a citizen files a feedback with a photo and gets a tracking code', async () => {
    const { context, page } = await zaloPage(browser, { accessToken: CITIZEN.accessToken, locationToken: 'e2e-location' });
    const home = await page.goto(base);
    expect(home?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByText(CITIZEN.name, { exact: false }).first().waitFor();
    await screenshot(page, '01-citizen-home');
    await page.getByRole('button', { name: 'Gửi phản ánh' }).first().click();
    // Hạ tầng, giao thông is handled by Sở Xây dựng, the officer's unit.
    await page.getByLabel('Lĩnh vực').click();
    await page.getByText('Hạ tầng, giao thông', { exact: true }).last().click();
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
    expect(stored).toMatchObject({ channel: 'zalo_mini_app', category: 'ha-tang', unit: { code: 'SO-XD' } });
    expect(stored.attachments).toHaveLength(1);
    await context.close();
  });

  it("the leader's dashboard shows the item pending and nothing rated yet", async () => {
    const { context, page } = await asStaff(LEADER, '/leader', '04-leader-link');
    const zaloOnTime = page.getByTestId('indicator-3.3');
    await zaloOnTime.waitFor();
    await expect.poll(() => zaloOnTime.innerText(), { timeout: 15_000 }).toContain('Còn trong hạn, chưa trả lời');
    expect(await zaloOnTime.innerText()).toContain('Chưa có phản ánh nào đến hạn hoặc được trả lời');
    expect(await page.getByTestId('indicator-4.1').innerText()).toContain('Chưa có lượt đánh giá nào');
    await screenshot(page, '05-leader-dashboard-before');
    await context.close();
  });

  it('the officer of that unit asks for more information, then answers', async () => {
    const { context, page } = await asStaff(OFFICER, '/officer', '06-link-staff');
    await page.getByText(code).first().waitFor();
    await screenshot(page, '07-officer-inbox');
    await page.getByText(code).first().click();
    await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    await page.getByLabel('Nội dung cần bổ sung').fill('Xin cho biết số nhà hoặc cột điện gần nhất.');
    await page.getByRole('button', { name: 'Gửi yêu cầu bổ sung' }).click();
    await expect.poll(async () => (await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json()).status, { timeout: 15_000 }).toBe('needs_info');
    await screenshot(page, '08-officer-needs-info');
    await page.getByRole('button', { name: 'Trả lời' }).click();
    await page.getByLabel('Nội dung trả lời').fill('Đơn vị đã thay bóng đèn ngày hôm nay. Cảm ơn ông/bà đã phản ánh.');
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    await expect.poll(async () => (await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json()).status, { timeout: 15_000 }).toBe('answered');
    await screenshot(page, '09-officer-answered');
    await context.close();
  });

  it('the citizen sees the answer and rates it', async () => {
    const { context, page } = await zaloPage(browser, { accessToken: CITIZEN.accessToken });
    // As from a Zalo message: https://zalo.me/s/<app>/?feedback=<code> opens the item.
    await page.goto(`${base}/?feedback=${code}`);
    await page.waitForURL((url) => url.pathname.endsWith(`/feedback/${code}`));
    await page.getByText('Đơn vị đã thay bóng đèn ngày hôm nay', { exact: false }).waitFor();
    await page.getByRole('button', { name: '4 sao' }).click();
    const rating = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith(`/api/v1/feedback/${code}/rating`));
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    // The app says which channel the rating came from (the server would otherwise assume it).
    // The server decides the rating's channel from the surface; the app does not send one.
    expect((await rating).postDataJSON()).toEqual(expect.objectContaining({ rating: 4 }));
    expect((await rating).postDataJSON()).not.toHaveProperty('channel');
    await page.getByText('Bạn đã đánh giá 4/5', { exact: false }).waitFor();
    await screenshot(page, '10-citizen-rated');
    const stored = await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json();
    expect(stored).toMatchObject({ rating: 4, ratingChannel: 'zalo_mini_app' });
    await context.close();
  });

  it("the leader's dashboard then shows the answer on time and the rating", async () => {
    const { context, page } = await asStaff(LEADER, '/leader');
    const zaloOnTime = page.getByTestId('indicator-3.3');
    await zaloOnTime.waitFor();
    await expect.poll(() => zaloOnTime.innerText(), { timeout: 15_000 }).toContain('1 đúng hạn trên 1 đã đến hạn hoặc đã trả lời');
    expect(await zaloOnTime.innerText()).toContain('100,0%');
    const zaloSatisfaction = page.getByTestId('indicator-4.1');
    expect(await zaloSatisfaction.innerText()).toContain('1 hài lòng trên 1 lượt đánh giá');
    expect(await zaloSatisfaction.innerText()).toContain('Điểm trung bình 4,0/5');
    await screenshot(page, '11-leader-dashboard-after');
    await context.close();
  });

  it('an officer submits a DTI value with evidence; the leader returns it; it is resubmitted and approved', async () => {
    const INDICATOR = 'Người đứng đầu huyện có là thành viên của Ban chỉ đạo';
    const officer = await asStaff(DTI_OFFICER, '/officer/dti', '12-dti-officer-link');
    // The unit reports in two sets; pick the district DTI set.
    await officer.page.getByLabel('Bộ chỉ số').click();
    await officer.page.getByText('Bộ chỉ số đánh giá Chuyển đổi số cấp huyện', { exact: false }).last().click();
    await officer.page.getByText(INDICATOR, { exact: false }).first().click();
    await officer.page.getByText('Có', { exact: true }).first().click();
    const chooser = officer.page.waitForEvent('filechooser');
    await officer.page.getByRole('button', { name: 'Chọn tệp' }).click();
    await (await chooser).setFiles({ name: 'quyet-dinh-ban-chi-dao.pdf', mimeType: 'application/pdf', buffer: PDF });
    await screenshot(officer.page, '13-dti-edit');
    await officer.page.getByRole('button', { name: 'Gửi duyệt' }).click();
    const valueOf = async () => {
      const assigned = await (await t.request('GET', '/api/v1/dti/assigned?set=NINH-SON-DTI-2022&unit=NS-VP', { token: ADMIN_TOKEN })).json();
      const path = `/api/v1/dti/values/NINH-SON-DTI-2022/${assigned.period.code}/1.1/NS-VP`;
      return (await (await t.request('GET', path, { token: ADMIN_TOKEN })).json()) as { value: { status: string; value: unknown } | null; evidence: unknown[] };
    };
    await expect.poll(async () => (await valueOf()).value?.status, { timeout: 15_000 }).toBe('submitted');
    expect(await valueOf()).toMatchObject({ value: { value: { type: 'boolean', value: true } }, evidence: [{ fileName: 'quyet-dinh-ban-chi-dao.pdf' }] });

    const leader = await asStaff(LEADER, '/leader/dti-review');
    await leader.page.getByLabel('Bộ chỉ số').click();
    await leader.page.getByText('Bộ chỉ số đánh giá Chuyển đổi số cấp huyện', { exact: false }).last().click();
    await leader.page.getByText(INDICATOR, { exact: false }).first().waitFor();
    await screenshot(leader.page, '14-leader-dti-review');
    await leader.page.getByRole('button', { name: 'Trả lại', exact: true }).click();
    await leader.page.getByLabel('Lý do trả lại').fill('Cần đính kèm quyết định thành lập Ban chỉ đạo có chữ ký.');
    await leader.page.getByRole('button', { name: 'Gửi trả lại' }).click();
    await expect.poll(async () => (await valueOf()).value?.status, { timeout: 15_000 }).toBe('returned');

    await officer.page.reload();
    await officer.page.getByText('Cần đính kèm quyết định thành lập Ban chỉ đạo', { exact: false }).first().waitFor();
    await screenshot(officer.page, '15-dti-returned');
    await officer.page.getByRole('button', { name: 'Gửi duyệt' }).click();
    await expect.poll(async () => (await valueOf()).value?.status, { timeout: 15_000 }).toBe('submitted');

    // The chosen set is kept in the address: a reload shows the same list.
    await leader.page.reload();
    expect(new URL(leader.page.url()).searchParams.get('set')).toBe('NINH-SON-DTI-2022');
    await leader.page.getByRole('button', { name: 'Duyệt', exact: true }).click();
    await expect.poll(async () => (await valueOf()).value?.status, { timeout: 15_000 }).toBe('approved');
    await screenshot(leader.page, '16-leader-dti-approved');
    await officer.context.close();
    await leader.context.close();
  });

  it('a citizen cannot open officer screens or their API, even by typing the URL', async () => {
    const { context, page } = await zaloPage(browser, { accessToken: CITIZEN.accessToken });
    for (const path of ['/officer', `/officer/feedback/${code}`, '/officer/dti', '/leader', '/leader/dti-review']) {
      await page.goto(`${base}${path}`);
      await page.getByText('Không có quyền truy cập').first().waitFor();
    }
    await screenshot(page, '17-citizen-denied');
    const status = await page.evaluate(async (code) => {
      const storage = (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage;
      const token = storage.getItem('e2e.native.pakn.session');
      const res = await fetch('/api/v1/indicators/feedback?from=2026-01-01&to=2026-12-31&unit=TINH', { headers: { Authorization: `Bearer ${token}` } });
      const list = await fetch('/api/v1/units', { headers: { Authorization: `Bearer ${token}` } });
      const answer = await fetch(`/api/v1/feedback/${code}/answer`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ answer: 'Tôi tự trả lời phản ánh của mình.' }),
      });
      return [res.status, list.status, answer.status];
    }, code);
    expect(status).toEqual([403, 403, 403]);
    await context.close();
  });
});
