// The production bundle stays within Zalo's limits and the first-load budget, and screens load lazily.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleReport, type BundleReport, LIMITS } from '../../mini-app/bundle-report.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe('production bundle of the mini app', () => {
  let out: string;
  let report: BundleReport;

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'pakn-mini-app-'));
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'mini-app/vite.config.mts', '--outDir', out, '--logLevel', 'error'], {
      cwd: ROOT,
      stdio: 'inherit',
      // Vitest sets NODE_ENV=test, which would make a development build.
      env: { ...process.env, NODE_ENV: 'production' },
    });
    report = bundleReport(out);
  }, 120_000);
  afterAll(() => out && rmSync(out, { recursive: true, force: true }));

  it('is within Zalo limits and the 160 KiB first-load budget', () => {
    expect(report.problems).toEqual([]);
    expect(report.firstLoadJsGzip).toBeLessThanOrEqual(LIMITS.firstLoadJsGzip);
    expect(report.largest.bytes).toBeLessThanOrEqual(LIMITS.fileBytes);
  });

  it('loads the screens and the chart library only when needed', () => {
    const firstLoad = report.firstLoadJs.map((f) => readFileSync(join(out, f.path), 'utf8')).join('\n');
    // chart.js registers its controllers by these ids; none may be in the first load.
    expect(firstLoad).not.toMatch(/id\s*=\s*"line"|"category"\s*,\s*defaults/);
    const lazy = report.files.filter((f) => f.path.endsWith('.js') && !report.firstLoadJs.includes(f));
    expect(lazy.length).toBeGreaterThanOrEqual(10);
    for (const screen of ['feedback-form', 'officer-inbox', 'leader-dashboard', 'dti-edit']) {
      expect(lazy.some((f) => f.path.includes(screen))).toBe(true);
    }
  });

  it('keeps the map library (Leaflet) and its CSS out of the first load, in a chunk of their own', () => {
    const read = (f: string) => readFileSync(join(out, f), 'utf8');
    // Leaflet's own markers: its version string and the class names it builds its panes with.
    const isLeaflet = (text: string) => /leaflet-pane/.test(text) && /1\.9\.4/.test(text);
    const firstLoad = report.firstLoadJs.map((f) => read(f.path)).join('\n');
    expect(isLeaflet(firstLoad)).toBe(false);
    const js = report.files.filter((f) => f.path.endsWith('.js'));
    const leafletJs = js.filter((f) => isLeaflet(read(f.path)));
    expect(leafletJs).toHaveLength(1);
    expect(report.firstLoadJs).not.toContainEqual(leafletJs[0]);
    // The first-load CSS is what Zalo loads from listCSS and what index.html links.
    const config = JSON.parse(read('app-config.json')) as { listCSS: string[] };
    const leafletCss = report.files.filter((f) => f.path.endsWith('.css') && read(f.path).includes('.leaflet-container'));
    expect(leafletCss).toHaveLength(1);
    expect(config.listCSS.length).toBeGreaterThan(0);
    expect(config.listCSS).not.toContain(leafletCss[0]!.path);
    for (const css of config.listCSS) expect(read(css), css).not.toContain('.leaflet-');
    expect(read('index.html')).not.toContain(leafletCss[0]!.path.replace(/^.*\//, ''));
    // The chunk that loads Leaflet asks for its CSS itself (Vite's preload), so a map is never unstyled.
    const loaders = js.filter((f) => read(f.path).includes(leafletCss[0]!.path.replace(/^.*\//, '')));
    expect(loaders.length).toBeGreaterThan(0);
    expect(loaders.every((f) => !report.firstLoadJs.includes(f))).toBe(true);
  });

  it('ships no secrets and a Zalo app-config listing the built files', () => {
    const config = JSON.parse(readFileSync(join(out, 'app-config.json'), 'utf8'));
    expect(config.app.title).toBe('Phản ánh kiến nghị');
    expect(config.listSyncJS.length).toBe(1);
    const all = report.files.filter((f) => /\.(js|html|json)$/.test(f.path)).map((f) => readFileSync(join(out, f.path), 'utf8')).join('\n');
    expect(all).not.toMatch(/ZALO_APP_SECRET|ZALO_OA_SECRET_KEY|ADMIN_API_TOKEN|secret_key/);
  });
});
