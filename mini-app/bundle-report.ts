// After `vite build`: the size of each output file, the first-load JS (what Zalo loads before the first screen,
// per the app-config.json the Zalo plugin writes) and Zalo's limits. Exits 1 when a budget is exceeded.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Zalo refuses a version above 10 MB in all or with one file above 3 MB (zalo.md §5); ours: 160 KiB first load. */
export const LIMITS = { totalBytes: 10 * 1024 * 1024, fileBytes: 3 * 1024 * 1024, firstLoadJsGzip: 160 * 1024 };

export interface BundleFile {
  path: string;
  bytes: number;
  gzip: number;
}

export interface BundleReport {
  files: BundleFile[];
  totalBytes: number;
  largest: BundleFile;
  firstLoadJs: BundleFile[];
  firstLoadJsGzip: number;
  problems: string[];
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

export function bundleReport(distDir: string): BundleReport {
  const files = walk(distDir)
    .map((full) => {
      const bytes = readFileSync(full);
      return { path: relative(distDir, full), bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.bytes - a.bytes);
  const config = JSON.parse(readFileSync(join(distDir, 'app-config.json'), 'utf8')) as { listSyncJS: string[]; listAsyncJS: string[] };
  const firstLoad = new Set([...config.listSyncJS, ...config.listAsyncJS]);
  const firstLoadJs = files.filter((f) => firstLoad.has(f.path));
  const report: BundleReport = {
    files,
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    largest: files[0]!,
    firstLoadJs,
    firstLoadJsGzip: firstLoadJs.reduce((s, f) => s + f.gzip, 0),
    problems: [],
  };
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
  console.log('\nfile'.padEnd(width + 2) + 'size'.padStart(12) + 'gzip'.padStart(12));
  for (const f of report.files) console.log(f.path.padEnd(width + 1) + kib(f.bytes).padStart(12) + kib(f.gzip).padStart(12));
  console.log(`\nfirst-load JS: ${report.firstLoadJs.map((f) => f.path).join(', ')}`);
  console.log(`first-load JS gzip: ${kib(report.firstLoadJsGzip)} (budget ${kib(LIMITS.firstLoadJsGzip)})`);
  console.log(`largest file: ${report.largest.path} ${kib(report.largest.bytes)} (Zalo limit 3 MB per file)`);
  console.log(`total: ${kib(report.totalBytes)} in ${report.files.length} files (Zalo limit 10 MB)`);
  for (const p of report.problems) console.error(`OVER BUDGET: ${p}`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  const report = bundleReport(resolve(process.argv[2] ?? new URL('./dist', import.meta.url).pathname));
  print(report);
  if (report.problems.length) process.exit(1);
}
