import { createHash, timingSafeEqual } from 'node:crypto';

/** `mac=` + lowercase hex SHA-256 (plain hash, not HMAC) of app_id + raw body bytes + timestamp + OA secret key. */
export function zaloMac(appId: string, rawBody: Uint8Array, timestamp: string, oaSecretKey: string): string {
  const hash = createHash('sha256');
  hash.update(appId, 'utf8');
  hash.update(rawBody);
  hash.update(timestamp, 'utf8');
  hash.update(oaSecretKey, 'utf8');
  return `mac=${hash.digest('hex')}`;
}

/** Constant-time check of the X-ZEvent-Signature header against the expected MAC. */
export function verifyZaloMac(header: string | undefined, expected: string): boolean {
  const got = Buffer.from((header ?? '').trim().toLowerCase(), 'utf8');
  const want = Buffer.from(expected, 'utf8');
  return got.length === want.length && timingSafeEqual(got, want);
}
