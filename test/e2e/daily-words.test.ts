// Issue 11 in Chromium at 360×640: file → accept → request info → provide info → answer, with the one vocabulary on
// the badge, the toasts and the timeline, no stale message, a photo picker that takes images only, nothing cut on
// the citizen's and the officer's screens, and a DTI-only officer landing on DTI.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_DONE_VI, EVENT_LABELS_VI, STATUS_LABELS_VI } from '../../bot-server/src/domain/feedback/feedback-vocabulary.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { type FakeZalo, startFakeZalo } from '../support/fake-zalo.js';
import { buildE2eBundle, launchChromium, requireChromiumInCi, screenshot, screenshotFailure, serveApp, zaloPage } from './browser.js';
import { join as joinPath } from 'node:path';
import { ROOT } from './browser.js';

// Its own build directory: other browser suites build theirs at the same time, and a rebuild under a running
// suite swaps the files it serves.
const E2E_DIST = joinPath(ROOT, '.tmp/dist-e2e-daily-words');


const haveChromium = requireChromiumInCi();

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

const CITIZEN = { accessToken: 'e2e-w-citizen', id: '3200000000000000001', name: 'Nguyễn Văn Dân' };
const OFFICER = { accessToken: 'e2e-w-officer', id: '3200000000000000002', name: 'Trần Thị Xử Lý', phone: '0912346001', phoneToken: 'e2e-w-phone-officer' };
const DTI_OFFICER = { accessToken: 'e2e-w-dti', id: '3200000000000000004', name: 'Phạm Văn Báo Cáo', phone: '0912346003', phoneToken: 'e2e-w-phone-dti' };

/** Badges, buttons and selects whose text does not fit their box (what a reader sees as "…" or cut). */
async function cutElements(page: Page): Promise<string[]> {
  // A string, so this file needs no DOM types: it runs in the page.
  return page.evaluate(`(() => {
    const out = [];
    const els = document.querySelectorAll('.badge, button, .zaui-btn, .zaui-select, select, input[readonly], .field-label, dt');
    for (const el of els) {
      const r = el.getBoundingClientRect();
      if (!r.width || !r.height || getComputedStyle(el).visibility === 'hidden') continue;
      if (el.scrollWidth > el.clientWidth + 1) out.push(el.tagName + '.' + el.className + ': “' + (el.textContent || el.value || '').trim() + '” ' + el.scrollWidth + '>' + el.clientWidth);
    }
    // A term split over two lines ("Đơn vị xử / lý") is cut too: its text has line boxes at two heights.
    for (const dt of document.querySelectorAll('dt')) {
      const range = document.createRange();
      range.selectNodeContents(dt);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1) out.push('dt wraps: “' + dt.textContent + '”');
    }
    return out;
  })()`);
}

describe.skipIf(!haveChromium)('daily words and layout in Chromium', () => {
  let fake: FakeZalo;
  let t: TestApp;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let base: string;
  let browser: Browser;
  let code = '';

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
        { phone: DTI_OFFICER.phone, name: DTI_OFFICER.name, unit: 'NS-VP', role: 'officer' },
      ],
    });
    expect(imported.status).toBe(200);
    for (const p of [CITIZEN, OFFICER, DTI_OFFICER]) fake.addUserToken(p.accessToken, { id: p.id, name: p.name });
    for (const p of [OFFICER, DTI_OFFICER]) fake.addPhoneCode(p.phoneToken, `84${p.phone.slice(1)}`);
    server = await serveApp(t);
    base = server.base;
    browser = await launchChromium();
  }, 180_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshotFailure(ctx.task.name);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
    await fake?.close();
  });

  const linked = new Set<string>();
  async function asStaff(who: { id: string; accessToken: string; phoneToken: string }, path: string) {
    const session = await zaloPage(browser, { accessToken: who.accessToken, phoneToken: who.phoneToken });
    if (!linked.has(who.id)) {
      await session.page.goto(`${base}/link-staff`);
      await session.page.getByRole('button', { name: 'Đồng ý và xác minh số điện thoại' }).click();
      await session.page.waitForURL((url) => !url.pathname.endsWith('/link-staff'));
      linked.add(who.id);
    }
    await session.page.goto(`${base}${path}`);
    return session;
  }
  const toast = (page: Page, text: string) => page.locator('.zaui-snackbar').getByText(text, { exact: false }).first().waitFor({ timeout: 15_000 });
  const badgeText = (page: Page) => page.locator('.item-head .badge, .badges .badge').first().innerText();
  const timeline = (page: Page) => page.getByRole('region', { name: 'Quá trình xử lý' }).innerText();
  const statusOf = async () => (await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json()).status;

  it('the citizen files with a photo (a PDF is refused by the picker) and sees "Chờ tiếp nhận"', async () => {
    const { context, page } = await zaloPage(browser, { accessToken: CITIZEN.accessToken });
    await page.goto(base);
    await page.getByRole('button', { name: 'Gửi phản ánh' }).first().click();
    await page.getByLabel('Lĩnh vực').click();
    await page.getByText('Hạ tầng, giao thông', { exact: true }).last().click();
    await page.getByLabel('Nội dung phản ánh').fill('Đèn đường trước cổng trường tiểu học bị hỏng nhiều ngày, buổi tối rất tối.');
    // The picker's input asks for images; a PDF chosen anyway is refused with a reason and no thumbnail.
    let chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Thêm ảnh' }).click();
    const pdfChooser = await chooser;
    expect(await pdfChooser.element().getAttribute('accept')).toBe('image/*');
    await pdfChooser.setFiles({ name: 'anh-1.jpg', mimeType: 'image/jpeg', buffer: PDF });
    await page.getByText('không phải ảnh nên chưa được thêm', { exact: false }).waitFor();
    expect(await page.locator('img[alt^="Ảnh đã chọn"]').count()).toBe(0);
    expect(await page.getByText('0/5 ảnh').count()).toBe(1);
    chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Thêm ảnh' }).click();
    await (await chooser).setFiles({ name: 'den-hong.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('img[alt^="Ảnh đã chọn"]').first().waitFor();
    expect(await page.getByText('không phải ảnh', { exact: false }).count()).toBe(0);
    expect(await cutElements(page)).toEqual([]);
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    const codeEl = page.getByTestId('tracking-code');
    await codeEl.waitFor();
    code = (await codeEl.innerText()).trim();
    const stored = await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json();
    expect(stored.attachments.map((a: { mimeType: string }) => a.mimeType)).toEqual(['image/png']);

    await page.goto(`${base}/feedback/${code}`);
    await page.getByText(code).first().waitFor();
    expect(await badgeText(page)).toBe(STATUS_LABELS_VI.received);
    expect(await timeline(page)).toContain(EVENT_LABELS_VI.created);
    expect(await timeline(page)).not.toContain('Tiếp nhận');
    expect(await cutElements(page)).toEqual([]);
    await screenshot(page, 'w1-citizen-received');
    await context.close();
  });

  it('the officer accepts ("Đã tiếp nhận" toast and badge), then asks for more information', async () => {
    const { context, page } = await asStaff(OFFICER, `/officer/feedback/${code}`);
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).waitFor();
    expect(await badgeText(page)).toBe(STATUS_LABELS_VI.received);
    expect(await cutElements(page)).toEqual([]);
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await page.getByRole('button', { name: 'Xác nhận tiếp nhận' }).click();
    await toast(page, ACTION_DONE_VI.accept);
    await expect.poll(statusOf, { timeout: 15_000 }).toBe('accepted');
    await expect.poll(() => badgeText(page), { timeout: 15_000 }).toBe(STATUS_LABELS_VI.accepted);
    expect(await timeline(page)).toContain(EVENT_LABELS_VI.accept);

    await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    await page.getByLabel('Nội dung cần bổ sung').fill('Xin cho biết số nhà hoặc cột điện gần nhất.');
    // The sheet's buttons and the counter at 360 px.
    expect(await cutElements(page)).toEqual([]);
    expect(await page.getByText('43/4.000 ký tự').count()).toBe(1);
    await screenshot(page, 'w2-officer-request-sheet');
    await page.getByRole('button', { name: 'Gửi yêu cầu bổ sung' }).click();
    await toast(page, ACTION_DONE_VI.request_info);
    await expect.poll(() => badgeText(page), { timeout: 15_000 }).toBe(STATUS_LABELS_VI.needs_info);
    expect(await cutElements(page)).toEqual([]);
    await context.close();
  });

  it('the citizen adds the information: the check follows what is typed, a toast confirms, the timeline shows it', async () => {
    const { context, page } = await zaloPage(browser, { accessToken: CITIZEN.accessToken });
    await page.goto(`${base}/feedback/${code}`);
    const request = page.getByRole('region', { name: 'Cơ quan đề nghị bạn bổ sung thông tin' });
    await request.waitFor();
    expect(await badgeText(page)).toBe(STATUS_LABELS_VI.needs_info);
    expect(await cutElements(page)).toEqual([]);
    const stale = 'Vui lòng nhập thông tin bổ sung hoặc thêm ảnh.';
    await request.getByRole('button', { name: 'Gửi thông tin bổ sung' }).click();
    await page.getByText(stale).waitFor();
    await request.getByLabel('Thông tin bổ sung').fill('Cột điện số 15, trước nhà số 12.');
    expect(await page.getByText(stale).count()).toBe(0);
    const chooser = page.waitForEvent('filechooser');
    await request.getByRole('button', { name: 'Thêm ảnh' }).click();
    await (await chooser).setFiles({ name: 'cot-dien.png', mimeType: 'image/png', buffer: PNG });
    await request.locator('img[alt^="Ảnh đã chọn"]').first().waitFor();
    expect(await page.getByText(stale).count()).toBe(0);
    await request.getByRole('button', { name: 'Gửi thông tin bổ sung' }).click();
    await toast(page, ACTION_DONE_VI.provide_info);
    await expect.poll(() => timeline(page), { timeout: 15_000 }).toContain(EVENT_LABELS_VI.provide_info);
    expect(await badgeText(page)).toBe(STATUS_LABELS_VI.in_progress);
    expect(await page.getByText(stale).count()).toBe(0);
    // Both photos are the citizen's.
    await page.getByRole('region', { name: 'Ảnh của người phản ánh' }).waitFor();
    expect(await cutElements(page)).toEqual([]);
    await screenshot(page, 'w3-citizen-provided');
    await context.close();
  });

  it('the officer answers with a PDF: "Đã gửi trả lời", badge "Đã xử lý", the PDF apart from the photos', async () => {
    const { context, page } = await asStaff(OFFICER, `/officer/feedback/${code}`);
    await page.getByRole('button', { name: 'Trả lời', exact: true }).click();
    await page.getByLabel('Nội dung trả lời').fill('Đơn vị đã thay bóng đèn ngày hôm nay.');
    expect(await page.getByText('37/20.000 ký tự').count()).toBe(1);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Chọn tệp' }).click();
    await (await chooser).setFiles({ name: 'cong-van.pdf', mimeType: 'application/pdf', buffer: PDF });
    expect(await cutElements(page)).toEqual([]);
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    await toast(page, ACTION_DONE_VI.answer);
    await expect.poll(() => badgeText(page), { timeout: 15_000 }).toBe(STATUS_LABELS_VI.answered);
    const agency = page.getByRole('region', { name: /Tệp của cơ quan xử lý/ });
    await agency.getByText('cong-van.pdf', { exact: false }).waitFor();
    expect(await page.getByRole('region', { name: /Ảnh của người phản ánh/ }).getByText('cong-van.pdf', { exact: false }).count()).toBe(0);
    expect(await cutElements(page)).toEqual([]);
    await context.close();

    const citizen = await zaloPage(browser, { accessToken: CITIZEN.accessToken });
    await citizen.page.goto(`${base}/feedback/${code}`);
    await citizen.page.getByText('Đơn vị đã thay bóng đèn', { exact: false }).waitFor();
    expect(await badgeText(citizen.page)).toBe(STATUS_LABELS_VI.answered);
    expect(await timeline(citizen.page)).toContain(EVENT_LABELS_VI.answer);
    await citizen.page.getByRole('region', { name: 'Tệp của cơ quan xử lý' }).getByText('cong-van.pdf', { exact: false }).waitFor();
    expect(await cutElements(citizen.page)).toEqual([]);
    await citizen.context.close();
  });

  it('an officer whose unit only reports DTI opens on DTI, and a missing item offers no "Thử lại"', async () => {
    const { context, page } = await asStaff(DTI_OFFICER, '/');
    await page.waitForURL((url) => url.pathname.endsWith('/officer/dti'), { timeout: 15_000 });
    await page.getByRole('heading', { name: /Kỳ báo cáo Quý \d\/\d{4}/ }).first().waitFor();
    expect(await page.getByText(/\(\d{4}-Q\d\)/).count()).toBe(0);
    expect(await cutElements(page)).toEqual([]);
    await context.close();

    const citizen = await zaloPage(browser, { accessToken: CITIZEN.accessToken });
    await citizen.page.goto(`${base}/feedback/PA-2026-999999`);
    await citizen.page.getByText('Không tìm thấy', { exact: false }).first().waitFor();
    expect(await citizen.page.getByRole('button', { name: 'Thử lại' }).count()).toBe(0);
    await citizen.context.close();
  });
});
