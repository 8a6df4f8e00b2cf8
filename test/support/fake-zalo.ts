// A fake of Zalo's servers on 127.0.0.1 that speaks their protocol (shared reference zalo.md §7): the OA OpenAPI,
// the OAuth v4 token endpoint, ZNS, the graph endpoints the mini app sign-in uses, and media files for webhook
// attachment URLs. One base URL serves them all (routed by path), so tests set ZALO_OPENAPI_BASE, ZALO_OAUTH_BASE,
// ZALO_GRAPH_BASE and ZALO_BUSINESS_BASE to `fake.baseUrl`. Like Zalo, it answers API errors with HTTP 200.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeZaloOptions {
  appId?: string;
  appSecret?: string;
  /** The OA's current pair; defaults are generated. */
  accessToken?: string;
  refreshToken?: string;
}

export interface FakeProfile {
  userIdByApp?: string;
  displayName?: string;
  avatar?: string;
  isFollower?: boolean;
  /** dd/MM/yyyy, as Zalo shows it. */
  lastInteractionDate?: string;
  sharedInfo?: { name?: string; phone?: string; address?: string };
}

export interface FakeLocation {
  latitude: string | number;
  longitude: string | number;
  provider?: string;
}

export interface SentMessage {
  userId: string;
  /** The `message` object exactly as received. */
  message: Record<string, unknown>;
  messageId: string;
  at: Date;
}

export interface SentZns {
  phone: string;
  templateId: string;
  templateData: Record<string, unknown>;
  trackingId: string | undefined;
  msgId: string;
  at: Date;
}

export interface FakeRequest {
  method: string;
  path: string;
  at: Date;
}

export interface FakeZalo {
  baseUrl: string;
  readonly appId: string;
  readonly appSecret: string;
  /** The access token the fake accepts now (null after expireAccessToken). */
  readonly accessToken: string | null;
  /** The one refresh token the fake would accept now. */
  readonly refreshToken: string | null;
  /** Calls to the token endpoint, refused ones included. */
  readonly refreshCount: number;
  /** Every request received, in order. */
  readonly requests: FakeRequest[];
  /** Accepted consultation messages. */
  readonly messages: SentMessage[];
  /** Accepted ZNS messages. */
  readonly zns: SentZns[];
  /** When true, ids in answers (user_id, message_id, msg_id) are bare JSON numbers instead of strings. */
  idsAsNumbers: boolean;
  /** Delay before the token endpoint answers, to make concurrent refreshes overlap. */
  refreshDelayMs: number;

  messagesTo(userId: string): SentMessage[];
  textsTo(userId: string): string[];
  requestsTo(path: string): FakeRequest[];
  refuseUser(userId: string, code?: number): void;
  setProfile(userId: string, profile: FakeProfile): void;
  /** The next n API calls answer HTTP `httpStatus` (default 500). */
  failNext(n: number, httpStatus?: number): void;
  /** The next n API calls answer `{error: code, message}` with HTTP 200 (e.g. -32, rate limit). */
  zaloErrorNext(n: number, code: number, message?: string): void;
  /** The next n API calls get no answer at all (until close). */
  hangNext(n?: number): void;
  /** The current access token stops working: the next call answers `code` (-216, or -220 for "expired"). */
  expireAccessToken(code?: -216 | -220): void;
  /** Makes the current refresh token unusable, as if it expired or the admin revoked access. */
  revokeRefreshToken(): void;
  addUserToken(token: string, user: { id: string; name: string; picture?: string }): void;
  addPhoneCode(code: string, phone: string): void;
  /** A one-time getLocation token; coordinates are sent as given (Zalo sends strings; numbers work too). */
  addLocationCode(code: string, location: FakeLocation): void;
  addMedia(name: string, bytes: Uint8Array | string, mime: string): void;
  close(): Promise<void>;
}

const CS_TEXT_LIMIT = 2000;
const WINDOW_MESSAGES: Record<number, string> = {
  [-213]: 'User has not followed OA',
  [-230]: 'User has not interacted with the OA in the past 7 days',
  [-232]: 'User has not interacted with the OA, or the last interaction has expired',
};
const hex = (bytes: number) => randomBytes(bytes).toString('hex');

export async function startFakeZalo(opts: FakeZaloOptions = {}): Promise<FakeZalo> {
  const appId = opts.appId ?? '1234567890123456789';
  const appSecret = opts.appSecret ?? `app-secret-${hex(6)}`;
  let access: string | null = opts.accessToken ?? `oa-at-${hex(12)}`;
  let expiredCode = -216;
  let refresh: string | null = opts.refreshToken ?? `oa-rt-${hex(12)}`;
  let refreshCount = 0;
  let failing: { n: number; status: number } = { n: 0, status: 500 };
  let zaloErrors: { n: number; code: number; message: string } = { n: 0, code: 0, message: '' };
  let hanging = 0;
  const requests: FakeRequest[] = [];
  const messages: SentMessage[] = [];
  const zns: SentZns[] = [];
  const refused = new Map<string, number>();
  const profiles = new Map<string, FakeProfile>();
  const userTokens = new Map<string, { id: string; name: string; picture?: string }>();
  const phoneCodes = new Map<string, string>();
  const locationCodes = new Map<string, FakeLocation>();
  const media = new Map<string, { bytes: Buffer; mime: string }>();

  const fake = {
    baseUrl: '',
    appId,
    appSecret,
    get accessToken() {
      return access;
    },
    get refreshToken() {
      return refresh;
    },
    get refreshCount() {
      return refreshCount;
    },
    requests,
    messages,
    zns,
    idsAsNumbers: false,
    refreshDelayMs: 0,
    messagesTo: (userId: string) => messages.filter((m) => m.userId === userId),
    textsTo: (userId: string) =>
      messages.filter((m) => m.userId === userId && typeof m.message.text === 'string').map((m) => m.message.text as string),
    requestsTo: (path: string) => requests.filter((r) => r.path === path),
    refuseUser: (userId: string, code = -230) => void refused.set(userId, code),
    setProfile: (userId: string, profile: FakeProfile) => void profiles.set(userId, profile),
    failNext: (n: number, httpStatus = 500) => void (failing = { n, status: httpStatus }),
    zaloErrorNext: (n: number, code: number, message = 'Your application/OA reached limit call api') =>
      void (zaloErrors = { n, code, message }),
    hangNext: (n = 1) => void (hanging = n),
    expireAccessToken: (code: -216 | -220 = -216) => {
      access = null;
      expiredCode = code;
    },
    revokeRefreshToken: () => void (refresh = null),
    addUserToken: (token: string, user: { id: string; name: string; picture?: string }) => void userTokens.set(token, user),
    addPhoneCode: (code: string, phone: string) => void phoneCodes.set(code, phone),
    addLocationCode: (code: string, location: FakeLocation) => void locationCodes.set(code, location),
    addMedia: (name: string, bytes: Uint8Array | string, mime: string) =>
      void media.set(name, { bytes: typeof bytes === 'string' ? Buffer.from(bytes) : Buffer.from(bytes), mime }),
    close: async () => {},
  };

  /** JSON with ids as strings, or, with idsAsNumbers, as bare 64-bit numbers (as a careless server might). */
  const send = (res: ServerResponse, body: unknown, status = 200) => {
    let text = JSON.stringify(body);
    if (fake.idsAsNumbers) text = text.replace(/"(user_id|user_id_by_app|message_id|msg_id)":"(\d+)"/g, '"$1":$2');
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(text);
  };
  const zaloError = (res: ServerResponse, error: number, message: string) => send(res, { error, message });
  const ok = (res: ServerResponse, data: unknown) => send(res, { error: 0, message: 'Success', data });
  const header = (req: IncomingMessage, name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const validOaToken = (req: IncomingMessage) => access !== null && header(req, 'access_token') === access;

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    requests.push({ method, path, at: new Date() });
    const raw = await readBody(req);

    if (method === 'GET' && path.startsWith('/media/')) {
      const item = media.get(decodeURIComponent(path.slice('/media/'.length)));
      if (!item) return void res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return void res.writeHead(200, { 'content-type': item.mime, 'content-length': item.bytes.length }).end(item.bytes);
    }

    if (hanging > 0) {
      hanging--;
      return; // never answer; close() drops the connection
    }
    if (failing.n > 0) {
      failing.n--;
      return void res.writeHead(failing.status, { 'content-type': 'text/html' }).end(`<html><body>${failing.status}</body></html>`);
    }
    if (zaloErrors.n > 0 && path !== '/v4/oa/access_token') {
      zaloErrors.n--;
      return zaloError(res, zaloErrors.code, zaloErrors.message);
    }

    const route = `${method} ${path}`;
    switch (route) {
      case 'POST /v3.0/oa/message/cs': {
        if (!validOaToken(req)) return tokenError(res);
        const body = parseJson(raw);
        const recipient = body?.recipient as { user_id?: unknown } | undefined;
        const message = body?.message as Record<string, unknown> | undefined;
        if (!recipient || typeof recipient.user_id !== 'string' || !/^\d+$/.test(recipient.user_id)) {
          return zaloError(res, -201, 'user_id is invalid');
        }
        if (!message || typeof message !== 'object') return zaloError(res, -201, 'message is invalid');
        const text = message.text;
        if (text !== undefined && (typeof text !== 'string' || text.length === 0 || text.length > CS_TEXT_LIMIT)) {
          return zaloError(res, -201, 'text is invalid');
        }
        if (text === undefined && message.attachment === undefined) return zaloError(res, -201, 'message is invalid');
        if (message.attachment !== undefined && !validAttachment(message.attachment)) {
          return zaloError(res, -201, 'attachment is invalid');
        }
        const userId = recipient.user_id;
        const refusal = refused.get(userId);
        if (refusal !== undefined) return zaloError(res, refusal, WINDOW_MESSAGES[refusal] ?? 'User cannot receive this message');
        const messageId = hex(16);
        messages.push({ userId, message, messageId, at: new Date() });
        return ok(res, { message_id: messageId, user_id: userId });
      }

      case 'GET /v3.0/oa/user/detail': {
        if (!validOaToken(req)) return tokenError(res);
        const data = parseJson(url.searchParams.get('data') ?? '');
        const userId = data?.user_id;
        if (typeof userId !== 'string' || !/^\d+$/.test(userId)) return zaloError(res, -201, 'user_id is invalid');
        const p = profiles.get(userId) ?? {};
        return ok(res, {
          user_id: userId,
          user_id_by_app: p.userIdByApp ?? `9${userId.slice(1)}`,
          display_name: p.displayName ?? `Người dùng ${userId.slice(-4)}`,
          user_alias: '',
          avatar: p.avatar ?? `${fake.baseUrl}/media/avatar-${userId}.jpg`,
          user_is_follower: p.isFollower ?? true,
          user_last_interaction_date: p.lastInteractionDate ?? ddmmyyyy(new Date()),
          ...(p.sharedInfo ? { shared_info: p.sharedInfo } : {}),
        });
      }

      case 'POST /v4/oa/access_token': {
        refreshCount++;
        if (fake.refreshDelayMs > 0) await new Promise((r) => setTimeout(r, fake.refreshDelayMs));
        const oauthError = (error: number, error_name: string, error_description: string) =>
          send(res, { error, error_name, error_description });
        // Only -14014 is a code seen in the wild for this endpoint; the others are this fake's own.
        if (!/application\/x-www-form-urlencoded/.test(header(req, 'content-type') ?? '')) {
          return oauthError(-14001, 'Invalid parameter', 'Content-Type must be application/x-www-form-urlencoded');
        }
        if (header(req, 'secret_key') !== appSecret) return oauthError(-14003, 'Invalid secret key', 'secret_key is invalid');
        const form = new URLSearchParams(raw);
        if (form.get('app_id') !== appId) return oauthError(-14002, 'Invalid app id', 'app_id is invalid');
        if (form.get('grant_type') !== 'refresh_token') {
          return oauthError(-14001, 'Invalid parameter', 'grant_type is not supported by the fake');
        }
        const given = form.get('refresh_token');
        if (!given || given !== refresh) {
          return oauthError(-14014, 'Invalid refresh token', 'Refresh token is invalid, expired or already used');
        }
        access = `oa-at-${hex(12)}`;
        refresh = `oa-rt-${hex(12)}`;
        return send(res, { access_token: access, refresh_token: refresh, expires_in: '90000' });
      }

      case 'POST /message/template': {
        if (!validOaToken(req)) return zaloError(res, -124, 'Access token is invalid');
        const body = parseJson(raw);
        if (!body) return zaloError(res, -121, 'Body data is empty');
        const phone = body.phone;
        if (typeof phone !== 'string' || !/^84\d{9,10}$/.test(phone)) return zaloError(res, -108, 'Phone number is invalid');
        if (typeof body.template_id !== 'string' || body.template_id === '') return zaloError(res, -109, 'Template ID is invalid');
        const data = body.template_data;
        if (!data || typeof data !== 'object' || Array.isArray(data)) return zaloError(res, -112, 'Template data is invalid');
        const msgId = hex(16);
        const sentTime = Date.now();
        zns.push({
          phone,
          templateId: body.template_id,
          templateData: data as Record<string, unknown>,
          trackingId: typeof body.tracking_id === 'string' ? body.tracking_id : undefined,
          msgId,
          at: new Date(sentTime),
        });
        return ok(res, { msg_id: msgId, sent_time: String(sentTime) });
      }

      case 'GET /v2.0/me': {
        const user = userTokens.get(header(req, 'access_token') ?? '');
        if (!user) {
          return send(res, {
            error: 452,
            message: 'Session key invalid. This could be because the session key has an incorrect format, or because the user has revoked this session',
          });
        }
        const picture = user.picture ?? `${fake.baseUrl}/media/avatar-${user.id}.jpg`;
        return send(res, { id: user.id, name: user.name, picture: { data: { url: picture } }, error: 0, message: 'Success' });
      }

      case 'GET /v2.0/me/info': {
        // Error codes here are the fake's own; Zalo's exact ones for this exchange are unconfirmed.
        if (!userTokens.has(header(req, 'access_token') ?? '')) return zaloError(res, 452, 'Session key invalid');
        if (header(req, 'secret_key') !== appSecret) return zaloError(res, -14003, 'Invalid secret key');
        // The same exchange answers getPhoneNumber and getLocation tokens; each code is one-time.
        const code = header(req, 'code') ?? '';
        const phone = phoneCodes.get(code);
        if (phone !== undefined) {
          phoneCodes.delete(code);
          return send(res, { data: { number: phone }, error: 0, message: 'Success' });
        }
        const location = locationCodes.get(code);
        if (location !== undefined) {
          locationCodes.delete(code);
          const { latitude, longitude, provider = 'gps' } = location;
          return send(res, { data: { latitude, longitude, provider, timestamp: String(Date.now()) }, error: 0, message: 'Success' });
        }
        return zaloError(res, -2006, 'Invalid or expired code');
      }

      default:
        return void res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 404, message: 'Not found' }));
    }
  };

  const tokenError = (res: ServerResponse) =>
    expiredCode === -220 && access === null
      ? zaloError(res, -220, 'Access token is expired or removed')
      : zaloError(res, -216, 'Access token is invalid');

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return fake;
}

function validAttachment(a: unknown): boolean {
  const att = a as { type?: unknown; payload?: { template_type?: unknown; elements?: unknown; token?: unknown } } | null;
  if (!att || typeof att !== 'object' || !att.payload) return false;
  if (att.type === 'file') return typeof att.payload.token === 'string';
  if (att.type !== 'template' || !Array.isArray(att.payload.elements) || att.payload.elements.length === 0) return false;
  const first = att.payload.elements[0] as Record<string, unknown>;
  if (att.payload.template_type === 'media') {
    return (first.media_type === 'image' || first.media_type === 'sticker') && (typeof first.url === 'string' || typeof first.attachment_id === 'string');
  }
  if (att.payload.template_type === 'request_user_info') return typeof first.title === 'string' && typeof first.subtitle === 'string';
  return false;
}

function parseJson(raw: string): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(raw);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function ddmmyyyy(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`;
}
