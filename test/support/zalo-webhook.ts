// Builds and signs webhook deliveries exactly as Zalo does (CONTRACT §3).
import { randomBytes } from 'node:crypto';
import { zaloMac } from '../../bot-server/src/features/zalo/webhook-signature.js';

export const TEST_APP_ID = '1234567890123456789';
export const TEST_OA_ID = '4321098765432109876';
export const TEST_OA_SECRET = 'test-oa-secret-key';

// Event times follow the app's clock (createTestApp registers it), since the webhook ignores events dated outside
// Zalo's retry window; each event is still 1 ms after the previous one, so their order is the order they were built.
let last = 0;
let appClock: () => number = () => Date.UTC(2026, 2, 2, 2, 0, 0);
export function followAppClock(now: () => Date) {
  appClock = () => now().getTime();
  last = 0;
}
const nextTimestamp = () => String((last = Math.max(last + 1, appClock())));
const msgId = () => randomBytes(16).toString('hex');

export type ZaloPayload = Record<string, unknown>;

export function textEvent(userId: string, text: string, extra: ZaloPayload = {}): ZaloPayload {
  return {
    app_id: TEST_APP_ID,
    event_name: 'user_send_text',
    timestamp: nextTimestamp(),
    sender: { id: userId },
    recipient: { id: TEST_OA_ID },
    message: { msg_id: msgId(), text },
    ...extra,
  };
}

export function imageEvent(userId: string, url: string): ZaloPayload {
  return {
    app_id: TEST_APP_ID,
    event_name: 'user_send_image',
    timestamp: nextTimestamp(),
    sender: { id: userId },
    recipient: { id: TEST_OA_ID },
    message: { msg_id: msgId(), attachments: [{ type: 'image', payload: { url, thumbnail: url } }] },
  };
}

export function locationEvent(userId: string, lat: number, lng: number): ZaloPayload {
  return {
    app_id: TEST_APP_ID,
    event_name: 'user_send_location',
    timestamp: nextTimestamp(),
    sender: { id: userId },
    recipient: { id: TEST_OA_ID },
    message: { msg_id: msgId(), attachments: [{ type: 'location', payload: { coordinates: { latitude: String(lat), longitude: String(lng) } } }] },
  };
}

export function followEvent(userId: string, name: 'follow' | 'unfollow' = 'follow'): ZaloPayload {
  return { app_id: TEST_APP_ID, event_name: name, timestamp: nextTimestamp(), oa_id: TEST_OA_ID, follower: { id: userId }, source: 'oa_profile' };
}

export function echoEvent(userId: string, text: string): ZaloPayload {
  return {
    app_id: TEST_APP_ID,
    event_name: 'oa_send_text',
    timestamp: nextTimestamp(),
    sender: { id: TEST_OA_ID },
    recipient: { id: userId },
    message: { msg_id: msgId(), text },
  };
}

/** Signs a raw body as is (for payloads JSON.stringify cannot build, e.g. very deep nesting). */
export function signedRaw(body: string, appId: string, timestamp: string, secret = TEST_OA_SECRET) {
  const mac = zaloMac(appId, Buffer.from(body, 'utf8'), timestamp, secret);
  return { body, headers: { 'content-type': 'application/json', 'x-zevent-signature': mac } };
}

/** The raw body and headers of a delivery; `secret` and the body can be varied to test the signature check. */
export function signed(payload: ZaloPayload, secret = TEST_OA_SECRET): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify(payload);
  const mac = zaloMac(String(payload.app_id), Buffer.from(body, 'utf8'), String(payload.timestamp), secret);
  return { body, headers: { 'content-type': 'application/json', 'x-zevent-signature': mac } };
}

/** Server environment pointing every Zalo API at a fake, with the test app id and OA secret. */
export function zaloEnvFor(fake: { appSecret: string; accessToken: string | null; refreshToken: string | null; baseUrl: string }) {
  return {
    ZALO_APP_ID: TEST_APP_ID,
    ZALO_APP_SECRET: fake.appSecret,
    ZALO_OA_SECRET_KEY: TEST_OA_SECRET,
    ZALO_OA_ACCESS_TOKEN: fake.accessToken!,
    ZALO_OA_REFRESH_TOKEN: fake.refreshToken!,
    ZALO_OPENAPI_BASE: fake.baseUrl,
    ZALO_OAUTH_BASE: fake.baseUrl,
    ZALO_GRAPH_BASE: fake.baseUrl,
    ZALO_BUSINESS_BASE: fake.baseUrl,
  };
}

/** A delivery of exact bytes (e.g. not valid UTF-8), signed over those bytes. */
export function signedBytes(body: Uint8Array, appId: string, timestamp: string, secret = TEST_OA_SECRET) {
  const mac = zaloMac(appId, body, timestamp, secret);
  return { body, headers: { 'content-type': 'application/json', 'x-zevent-signature': mac } };
}
