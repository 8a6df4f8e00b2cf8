// Issue 11 in Chromium at 360×640: file → accept → request info → provide info → answer, with the one vocabulary on
// the badge, the toasts and the timeline, no stale message, a photo picker that takes images only, nothing cut on
// the citizen's and the officer's screens, and a DTI-only officer landing on DTI.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ACTION_DONE_VI, EVENT_LABELS_VI, STATUS_LABELS_VI } from '../../bot-server/src/domain/feedback/feedback-vocabulary.js';
import { ADMIN_TOKEN } from '../support/test-app.js';
import { expectNothingCut, requireChromiumInCi, screenshot, type StaffPerson, useE2eApp, type ZaloPerson, zaloPage } from './browser.js';

const haveChromium = requireChromiumInCi();

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');

const CITIZEN: ZaloPerson = { accessToken: 'e2e-w-citizen', id: '3200000000000000001', name: 'Nguyễn Văn Dân' };
const OFFICER: StaffPerson = {
  accessToken: 'e2e-w-officer',
  id: '3200000000000000002',
  name: 'Trần Thị Xử Lý',
  phone: '0912346001',
  phoneToken: 'e2e-w-phone-officer',
  unit: 'SO-XD',
  role: 'officer',
};
const DTI_OFFICER: StaffPerson = {
  accessToken: 'e2e-w-dti',
  id: '3200000000000000004',
  name: 'Phạm Văn Báo Cáo',
  phone: '0912346003',
  phoneToken: 'e2e-w-phone-dti',
  unit: 'NS-VP',
  role: 'officer',
};

describe.skipIf(!haveChromium)('daily words and layout in Chromium', () => {
  const e2e = useE2eApp('daily-words', { people: [CITIZEN, OFFICER, DTI_OFFICER] });
  let code = '';
  const citizenPage = () => zaloPage(e2e.browser, { accessToken: CITIZEN.accessToken });

  const toast = (page: Page, text: string) => page.locator('.zaui-snackbar').getByText(text, { exact: false }).first().waitFor({ timeout: 15_000 });
  const badgeText = (page: Page) => page.locator('.item-head .badge, .badges .badge').first().innerText();
  const timeline = (page: Page) => page.getByRole('region', { name: 'Quá trình xử lý' }).innerText();
  const statusOf = async () => (await (await e2e.t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json()).status;

  it('the citizen files with a photo (a PDF is refused by the picker) and sees "Chờ tiếp nhận"', async () => {
    const { context, page } = await citizenPage();
    await page.goto(e2e.base);
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
    await expectNothingCut(page);
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    const codeEl = page.getByTestId('tracking-code');
    await codeEl.waitFor();
    code = (await codeEl.innerText()).trim();
    const stored = await (await e2e.t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json();
    expect(stored.attachments.map((a: { mimeType: string }) => a.mimeType)).toEqual(['image/png']);

    await page.goto(`${e2e.base}/feedback/${code}`);
    await page.getByText(code).first().waitFor();
    expect(await badgeText(page)).toBe(STATUS_LABELS_VI.received);
    expect(await timeline(page)).toContain(EVENT_LABELS_VI.created);
    expect(await timeline(page)).not.toContain('Tiếp nhận');
    await expectNothingCut(page);
    await screenshot(page, 'w1-citizen-received');
    await context.close();
  });

  it('the officer accepts ("Đã tiếp nhận" toast and badge), then asks for more information', async () => {
    const { context, page } = await e2e.staffPage(OFFICER, `/officer/feedback/${code}`);
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).waitFor();
    expect(await badgeText(page)).toBe(STATUS_LABELS_VI.received);
    await expectNothingCut(page);
    await page.getByRole('button', { name: 'Tiếp nhận', exact: true }).click();
    await page.getByRole('button', { name: 'Xác nhận tiếp nhận' }).click();
    await toast(page, ACTION_DONE_VI.accept);
    await expect.poll(statusOf, { timeout: 15_000 }).toBe('accepted');
    await expect.poll(() => badgeText(page), { timeout: 15_000 }).toBe(STATUS_LABELS_VI.accepted);
    expect(await timeline(page)).toContain(EVENT_LABELS_VI.accept);

    await page.getByRole('button', { name: 'Yêu cầu bổ sung' }).click();
    await page.getByLabel('Nội dung cần bổ sung').fill('Xin cho biết số nhà hoặc cột điện gần nhất.');
    // The sheet's buttons and the counter at 360 px.
    await expectNothingCut(page);
    expect(await page.getByText('43/4.000 ký tự').count()).toBe(1);
    await screenshot(page, 'w2-officer-request-sheet');
    await page.getByRole('button', { name: 'Gửi yêu cầu bổ sung' }).click();
    await toast(page, ACTION_DONE_VI.request_info);
    await expect.poll(() => badgeText(page), { timeout: 15_000 }).toBe(STATUS_LABELS_VI.needs_info);
    await expectNothingCut(page);
    await context.close();
  });

  it('the citizen adds the information: the check follows what is typed, a toast confirms, the timeline shows it', async () => {
    const { context, page } = await citizenPage();
    await page.goto(`${e2e.base}/feedback/${code}`);
    const request = page.getByRole('region', { name: 'Cơ quan đề nghị bạn bổ sung thông tin' });
    await request.waitFor();
    expect(await badgeText(page)).toBe(STATUS_LABELS_VI.needs_info);
    await expectNothingCut(page);
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
    await expectNothingCut(page);
    await screenshot(page, 'w3-citizen-provided');
    await context.close();
  });

  it('the officer answers with a PDF: "Đã gửi trả lời", badge "Đã xử lý", the PDF apart from the photos', async () => {
    const { context, page } = await e2e.staffPage(OFFICER, `/officer/feedback/${code}`);
    await page.getByRole('button', { name: 'Trả lời', exact: true }).click();
    await page.getByLabel('Nội dung trả lời').fill('Đơn vị đã thay bóng đèn ngày hôm nay.');
    expect(await page.getByText('37/20.000 ký tự').count()).toBe(1);
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Chọn tệp' }).click();
    await (await chooser).setFiles({ name: 'cong-van.pdf', mimeType: 'application/pdf', buffer: PDF });
    await expectNothingCut(page);
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    await toast(page, ACTION_DONE_VI.answer);
    await expect.poll(() => badgeText(page), { timeout: 15_000 }).toBe(STATUS_LABELS_VI.answered);
    const agency = page.getByRole('region', { name: /Tệp của cơ quan xử lý/ });
    await agency.getByText('cong-van.pdf', { exact: false }).waitFor();
    expect(await page.getByRole('region', { name: /Ảnh của người phản ánh/ }).getByText('cong-van.pdf', { exact: false }).count()).toBe(0);
    await expectNothingCut(page);
    await context.close();

    const citizen = await citizenPage();
    await citizen.page.goto(`${e2e.base}/feedback/${code}`);
    await citizen.page.getByText('Đơn vị đã thay bóng đèn', { exact: false }).waitFor();
    expect(await badgeText(citizen.page)).toBe(STATUS_LABELS_VI.answered);
    expect(await timeline(citizen.page)).toContain(EVENT_LABELS_VI.answer);
    await citizen.page.getByRole('region', { name: 'Tệp của cơ quan xử lý' }).getByText('cong-van.pdf', { exact: false }).waitFor();
    await expectNothingCut(citizen.page);
    await citizen.context.close();
  });

  it('an officer whose unit only reports DTI opens on DTI, and a missing item offers no "Thử lại"', async () => {
    const { context, page } = await e2e.staffPage(DTI_OFFICER, '/');
    await page.waitForURL((url) => url.pathname.endsWith('/officer/dti'), { timeout: 15_000 });
    await page.getByRole('heading', { name: /Kỳ báo cáo Quý \d\/\d{4}/ }).first().waitFor();
    expect(await page.getByText(/\(\d{4}-Q\d\)/).count()).toBe(0);
    await expectNothingCut(page);
    await context.close();

    const citizen = await citizenPage();
    await citizen.page.goto(`${e2e.base}/feedback/PA-2026-999999`);
    await citizen.page.getByText('Không tìm thấy', { exact: false }).first().waitFor();
    expect(await citizen.page.getByRole('button', { name: 'Thử lại' }).count()).toBe(0);
    await citizen.context.close();
  });
});
