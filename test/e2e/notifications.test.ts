// The notification centre in Chromium at 360×640: an officer asks for information → the citizen sees 1 unread on
// the home's bell, opens it, the count goes to 0; the citizen adds the information → the officer's inbox says
// "Công dân đã bổ sung" and the officer's unread count goes up.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { users } from '../../db/schema.js';
import { createSession } from '../../bot-server/src/features/auth/session-repository.js';
import { ADMIN_TOKEN } from '../support/test-app.js';
import { requireChromiumInCi, screenshot, type StaffPerson, useE2eApp, type ZaloPerson, zaloPage } from './browser.js';

const haveChromium = requireChromiumInCi();

const CITIZEN: ZaloPerson = { accessToken: 'e2e-notify-citizen', id: '3200000000000000001', name: 'Võ Thị Công Dân' };
const LEADER: StaffPerson = {
  accessToken: 'e2e-notify-leader',
  id: '3200000000000000003',
  name: 'Lê Thị Lãnh Đạo',
  phone: '0912346002',
  phoneToken: 'e2e-notify-phone-l',
  unit: 'TINH',
  role: 'leader',
};
const OFFICER: StaffPerson = {
  accessToken: 'e2e-notify-officer',
  id: '3200000000000000002',
  name: 'Đỗ Văn Cán Bộ',
  phone: '0912346001',
  phoneToken: 'e2e-notify-phone',
  unit: 'SO-XD',
  role: 'officer',
};

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
  const e2e = useE2eApp('notifications', { people: [CITIZEN, OFFICER, LEADER] });

  it('tells the citizen of a request for information and the officer of the reply, with counts that follow', async () => {
    const { t, base, browser } = e2e;
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
    const officer = await e2e.staffPage(OFFICER, '/officer');
    const op = officer.page;
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
    const leader = await e2e.staffPage(LEADER, '/notifications');
    const lp = leader.page;
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
