// Downloads a photo a citizen sent to the OA, so the feedback keeps the file even after Zalo's URL expires.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { nameForType, sniffFileType } from '../../lib/file-sniff.js';
import { sha256Hex } from '../../lib/secrets.js';

export interface StoredMedia {
  url: string;
  sha256: string;
  size: number;
  mimeType: string;
  fileName: string;
}

const MAX_BYTES = 10 * 1024 * 1024;
const ZALO_MEDIA_HOSTS = /(^|\.)(zdn\.vn|zadn\.vn|zalo\.me|zaloapp\.com)$/;

/**
 * Only Zalo's media hosts (and the hosts of the configured Zalo API bases, which tests point at a fake) are fetched:
 * the URL comes from a signed event, but the server must not become a proxy to arbitrary addresses.
 */
export function isTrustedMediaUrl(url: string, configuredBases: string[]): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
  if (ZALO_MEDIA_HOSTS.test(u.hostname)) return true;
  return configuredBases.some((b) => {
    try {
      return new URL(b).host === u.host;
    } catch {
      return false;
    }
  });
}

/** Returns null when the file cannot be fetched; the caller keeps the URL instead. Never throws. */
export async function fetchAndStoreMedia(
  url: string,
  filesDir: string,
  trustedBases: string[],
  timeoutMs = 10_000,
): Promise<StoredMedia | null> {
  try {
    if (!isTrustedMediaUrl(url, trustedBases)) return null;
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    if (!res.ok) return null;
    const declaredType = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!declaredType.startsWith('image/')) return null;
    const declared = Number(res.headers.get('content-length') ?? '0');
    if (declared > MAX_BYTES) return null;
    const bytes = new Uint8Array(await res.arrayBuffer());
    if (bytes.length === 0 || bytes.length > MAX_BYTES) return null;
    // Served later with this type: it comes from the bytes, as for uploads (an "image/svg+xml" is not kept).
    const mimeType = sniffFileType(bytes);
    if (!mimeType?.startsWith('image/')) return null;
    const sha256 = sha256Hex(bytes);
    await mkdir(filesDir, { recursive: true });
    await writeFile(join(filesDir, sha256), bytes);
    return { url, sha256, size: bytes.length, mimeType, fileName: nameForType(`zalo-${sha256.slice(0, 8)}`, mimeType) };
  } catch {
    return null;
  }
}
