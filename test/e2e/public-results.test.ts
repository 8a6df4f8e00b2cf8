// Public results in Chromium at 360×640, on a development server outside Zalo (the preview personas): an anonymous
// visitor finds a published item by words typed without diacritics and sees nothing personal; an officer searches
// the inbox the same way; a citizen copies a tracking code and looks one up.
import { describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from '../support/test-app.js';
import { browserPage, expectNothingCut, PHONE, requireChromiumInCi, screenshot, useE2eApp } from './browser.js';

const haveChromium = requireChromiumInCi();

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
const SECRETS = ['Đỗ Thị Bí Mật', '0987654321', 'bi.mat@example.vn', '10.776543', '106.701234', 'Số 7 hẻm 9'];

describe.skipIf(!haveChromium)('public results in Chromium', () => {
  let published = '';
  let hidden = '';
  const e2e = useE2eApp('public-results', {
    preview: true,
    async setup(t) {
      const citizen = await t.citizen('Đỗ Thị Bí Mật');
      const file = async (content: string, extra: object = {}) => {
        const res = await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { category: 'ha-tang', content, ...extra } });
        expect(res.status).toBe(201);
        return (await res.json()).code as string;
      };
      const act = async (code: string, action: string, json: object = {}) =>
        expect((await t.request('POST', `/api/v1/feedback/${code}/${action}`, { token: ADMIN_TOKEN, json })).status).toBe(200);
      published = await file('Ổ gà rất sâu trước cổng chợ, xe máy dễ ngã.', {
        title: 'Ổ gà trước chợ',
        location: { lat: 10.776543, lng: 106.701234 },
        address: 'Số 7 hẻm 9 đường Chợ',
        contact: { name: 'Đỗ Thị Bí Mật', phone: '0987654321', email: 'bi.mat@example.vn' },
      });
      const form = new FormData();
      form.append('file', new Blob([PNG], { type: 'image/png' }), 'o-ga.png');
      const up = await t.request('POST', `/api/v1/feedback/${published}/attachments`, { token: citizen.token, body: form });
      const photoId = (await up.json()).attachments[0].id;
      await act(published, 'accept');
      await act(published, 'answer', { answer: 'Đơn vị đã vá ổ gà trước cổng chợ.' });
      await act(published, 'publish', { photoIds: [photoId] });
      hidden = await file('Đèn đường hỏng ở hẻm sau chợ, chưa công khai.');
    },
  });

  it("shows every button of the sign-in screen whole at 360 px, the personas' long names included", async () => {
    const { context, page } = await browserPage(e2e.browser);
    await page.goto(e2e.base);
    await page.getByText('Đăng nhập thử (chế độ phát triển)').waitFor();
    const buttons = page.locator('main.sign-in button');
    expect(await buttons.allInnerTexts()).toEqual([
      'Người dân: Công dân thử nghiệm',
      'Cán bộ xử lý: Cán bộ Sở Xây dựng',
      'Cán bộ xử lý: Cán bộ Văn phòng HĐND-UBND huyện Ninh Sơn',
      'Lãnh đạo: Lãnh đạo UBND tỉnh',
      'Xem kết quả đã công khai',
    ]);
    await expectNothingCut(page, 'main.sign-in button, main.sign-in button *');
    // Every button within the screen (a label that will not wrap widens the page, and then no button is wider than
    // its own box), and every line of its text within the button.
    const outside = await buttons.evaluateAll((els, width) => {
      type Box = { left: number; right: number; top: number; bottom: number };
      const doc = (globalThis as unknown as { document: { createRange(): { selectNodeContents(e: unknown): void; getClientRects(): ArrayLike<Box> } } }).document;
      return els.flatMap((e) => {
        const b = e.getBoundingClientRect();
        const range = doc.createRange();
        range.selectNodeContents(e);
        const lines = Array.from(range.getClientRects());
        const inside = b.left >= 0 && b.right <= width && lines.every((r) => r.left >= b.left && r.right <= b.right && r.top >= b.top && r.bottom <= b.bottom);
        return inside ? [] : [(e.textContent ?? '').trim()];
      });
    }, PHONE.width);
    expect(outside).toEqual([]);
    await screenshot(page, 'public-00-sign-in');
    await context.close();
  });

  it('an anonymous visitor searches "o ga" from the sign-in screen and sees the published item, nothing personal', async () => {
    const { context, page } = await browserPage(e2e.browser);
    await page.goto(e2e.base);
    await page.getByRole('button', { name: 'Xem kết quả đã công khai' }).click();
    await page.getByText('phản ánh đã công khai', { exact: false }).waitFor();
    await page.getByLabel('Tìm kiếm').fill('o ga');
    const searched = page.waitForResponse((r) => r.url().includes('/api/v1/public/feedback?') && r.url().includes('q=o+ga'));
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    expect((await searched).status()).toBe(200);
    await page.getByText('Ổ gà trước chợ').waitFor();
    await expect(page.getByText('1 phản ánh đã công khai').count()).resolves.toBe(1);
    await expectNothingCut(page);
    await screenshot(page, 'public-01-list');
    await page.getByText('Ổ gà trước chợ').click();
    await page.getByText('Đơn vị đã vá ổ gà trước cổng chợ.').waitFor();
    const img = page.getByRole('img', { name: `Ảnh 1 của phản ánh ${published}` });
    await expect.poll(() => img.evaluate((el) => (el as unknown as { naturalWidth: number }).naturalWidth)).toBe(1);
    await expectNothingCut(page);
    await screenshot(page, 'public-02-detail');
    const html = await page.content();
    for (const secret of SECRETS) expect(html, secret).not.toContain(secret);
    expect(html).not.toContain(hidden);
    await context.close();
  });

  it('an officer searches the inbox without diacritics', async () => {
    const { context, page } = await browserPage(e2e.browser);
    await page.goto(e2e.base);
    await page.getByRole('button', { name: 'Cán bộ xử lý: Cán bộ Sở Xây dựng' }).click();
    await page.getByText(hidden).first().waitFor();
    await page.getByLabel('Tìm phản ánh').fill('den duong hem');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe('den duong hem');
    await expect.poll(() => page.getByText(published).count()).toBe(0);
    await page.getByText(hidden).first().waitFor();
    await expectNothingCut(page);
    await screenshot(page, 'public-03-inbox-search');
    await context.close();
  });

  it('a citizen copies a tracking code, and looks codes up', async () => {
    const { context, page } = await browserPage(e2e.browser);
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.base });
    await page.goto(e2e.base);
    await page.getByRole('button', { name: 'Người dân: Công dân thử nghiệm' }).click();
    await page.getByRole('button', { name: 'Kết quả đã công khai' }).waitFor();
    // Their own feedback, filed through the API with the session the page holds.
    const own = await page.evaluate(async () => {
      const g = globalThis as unknown as { localStorage: { getItem(k: string): string | null }; fetch: typeof fetch };
      const res = await g.fetch('/api/v1/feedback', {
        method: 'POST',
        headers: { Authorization: `Bearer ${g.localStorage.getItem('pakn.session')}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ category: 'ha-tang', content: 'Cây xanh đổ chắn lối đi trong công viên.' }),
      });
      return ((await res.json()) as { code: string }).code;
    });
    expect(own).toMatch(/^PA-\d{4}-\d{6}$/);

    const lookUp = async (code: string) => {
      await page.getByLabel('Mã phản ánh').fill(code);
      await page.getByRole('button', { name: 'Tra cứu', exact: true }).click();
    };
    await lookUp(hidden); // someone else's, not published
    await page.getByText('Không tìm thấy phản ánh với mã này').waitFor();
    await lookUp(published.toLowerCase());
    await page.getByText('Đơn vị đã vá ổ gà trước cổng chợ.').waitFor();
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`/public/${published}$`));
    await page.goBack();
    await lookUp(own);
    await page.waitForURL((url) => url.pathname.endsWith(`/feedback/${own}`));
    await page.getByRole('button', { name: 'Sao chép mã' }).click();
    await page.getByText('Đã sao chép mã').waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(own);
    await expectNothingCut(page);
    await screenshot(page, 'public-04-copied');
    await context.close();
  });
});
