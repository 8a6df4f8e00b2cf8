// Duplicates in Chromium at 360×640: two citizens report the same pothole; the second sees the "tương tự" notice
// and sends anyway; the officer links the second to the first, answers the first, and both citizens see the answer.
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { feedback, outbox } from '../../db/schema.js';
import { ADMIN_TOKEN } from '../support/test-app.js';
import { expectNothingCut, requireChromiumInCi, screenshot, type StaffPerson, useE2eApp, type ZaloPerson, zaloPage } from './browser.js';

const haveChromium = requireChromiumInCi();

const FIRST: ZaloPerson = { accessToken: 'e2e-dup-citizen-1', id: '3200000000000000001', name: 'Phạm Thị Một' };
const SECOND: ZaloPerson = { accessToken: 'e2e-dup-citizen-2', id: '3200000000000000002', name: 'Hoàng Văn Hai' };
const OFFICER: StaffPerson = {
  accessToken: 'e2e-dup-officer',
  id: '3200000000000000003',
  name: 'Đỗ Thị Cán Bộ',
  phone: '0912345091',
  phoneToken: 'e2e-dup-phone',
  unit: 'SO-XD',
  role: 'officer',
};
const ANSWER = 'Đơn vị đã vá ổ gà trước số 25 đường Nguyễn Du. Cảm ơn ông/bà đã phản ánh.';

describe.skipIf(!haveChromium)('duplicates in Chromium', () => {
  const e2e = useE2eApp('duplicates', {
    people: [FIRST, SECOND, OFFICER],
    async setup(_t, fake) {
      // About 45 m apart.
      fake!.addLocationCode('e2e-dup-here', { latitude: '22.1470', longitude: '105.8348' });
      fake!.addLocationCode('e2e-dup-near', { latitude: '22.1474', longitude: '105.8349' });
    },
  });
  let mainCode = '';
  let dupCode = '';

  /** Fills the form up to the location and returns the page, ready to send. */
  async function fillForm(who: { accessToken: string }, locationToken: string, content: string) {
    const session = await zaloPage(e2e.browser, { accessToken: who.accessToken, locationToken });
    const { page } = session;
    await page.goto(`${e2e.base}/feedback/new`);
    await page.getByLabel('Lĩnh vực').click();
    await page.getByText('Hạ tầng, giao thông', { exact: true }).last().click();
    await page.getByLabel('Nội dung phản ánh').fill(content);
    await page.getByRole('button', { name: 'Thêm vị trí hiện tại' }).click();
    await page.getByText('Đã lấy vị trí', { exact: false }).waitFor();
    return session;
  }

  async function send(page: Page): Promise<string> {
    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    const codeEl = page.getByTestId('tracking-code');
    await codeEl.waitFor();
    return (await codeEl.innerText()).trim();
  }

  it('the second citizen filing nearby sees the similar report, and sends theirs anyway', async () => {
    const first = await fillForm(FIRST, 'e2e-dup-here', 'Ổ gà rất sâu trước số 25 đường Nguyễn Du, xe máy dễ ngã.');
    // Nothing similar yet.
    await first.page.waitForTimeout(1500);
    expect(await first.page.getByTestId('similar-notice').count()).toBe(0);
    mainCode = await send(first.page);
    await first.context.close();

    const second = await fillForm(SECOND, 'e2e-dup-near', 'Đường Nguyễn Du gần số 25 có ổ gà lớn, trời mưa đọng nước.');
    const notice = second.page.getByTestId('similar-notice');
    await notice.waitFor();
    const text = await notice.innerText();
    expect(text).toContain('Đã có 1 phản ánh tương tự gần đây');
    expect(text).toContain('Hạ tầng, giao thông');
    expect(text).toMatch(/cách khoảng \d+ m/);
    // The other citizen's unpublished report: neither its text nor its code.
    expect(text).not.toContain('trước số 25');
    expect(text).not.toContain(mainCode);
    await expectNothingCut(second.page, '[data-testid="similar-notice"] *');
    await screenshot(second.page, 'dup-01-similar-notice');
    dupCode = await send(second.page);
    expect(dupCode).not.toBe(mainCode);
    await second.context.close();
  });

  it('the officer links the second report to the first from the suggestions, then answers the first', async () => {
    const { context, page } = await e2e.staffPage(OFFICER, `/officer/feedback/${dupCode}`);
    await page.getByRole('button', { name: 'Gộp vào phản ánh chính' }).click();
    const suggestion = page.getByTestId('main-suggestions').getByRole('button', { name: mainCode, exact: false });
    await suggestion.waitFor();
    await expectNothingCut(page, '[data-testid="main-suggestions"] .zaui-btn');
    await suggestion.click();
    expect(await page.getByLabel('Mã phản ánh chính').inputValue()).toBe(mainCode);
    await expectNothingCut(page, '.sheet-buttons .zaui-btn');
    await screenshot(page, 'dup-02-link-sheet');
    await page.getByRole('button', { name: 'Gộp vào phản ánh chính' }).last().click();
    await page.getByText('Đã gộp', { exact: true }).first().waitFor();
    const links = page.getByTestId('duplicate-links');
    await expect.poll(() => links.innerText(), { timeout: 15_000 }).toContain(`Phản ánh chính ${mainCode}`);
    // Handled through the main item: no other actions here, "Bỏ gộp" offered.
    expect(await page.getByRole('button', { name: 'Trả lời', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Bỏ gộp' }).waitFor();
    await expectNothingCut(page, '[data-testid="duplicate-links"] .zaui-btn, [data-testid="duplicate-links"] .badge');
    await screenshot(page, 'dup-03-linked');

    // The main item lists its duplicate; answering it answers both.
    await links.getByRole('button', { name: `Phản ánh chính ${mainCode}` }).click();
    await page.waitForURL((url) => url.pathname.endsWith(`/officer/feedback/${mainCode}`));
    await page.getByTestId('duplicate-links').getByRole('button', { name: dupCode }).waitFor();
    await page.getByRole('button', { name: 'Trả lời', exact: true }).click();
    await page.getByLabel('Nội dung trả lời').fill(ANSWER);
    await page.getByRole('button', { name: 'Gửi trả lời' }).click();
    const status = async (code: string) => (await (await e2e.t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json()).status;
    await expect.poll(() => status(mainCode), { timeout: 15_000 }).toBe('answered');
    expect(await status(dupCode)).toBe('answered');
    await screenshot(page, 'dup-04-main-answered');
    await context.close();
  });

  it('both citizens see the answer on their detail screens, and both were sent it', async () => {
    const citizens = new Set<number | null>();
    for (const [who, code] of [[FIRST, mainCode], [SECOND, dupCode]] as const) {
      const { context, page } = await zaloPage(e2e.browser, { accessToken: who.accessToken });
      await page.goto(`${e2e.base}/feedback/${code}`);
      await page.getByText('Đơn vị đã vá ổ gà trước số 25', { exact: false }).waitFor();
      if (code === dupCode) {
        const merged = await page.getByTestId('merged-notice').innerText();
        expect(merged).toContain(`Phản ánh của bạn được gộp với ${mainCode} để xử lý chung`);
        // Nothing of the first citizen's report.
        expect(await page.locator('body').innerText()).not.toContain('xe máy dễ ngã');
        await screenshot(page, 'dup-05-duplicate-citizen');
      }
      await context.close();
      const [row] = await e2e.t.database.db.select({ id: feedback.id, citizen: feedback.citizenUserId }).from(feedback).where(eq(feedback.code, code));
      const sent = await e2e.t.database.db.select().from(outbox).where(and(eq(outbox.feedbackId, row!.id), eq(outbox.purpose, 'notification')));
      expect(sent.map((m) => m.text).join('\n')).toContain('Đơn vị đã vá ổ gà');
      // Each to the citizen who filed that item.
      expect(sent.map((m) => m.recipientUserId)).toEqual(sent.map(() => row!.citizen));
      citizens.add(row!.citizen);
    }
    expect(citizens.size).toBe(2);
  });
});
