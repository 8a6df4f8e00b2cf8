// Zalo's Graph API for the mini app sign-in (CONTRACT §7): who holds an access token, the phone behind a
// getPhoneNumber token, and the position behind a getLocation token. Zalo answers errors with HTTP 200 and a
// non-zero `error`.
import { z } from 'zod';
import { ApiError } from '../../lib/api-error.js';

/**
 * A token from zmp-sdk, as the mini app sends it. It travels to Zalo in an HTTP header, so anything but visible
 * ASCII is the caller's mistake (400), not Zalo being unreachable.
 */
export const zaloToken = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(4000)
  .regex(/^[\x21-\x7e]+$/, 'must be a token from Zalo (visible ASCII characters only)');

const meSchema = z.object({ id: z.union([z.string(), z.number()]).transform(String), name: z.string().default('') }).loose();
const infoSchema = z.object({ data: z.object({ number: z.string() }) }).loose();

/** A coordinate as Zalo sends it: a number or a numeric string. */
const coordinate = (min: number, max: number) =>
  z
    .union([z.number(), z.string().trim().regex(/^[+-]?\d+(?:\.\d+)?$/, 'must be a number').transform(Number)])
    .pipe(z.number().finite().min(min).max(max));
const locationSchema = z
  .object({ data: z.object({ latitude: coordinate(-90, 90), longitude: coordinate(-180, 180) }).loose() })
  .loose();

async function graphGet(url: string, headers: Record<string, string>): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  } catch {
    throw new ApiError(503, 'zalo_unavailable', 'Zalo did not answer; try again');
  }
  if (res.status >= 500) throw new ApiError(503, 'zalo_unavailable', 'Zalo did not answer; try again');
  // Ids are 64-bit: quote long integers before parsing so they stay exact strings.
  const text = (await res.text()).replace(/("(?:id|number)"\s*:\s*)(\d{16,})/g, '$1"$2"');
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ApiError(503, 'zalo_unavailable', 'Zalo answered something unreadable');
  }
}

export async function zaloUserForToken(graphBase: string, accessToken: string): Promise<{ id: string; name: string }> {
  const body = await graphGet(`${graphBase}/v2.0/me?fields=id,name,picture`, { access_token: accessToken });
  if (typeof body.error === 'number' && body.error !== 0) throw new ApiError(401, 'unauthorized', 'Zalo did not accept this access token');
  const me = meSchema.safeParse(body);
  if (!me.success) throw new ApiError(401, 'unauthorized', 'Zalo did not return a user for this access token');
  return me.data;
}

export async function zaloPhoneForCode(graphBase: string, accessToken: string, code: string, appSecret: string): Promise<string> {
  const body = await graphGet(`${graphBase}/v2.0/me/info`, { access_token: accessToken, code, secret_key: appSecret });
  if (typeof body.error === 'number' && body.error !== 0) throw new ApiError(422, 'invalid_phone_token', 'Zalo did not accept this phone number token; ask again', { errors: [{ field: 'phoneToken', message: 'expired or invalid' }] });
  const info = infoSchema.safeParse(body);
  if (!info.success) throw new ApiError(422, 'invalid_phone_token', 'Zalo returned no phone number', { errors: [{ field: 'phoneToken', message: 'no phone number' }] });
  return info.data.data.number;
}


/** The position behind a getLocation token (same exchange as the phone number: /v2.0/me/info with the token as `code`). */
export async function zaloLocationForCode(
  graphBase: string,
  accessToken: string,
  code: string,
  appSecret: string,
): Promise<{ lat: number; lng: number }> {
  const body = await graphGet(`${graphBase}/v2.0/me/info`, { access_token: accessToken, code, secret_key: appSecret });
  if (typeof body.error === 'number' && body.error !== 0) {
    const said = typeof body.message === 'string' && body.message ? `: ${body.message}` : '';
    // The token is the caller's: an expired or reused one is their mistake to correct, not a gateway failure.
    throw new ApiError(422, 'invalid_location_token', `Zalo refused the location token (error ${body.error}${said}); ask the user to share the location again`, {
      errors: [{ field: 'locationToken', message: 'expired or invalid; share the location again' }],
    });
  }
  const info = locationSchema.safeParse(body);
  if (!info.success) throw new ApiError(502, 'zalo_bad_response', 'Zalo did not return a valid position for this location token');
  return { lat: info.data.data.latitude, lng: info.data.data.longitude };
}
