// The production bundle stays within Zalo's limits and the first-load budget, and screens load lazily.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleReport, type BundleReport, LIMITS, modulePreloads } from '../../mini-app/bundle-report.js';

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

  it('counts what index.html preloads in the first load: the citizen home, and no staff screen', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const preloaded = modulePreloads(html);
    expect(preloaded.some((p) => /^assets\/citizen-home\.[\w-]+\.module\.js$/.test(p))).toBe(true);
    const firstLoad = report.firstLoadJs.map((f) => f.path);
    for (const p of preloaded) expect(firstLoad).toContain(p);
    // None of the staff's screens, nor the citizen's later ones.
    for (const screen of ['officer-inbox', 'leader-dashboard', 'on-time-chart', 'feedback-form', 'dti-edit']) {
      expect(firstLoad.some((p) => p.includes(screen)), screen).toBe(false);
    }
  });

  it('paints an app shell before the style sheet and the script, and loads nothing for it', () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const shell = html.indexOf('class="boot-header"');
    expect(shell).toBeGreaterThan(0);
    expect(html.slice(shell, shell + 80)).toContain('Phản ánh, kiến nghị');
    // No style sheet holds back the first paint: the app's is preloaded, and applied when the app renders.
    expect(html).not.toMatch(/rel="stylesheet"/);
    expect(html).toMatch(/<link rel="preload" as="style" crossorigin href="\.\/assets\/app-root-[\w-]+\.css">/);
    // The shell's own styles are inline and fetch nothing.
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    expect(style).toContain('.boot-header');
    expect(style).not.toMatch(/url\(|@import/);
  });

  it('writes a brotli and a gzip copy of each text file that decompress to the same bytes', () => {
    const text = report.files.filter((f) => /\.(js|css|html|json)$/.test(f.path));
    expect(text.length).toBeGreaterThan(10);
    let copies = 0;
    for (const f of text) {
      const original = readFileSync(join(out, f.path));
      for (const [suffix, unpack] of [['.br', brotliDecompressSync], ['.gz', gunzipSync]] as const) {
        const copy = join(out, f.path + suffix);
        // Tiny files may have no copy (it would not be smaller); the larger ones must.
        if (!existsSync(copy)) {
          expect(f.bytes, `${f.path}${suffix}`).toBeLessThan(1024);
          continue;
        }
        const packed = readFileSync(copy);
        expect(packed.length).toBeLessThan(original.length);
        expect(unpack(packed).equals(original), `${f.path}${suffix}`).toBe(true);
        copies++;
      }
    }
    expect(copies).toBeGreaterThan(20);
    // The copies are no files of their own in the report, but count in the deployed total.
    expect(report.files.some((f) => /\.(br|gz)$/.test(f.path))).toBe(false);
    expect(report.totalBytes).toBe(report.files.reduce((s, f) => s + f.bytes, 0) + report.precompressedBytes);
  });

  it('starts with a small entry: React, zmp-ui and the Zalo SDK come after it has started the first calls', () => {
    const config = JSON.parse(readFileSync(join(out, 'app-config.json'), 'utf8')) as { listSyncJS: string[] };
    const entry = report.files.find((f) => f.path === config.listSyncJS[0])!;
    expect(entry.gzip).toBeLessThan(12 * 1024);
    const text = readFileSync(join(out, entry.path), 'utf8');
    expect(text).not.toContain('reactjs.org/docs/error-decoder'); // React's production build names this page
    // The SDK's bridge to the Zalo app is in a chunk of its own, outside the first load (main.tsx loads it in Zalo).
    const sdk = report.files.filter((f) => f.path.endsWith('.js') && readFileSync(join(out, f.path), 'utf8').includes('ZaloJavaScriptInterface'));
    expect(sdk.map((f) => f.path)).toEqual([expect.stringMatching(/^assets\/zalo-sdk\.[\w-]+\.module\.js$/)]);
    expect(report.firstLoadJs).not.toContainEqual(sdk[0]);
    // The app itself is preloaded beside the entry.
    expect(modulePreloads(readFileSync(join(out, 'index.html'), 'utf8')).some((p) => /^assets\/app-root\.[\w-]+\.module\.js$/.test(p))).toBe(true);
  });

  it('loads the screens, the chart and the map libraries only when needed', () => {
    const firstLoad = report.firstLoadJs.map((f) => readFileSync(join(out, f.path), 'utf8')).join('\n');
    // chart.js registers its controllers by these ids; none may be in the first load.
    expect(firstLoad).not.toMatch(/id\s*=\s*"line"|"category"\s*,\s*defaults/);
    // Leaflet names its container class in its code.
    expect(firstLoad).not.toContain('leaflet-container');
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
