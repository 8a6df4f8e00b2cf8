// Maps in Chromium at 360×640: tiles from a local tile server (MAP_TILE_URL), a citizen picks the place on the map,
// and the officer's inbox shows it as a marker. The bundle has its own output folder, so this file can run
// alongside mini-app.test.ts.
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeZalo, startFakeZalo } from '../support/fake-zalo.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { startTileServer, type TileServer } from '../support/tile-server.js';
import { buildE2eBundle, cspViolations, launchChromium, requireChromiumInCi, ROOT, screenshot, screenshotFailure, serveApp, zaloPage } from './browser.js';

const haveChromium = requireChromiumInCi();
const DIST = join(ROOT, 'mini-app/dist-e2e-map');

const CITIZEN = { accessToken: 'map-token-citizen', id: '3200000000000000001', name: 'Hoàng Thị Bản Đồ' };
const OFFICER = { accessToken: 'map-token-officer', id: '3200000000000000002', name: 'Vũ Văn Địa Chính', phone: '0912345101', phoneToken: 'map-phone-officer' };
const CENTER = { lat: 22.147, lng: 105.8348, zoom: 13 };

/** Web Mercator, as Leaflet's default CRS: world pixels at a zoom, and back. */
const worldSize = (z: number) => 256 * 2 ** z;
function project(p: { lat: number; lng: number }, z: number) {
  const s = worldSize(z);
  const sin = Math.sin((p.lat * Math.PI) / 180);
  return { x: ((p.lng + 180) / 360) * s, y: (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * s };
}
function unproject(pt: { x: number; y: number }, z: number) {
  const s = worldSize(z);
  return { lng: (pt.x / s) * 360 - 180, lat: (Math.atan(Math.sinh(Math.PI * (1 - (2 * pt.y) / s))) * 180) / Math.PI };
}

async function expectButtonsFit(page: Page, names: string[]) {
  for (const name of names) {
    const fits = await page.getByRole('button', { name, exact: true }).first().evaluate((el) => el.scrollWidth <= el.clientWidth);
    expect(fits, `"${name}" fits its button`).toBe(true);
  }
}

describe.skipIf(!haveChromium)('maps in Chromium', () => {
  let fake: FakeZalo;
  let tiles: TileServer;
  let t: TestApp;
  let server: Awaited<ReturnType<typeof serveApp>>;
  let browser: Browser;
  let code = '';
  let picked = { lat: 0, lng: 0 };

  beforeAll(async () => {
    buildE2eBundle('e2e', DIST);
    fake = await startFakeZalo({ appSecret: 'map-app-secret' });
    tiles = await startTileServer();
    t = await createTestApp('pglite', {
      now: new Date(),
      miniAppDir: DIST,
      env: {
        ZALO_GRAPH_BASE: fake.baseUrl,
        ZALO_APP_SECRET: 'map-app-secret',
        MAP_TILE_URL: tiles.template,
        MAP_TILE_ATTRIBUTION: '© Bản đồ thử',
        MAP_DEFAULT_CENTER: `${CENTER.lat},${CENTER.lng},${CENTER.zoom}`,
      },
    });
    const imported = await t.request('POST', '/api/v1/admin/users/import', {
      token: ADMIN_TOKEN,
      json: [{ phone: OFFICER.phone, name: OFFICER.name, unit: 'SO-XD', role: 'officer' }],
    });
    expect(imported.status).toBe(200);
    for (const p of [CITIZEN, OFFICER]) fake.addUserToken(p.accessToken, { id: p.id, name: p.name });
    fake.addPhoneCode(OFFICER.phoneToken, `84${OFFICER.phone.slice(1)}`);
    server = await serveApp(t);
    browser = await launchChromium();
  }, 240_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') await screenshotFailure(ctx.task.name);
    expect(cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
    await tiles?.close();
    await fake?.close();
  });

  /**
   * Every host the page asked anything of, but Zalo's CDN: zmp-ui loads its icon font from h5.zadn.vn on every
   * screen, map or not.
   */
  const hostsOf = (page: Page) => {
    const hosts = new Set<string>();
    page.on('request', (r) => {
      const host = new URL(r.url()).host;
      if (!/\.zadn\.vn$/.test(host)) hosts.add(host);
    });
    return hosts;
  };

  it('a citizen taps the place on the map, and the feedback is filed with those coordinates', async () => {
    const { context, page } = await zaloPage(browser, { accessToken: CITIZEN.accessToken });
    const hosts = hostsOf(page);
    await page.goto(`${server.base}/feedback/new`);
    await page.getByLabel('Lĩnh vực').click();
    await page.getByText('Hạ tầng, giao thông', { exact: true }).last().click();
    await page.getByLabel('Nội dung phản ánh').fill('Ổ gà lớn giữa đường trước chợ, xe máy đi qua rất nguy hiểm khi trời tối.');
    const before = tiles.requests.length;
    await page.getByRole('button', { name: 'Chọn trên bản đồ' }).click();
    const map = page.getByTestId('location-picker-map');
    await map.locator('img.leaflet-tile-loaded').first().waitFor();
    expect(tiles.requests.length).toBeGreaterThan(before);
    expect(await page.getByText('© Bản đồ thử').count()).toBe(1);
    await expectButtonsFit(page, ['Đóng bản đồ', 'Chọn điểm giữa bản đồ', 'Về vị trí hiện tại', 'Thêm vị trí hiện tại']);

    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    const size = await map.evaluate((el) => ({ w: el.clientWidth, h: el.clientHeight }));
    const [dx, dy] = [70, -50];
    await page.touchscreen.tap(box.x + size.w / 2 + dx, box.y + size.h / 2 + dy);
    const c = project(CENTER, CENTER.zoom);
    picked = unproject({ x: c.x + dx, y: c.y + dy }, CENTER.zoom);
    await expect.poll(() => page.getByTestId('picked-point').innerText()).toMatch(/^Vị trí đã chọn: Vĩ độ 22,1\d{4} Bắc, kinh độ 105,8\d{4} Đông$/);
    await page.locator('.map-pin').first().waitFor();
    await screenshot(page, 'map-01-citizen-picker');

    await page.getByRole('button', { name: 'Gửi phản ánh' }).click();
    const codeEl = page.getByTestId('tracking-code');
    await codeEl.waitFor();
    code = (await codeEl.innerText()).trim();
    const stored = await (await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN })).json();
    // Within about a pixel at zoom 13 (Leaflet rounds the map's pixel origin).
    const pixelDeg = 360 / worldSize(CENTER.zoom);
    expect(Math.abs(stored.location.lng - picked.lng)).toBeLessThan(2 * pixelDeg);
    expect(Math.abs(stored.location.lat - picked.lat)).toBeLessThan(2 * pixelDeg);
    expect(stored.unit.code).toBe('SO-XD');
    // Tiles from the local tile server, everything else from the app: no other host (OpenStreetMap's included).
    expect([...hosts].sort()).toEqual([new URL(server.base).host, new URL(tiles.origin).host].sort());
    await context.close();
  });

  it("the officer's inbox shows the item as a marker on the map, and the marker leads to it", async () => {
    expect(code).not.toBe('');
    const { context, page } = await zaloPage(browser, { accessToken: OFFICER.accessToken, phoneToken: OFFICER.phoneToken });
    const hosts = hostsOf(page);
    await page.goto(`${server.base}/link-staff`);
    await page.getByRole('button', { name: 'Đồng ý và xác minh số điện thoại' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/link-staff'));
    await page.goto(`${server.base}/officer`);
    await page.getByText(code).first().waitFor();
    await expectButtonsFit(page, ['Danh sách', 'Bản đồ']);
    await page.getByRole('button', { name: 'Bản đồ', exact: true }).click();
    const marker = page.locator(`.leaflet-marker-icon[data-code="${code}"]`);
    await marker.waitFor();
    await page.getByTestId('feedback-map').locator('img.leaflet-tile-loaded').first().waitFor();
    expect(await marker.getAttribute('aria-label')).toContain(code);
    await screenshot(page, 'map-02-officer-inbox-map');
    await marker.click();
    const card = page.getByTestId('map-selected');
    await expect.poll(() => card.innerText()).toContain(code);
    await expectButtonsFit(page, ['Xem chi tiết']);
    await page.getByRole('button', { name: 'Xem chi tiết' }).click();
    await page.waitForURL((url) => url.pathname.endsWith(`/officer/feedback/${code}`));
    expect([...hosts].every((h) => h === new URL(server.base).host || h === new URL(tiles.origin).host)).toBe(true);
    await context.close();
  });
});
