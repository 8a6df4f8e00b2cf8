// After `vite build`: the size of each output file, the first-load JS (what Zalo loads before the first screen,
// per the app-config.json the Zalo plugin writes, and what index.html modulepreloads) and Zalo's limits. Exits 1
// when a budget is exceeded. The .br/.gz copies the build writes for the server (precompress.ts) are not files of
// their own here, but count in the total, since they sit in the directory that is deployed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { brotli, PRECOMPRESSED } from './precompress.js';

/** Zalo refuses a version above 10 MB in all or with one file above 3 MB (zalo.md §5); ours: 160 KiB first load. */
export const LIMITS = { totalBytes: 10 * 1024 * 1024, fileBytes: 3 * 1024 * 1024, firstLoadJsGzip: 160 * 1024 };

export interface BundleFile {
  path: string;
  bytes: number;
  gzip: number;
  br: number;
}

export interface BundleReport {
  files: BundleFile[];
  totalBytes: number;
  largest: BundleFile;
  firstLoadJs: BundleFile[];
  firstLoadJsGzip: number;
  firstLoadJsBr: number;
  /** The .br and .gz copies, together. */
  precompressedBytes: number;
  problems: string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** The scripts index.html preloads (<link rel="modulepreload">), as paths relative to the build. */
export function modulePreloads(html: string): string[] {
  return [...html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*>/g)].flatMap((m) => {
    const href = /\bhref="([^"]+)"/.exec(m[0])?.[1];
    return href ? [href.replace(/^\.?\//, '')] : [];
  });
}

export function bundleReport(distDir: string): BundleReport {
  const all = walk(distDir);
  const copies = all.filter((f) => PRECOMPRESSED.test(f));
  const files = all
    .filter((f) => !PRECOMPRESSED.test(f))
    .map((full) => {
      const bytes = readFileSync(full);
      return { path: relative(distDir, full), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, br: brotli(bytes).length };
    })
    .sort((a, b) => b.bytes - a.bytes);
  const config = JSON.parse(readFileSync(join(distDir, 'app-config.json'), 'utf8')) as { listSyncJS: string[]; listAsyncJS: string[] };
  const preloaded = modulePreloads(readFileSync(join(distDir, 'index.html'), 'utf8'));
  const firstLoad = new Set([...config.listSyncJS, ...config.listAsyncJS, ...preloaded]);
  const firstLoadJs = files.filter((f) => firstLoad.has(f.path));
  const precompressedBytes = copies.reduce((s, f) => s + statSync(f).size, 0);
  const report: BundleReport = {
    files,
    totalBytes: files.reduce((s, f) => s + f.bytes, 0) + precompressedBytes,
    largest: files[0]!,
    firstLoadJs,
    firstLoadJsGzip: firstLoadJs.reduce((s, f) => s + f.gzip, 0),
    firstLoadJsBr: firstLoadJs.reduce((s, f) => s + f.br, 0),
    precompressedBytes,
    problems: [],
  };
  for (const path of firstLoad) if (!files.some((f) => f.path === path)) report.problems.push(`first-load file ${path} is not in the build`);
  if (report.totalBytes > LIMITS.totalBytes) report.problems.push(`total ${kib(report.totalBytes)} exceeds Zalo's 10 MB`);
  for (const f of files) if (f.bytes > LIMITS.fileBytes) report.problems.push(`${f.path} (${kib(f.bytes)}) exceeds Zalo's 3 MB per file`);
  if (report.firstLoadJsGzip > LIMITS.firstLoadJsGzip) {
    report.problems.push(`first-load JS ${kib(report.firstLoadJsGzip)} gzip exceeds the 160 KiB budget`);
  }
  return report;
}

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function print(report: BundleReport): void {
  const width = Math.max(...report.files.map((f) => f.path.length));
  console.log('\nfile'.padEnd(width + 2) + 'size'.padStart(12) + 'gzip'.padStart(12) + 'brotli'.padStart(12));
  for (const f of report.files) console.log(f.path.padEnd(width + 1) + kib(f.bytes).padStart(12) + kib(f.gzip).padStart(12) + kib(f.br).padStart(12));
  console.log(`\nfirst-load JS: ${report.firstLoadJs.map((f) => f.path).join(', ')}`);
  console.log(`first-load JS gzip: ${kib(report.firstLoadJsGzip)} (budget ${kib(LIMITS.firstLoadJsGzip)}); brotli, as the server sends it: ${kib(report.firstLoadJsBr)}`);
  console.log(`largest file: ${report.largest.path} ${kib(report.largest.bytes)} (Zalo limit 3 MB per file)`);
  console.log(`total: ${kib(report.totalBytes)} in ${report.files.length} files and their .br/.gz copies (${kib(report.precompressedBytes)}) (Zalo limit 10 MB)`);
  for (const p of report.problems) console.error(`OVER BUDGET: ${p}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const report = bundleReport(resolve(process.argv[2] ?? new URL('./dist', import.meta.url).pathname));
  print(report);
  if (report.problems.length) process.exit(1);
}
