// Brotli and gzip copies of the build's text files (x.js → x.js.br, x.js.gz), made once at build time, so the server
// sends compressed bytes without compressing on every request (bot-server/src/features/health/static-mini-app.ts).
// On a 1.6 Mbps phone network the 343 KB entry takes ~1.7 s as it is, ~0.45 s as brotli.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** What is worth compressing: text. Images and fonts are compressed already. */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|svg|txt|xml|webmanifest)$/i;
/** The copies' suffixes; bundle-report.ts leaves them out of the file list. */
export const PRECOMPRESSED = /\.(?:br|gz)$/i;

export function brotli(bytes: Uint8Array): Buffer {
  return brotliCompressSync(bytes, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  });
}

export const gzip = (bytes: Uint8Array): Buffer => gzipSync(bytes, { level: 9 });

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/**
 * Writes the .br and .gz copy of every compressible file under `dir` where the copy is smaller (tiny files may
 * not be). Returns how many copies it wrote.
 */
export function precompressDir(dir: string): number {
  let written = 0;
  for (const file of walk(dir)) {
    if (!COMPRESSIBLE.test(file)) continue;
    const bytes = readFileSync(file);
    for (const [suffix, compress] of [['.br', brotli], ['.gz', gzip]] as const) {
      const packed = compress(bytes);
      if (packed.length >= bytes.length) continue;
      writeFileSync(file + suffix, packed);
      written++;
    }
  }
  return written;
}
