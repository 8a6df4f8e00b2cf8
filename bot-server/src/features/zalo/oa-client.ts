// The one module that calls Zalo's OA OpenAPI, ZNS and the OA token endpoint (docs: shared reference zalo.md §7).
//
// Every call: header `access_token`, a per-request timeout, retries with exponential backoff and full jitter on
// network errors, timeouts, HTTP 5xx/429 and Zalo -32 (rate limit); on an invalid or expired token, one refresh
// through the shared token store and one more try. Other Zalo errors are final. Zalo ids stay strings throughout.
// Nothing here logs a token or a phone number.
import type { Logger } from '../../lib/logger.js';
import { ReauthorizationRequiredError, type RefreshFn, type TokenStore } from './zalo-token-store.js';

export interface OaClientConfig {
  appId: string;
  appSecret: string;
  /** ZALO_OPENAPI_BASE, e.g. https://openapi.zalo.me */
  openapiBase: string;
  /** ZALO_OAUTH_BASE, e.g. https://oauth.zaloapp.com */
  oauthBase: string;
  /** ZALO_BUSINESS_BASE, e.g. https://business.openapi.zalo.me (ZNS) */
  businessBase: string;
  /** Per-request timeout (default 5000 ms). */
  timeoutMs?: number;
  /** Tries per call for transient failures, the first one included (default 4). */
  maxAttempts?: number;
  /** Waits between tries; tests pass a fast stub. */
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter in [0, 1) (default Math.random). */
  random?: () => number;
}

// ——— Messages ———

/** A consultation ("tư vấn") message as our code describes it. */
export type CsMessage =
  | { text: string; quoteMessageId?: string }
  /** An image by public URL, with an optional caption. */
  | { text?: string; imageUrl: string }
  /** An image uploaded to Zalo before (`attachment_id` from /v2.0/oa/upload/image). */
  | { text?: string; attachmentId: string }
  /** Asks the user to share name/phone/address; the answer arrives as a `user_submit_info` webhook event. */
  | { text?: string; requestUserInfo: { title: string; subtitle: string; imageUrl: string } };

/** The `message` object of POST /v3.0/oa/message/cs, as Zalo takes it (what the outbox stores). */
export type CsWireMessage =
  | { text: string; quote_message_id?: string }
  | {
      text?: string;
      attachment:
        | {
            type: 'template';
            payload: {
              template_type: 'media';
              elements: ({ media_type: 'image'; url: string } | { media_type: 'image'; attachment_id: string })[];
            };
          }
        | {
            type: 'template';
            payload: {
              template_type: 'request_user_info';
              elements: { title: string; subtitle: string; image_url: string }[];
            };
          };
    };

/** Builds Zalo's `message` object; a message that already is in Zalo's shape is returned unchanged. */
export function toCsWireMessage(m: CsMessage | CsWireMessage): CsWireMessage {
  if ('attachment' in m) return m;
  const caption = m.text === undefined ? {} : { text: m.text };
  if ('imageUrl' in m) {
    return {
      ...caption,
      attachment: { type: 'template', payload: { template_type: 'media', elements: [{ media_type: 'image', url: m.imageUrl }] } },
    };
  }
  if ('attachmentId' in m) {
    return {
      ...caption,
      attachment: {
        type: 'template',
        payload: { template_type: 'media', elements: [{ media_type: 'image', attachment_id: m.attachmentId }] },
      },
    };
  }
  if ('requestUserInfo' in m) {
    const r = m.requestUserInfo;
    return {
      ...caption,
      attachment: {
        type: 'template',
        payload: {
          template_type: 'request_user_info',
          elements: [{ title: r.title, subtitle: r.subtitle, image_url: r.imageUrl }],
        },
      },
    };
  }
  if ('quoteMessageId' in m && m.quoteMessageId !== undefined) return { text: m.text, quote_message_id: m.quoteMessageId };
  if ('quote_message_id' in m && m.quote_message_id !== undefined) return { text: m.text, quote_message_id: m.quote_message_id };
  return { text: m.text };
}

export interface CsSent {
  messageId: string;
}

export interface ZaloProfile {
  /** User id by OA (what webhooks call sender.id). */
  userId: string;
  userIdByApp: string | undefined;
  displayName: string;
  avatar: string | undefined;
  isFollower: boolean | undefined;
  /** As Zalo sends it (a date string such as "02/03/2026"). */
  lastInteractionDate: string | undefined;
  /** What the user shared with the OA (after a request_user_info); phone is personal data: never log it. */
  sharedInfo: { name?: string; phone?: string; address?: string; city?: string; district?: string } | undefined;
}

export interface ZnsSent {
  msgId: string;
  sentTime: string | undefined;
}

export type ZnsTemplateData = Record<string, string | number>;

// ——— Errors ———

export type ZaloErrorKind = 'auth' | 'window' | 'rate' | 'invalid' | 'network' | 'server' | 'other';

export class ZaloApiError extends Error {
  override readonly name = 'ZaloApiError';
  /** Zalo's `error` code (e.g. -230), the token endpoint's (e.g. -14014), or 0 when Zalo gave none (network, HTTP). */
  readonly code: number;
  readonly kind: ZaloErrorKind;
  /** Whether the same call may succeed later (the outbox reschedules it). */
  readonly retryable: boolean;
  /** HTTP status when a response came back. */
  readonly status: number | undefined;
  /** Which call failed: 'cs', 'user_detail', 'zns', 'oauth'. */
  readonly op: string;
  constructor(a: { op: string; code: number; kind: ZaloErrorKind; retryable: boolean; message: string; status?: number | undefined }) {
    super(`Zalo ${a.op}: ${a.message}${a.code ? ` (error ${a.code})` : ''}`);
    this.op = a.op;
    this.code = a.code;
    this.kind = a.kind;
    this.retryable = a.retryable;
    this.status = a.status;
  }
}

/** Access token invalid (-216) or expired/removed (-220); ZNS answers -124 for an invalid token. */
const AUTH_CODES = new Set([-216, -220, -124]);
const RATE_CODES = new Set([-32]);
/** Outside the messaging window (-230, -232) or not a follower (-213): fall back to ZNS or the in-app inbox. */
const WINDOW_CODES = new Set([-230, -232, -213]);
/** A bad request: wrong field (-201), ZNS phone/template/data invalid (-108, -109, -111, -112). */
const INVALID_CODES = new Set([-201, -108, -109, -111, -112]);

export function classifyZaloError(code: number): { kind: ZaloErrorKind; retryable: boolean } {
  if (RATE_CODES.has(code)) return { kind: 'rate', retryable: true };
  if (AUTH_CODES.has(code)) return { kind: 'auth', retryable: false };
  if (WINDOW_CODES.has(code)) return { kind: 'window', retryable: false };
  if (INVALID_CODES.has(code)) return { kind: 'invalid', retryable: false };
  return { kind: 'other', retryable: false };
}

// ——— Client ———

export interface OaClient {
  /** POST /v3.0/oa/message/cs. */
  sendConsultation(userId: string, message: CsMessage | CsWireMessage): Promise<CsSent>;
  /** GET /v3.0/oa/user/detail. */
  getProfile(userId: string): Promise<ZaloProfile>;
  /** POST {business}/message/template. `phone` is 84xxxxxxxxx. */
  sendZns(phone: string, templateId: string, templateData: ZnsTemplateData, trackingId: string): Promise<ZnsSent>;
  /** The refresher the token store uses (POST {oauth}/v4/oa/access_token, grant_type=refresh_token). */
  readonly refreshToken: RefreshFn;
}

interface ZaloEnvelope {
  error?: unknown;
  message?: unknown;
  data?: unknown;
}

type Outcome = { ok: true; data: Record<string, unknown> } | { ok: false; error: ZaloApiError };

const BACKOFF_BASE_MS = 200;
const BACKOFF_CAP_MS = 5000;
/** Never hold the 30 s refresh lease longer than this on the token endpoint. */
const REFRESH_TIMEOUT_CAP_MS = 20_000;

export function createOaClient(cfg: OaClientConfig, tokens: TokenStore, log: Logger): OaClient {
  const timeoutMs = cfg.timeoutMs ?? 5000;
  const maxAttempts = Math.max(1, cfg.maxAttempts ?? 4);
  const sleep = cfg.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const random = cfg.random ?? Math.random;
  const openapi = cfg.openapiBase.replace(/\/+$/, '');
  const oauth = cfg.oauthBase.replace(/\/+$/, '');
  const business = cfg.businessBase.replace(/\/+$/, '');

  const refreshToken: RefreshFn = async (refresh) => {
    const op = 'oauth';
    const body = new URLSearchParams({ refresh_token: refresh, app_id: cfg.appId, grant_type: 'refresh_token' });
    const res = await httpJson(op, `${oauth}/v4/oa/access_token`, {
      method: 'POST',
      headers: { secret_key: cfg.appSecret, 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      timeoutMs: Math.min(timeoutMs, REFRESH_TIMEOUT_CAP_MS),
    });
    if (!res.ok) throw res.error;
    const d = res.data as { access_token?: unknown; refresh_token?: unknown; expires_in?: unknown; error?: unknown; error_name?: unknown };
    if (typeof d.access_token === 'string' && d.access_token && typeof d.refresh_token === 'string' && d.refresh_token) {
      const expires = Number(d.expires_in);
      return {
        accessToken: d.access_token,
        refreshToken: d.refresh_token,
        expiresInSec: Number.isFinite(expires) && expires > 0 ? expires : 90_000,
      };
    }
    const code = typeof d.error === 'number' ? d.error : Number(d.error) || 0;
    const name = typeof d.error_name === 'string' ? d.error_name : 'no token in the answer';
    throw new ReauthorizationRequiredError(code, `the token endpoint answered ${code ? `${code} ` : ''}${name}`);
  };

  const backoff = (attempt: number) => Math.floor(random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1)));

  const currentToken = async (op: string): Promise<string> => {
    let token: string | null;
    try {
      token = await tokens.accessToken(refreshToken);
    } catch (err) {
      throw tokenFailure(op, err);
    }
    if (token === null) {
      throw new ZaloApiError({ op, code: 0, kind: 'auth', retryable: false, message: 'no OA access token is configured' });
    }
    return token;
  };

  /** One API call with the retry policy; `send` makes one HTTP request with the given access token. */
  const call = async (op: string, send: (accessToken: string) => Promise<Outcome>): Promise<Record<string, unknown>> => {
    let renewedToken: string | null = null;
    let renewed = false;
    for (let attempt = 1; ; attempt++) {
      const token = renewedToken ?? (await currentToken(op));
      renewedToken = null;
      const res = await send(token);
      if (res.ok) return res.data;
      const err = res.error;
      if (AUTH_CODES.has(err.code)) {
        if (renewed) {
          // A fresh token rejected as well: maybe rotated again meanwhile; let the caller try later.
          throw new ZaloApiError({ op, code: err.code, kind: 'auth', retryable: true, message: `${err.message} after a token refresh` });
        }
        renewed = true;
        log.info({ op, code: err.code }, 'zalo oa: access token rejected, refreshing');
        try {
          renewedToken = await tokens.renew(token, refreshToken);
        } catch (e) {
          throw tokenFailure(op, e);
        }
        attempt--; // the retry after a refresh does not use up a try
        continue;
      }
      if (!err.retryable || attempt >= maxAttempts) {
        log.warn({ op, code: err.code, kind: err.kind, status: err.status, attempt }, 'zalo oa: call failed');
        throw err;
      }
      const wait = backoff(attempt);
      log.warn({ op, code: err.code, kind: err.kind, status: err.status, attempt, waitMs: wait }, 'zalo oa: call failed, retrying');
      await sleep(wait);
    }
  };

  const httpJson = async (
    op: string,
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string; timeoutMs?: number },
  ): Promise<Outcome> => {
    const ms = init.timeoutMs ?? timeoutMs;
    let status: number;
    let text: string;
    try {
      const res = await fetch(url, {
        method: init.method,
        headers: init.headers,
        ...(init.body === undefined ? {} : { body: init.body }),
        signal: AbortSignal.timeout(ms),
      });
      status = res.status;
      text = await res.text();
    } catch (err) {
      const timedOut = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      const cause = (err as { cause?: { code?: unknown } }).cause?.code;
      return {
        ok: false,
        error: new ZaloApiError({
          op,
          code: 0,
          kind: 'network',
          retryable: true,
          message: timedOut ? `no answer within ${ms} ms` : `network error${typeof cause === 'string' ? ` ${cause}` : ''}`,
        }),
      };
    }
    if (status >= 500 || status === 429) {
      const kind = status === 429 ? 'rate' : 'server';
      return { ok: false, error: new ZaloApiError({ op, code: 0, kind, retryable: true, status, message: `HTTP ${status}` }) };
    }
    let body: ZaloEnvelope;
    try {
      body = JSON.parse(quoteLongIntegers(text)) as ZaloEnvelope;
    } catch {
      return {
        ok: false,
        error: new ZaloApiError({ op, code: 0, kind: status >= 400 ? 'other' : 'server', retryable: status < 400, status, message: `HTTP ${status}, not JSON` }),
      };
    }
    if (body === null || typeof body !== 'object') {
      return { ok: false, error: new ZaloApiError({ op, code: 0, kind: 'server', retryable: true, status, message: 'unexpected answer' }) };
    }
    // The token endpoint answers the pair at the top level, without `error`.
    if (op === 'oauth') return { ok: true, data: body as Record<string, unknown> };
    const code = typeof body.error === 'number' ? body.error : Number(body.error ?? 0);
    if (code === 0 && status < 400) {
      const data = body.data && typeof body.data === 'object' ? (body.data as Record<string, unknown>) : {};
      return { ok: true, data };
    }
    const zaloMessage = typeof body.message === 'string' && body.message ? body.message : `HTTP ${status}`;
    const { kind, retryable } = code ? classifyZaloError(code) : { kind: 'other' as const, retryable: false };
    return { ok: false, error: new ZaloApiError({ op, code: code || 0, kind, retryable, status, message: zaloMessage }) };
  };

  const jsonHeaders = (accessToken: string) => ({ access_token: accessToken, 'content-type': 'application/json' });

  return {
    refreshToken,

    async sendConsultation(userId, message) {
      assertZaloId('cs', userId);
      const body = JSON.stringify({ recipient: { user_id: userId }, message: toCsWireMessage(message) });
      const data = await call('cs', (token) =>
        httpJson('cs', `${openapi}/v3.0/oa/message/cs`, { method: 'POST', headers: jsonHeaders(token), body }),
      );
      log.debug({ op: 'cs', userId }, 'zalo oa: message sent');
      return { messageId: idString(data.message_id) };
    },

    async getProfile(userId) {
      assertZaloId('user_detail', userId);
      const query = new URLSearchParams({ data: JSON.stringify({ user_id: userId }) });
      const d = await call('user_detail', (token) =>
        httpJson('user_detail', `${openapi}/v3.0/oa/user/detail?${query.toString()}`, {
          method: 'GET',
          headers: { access_token: token },
        }),
      );
      const shared = d.shared_info && typeof d.shared_info === 'object' ? (d.shared_info as Record<string, unknown>) : undefined;
      return {
        userId: idString(d.user_id) || userId,
        userIdByApp: optString(d.user_id_by_app),
        displayName: optString(d.display_name) ?? '',
        avatar: optString(d.avatar),
        isFollower: typeof d.user_is_follower === 'boolean' ? d.user_is_follower : undefined,
        lastInteractionDate: optString(d.user_last_interaction_date),
        sharedInfo: shared
          ? Object.fromEntries(
              (['name', 'phone', 'address', 'city', 'district'] as const)
                .map((k) => [k, optString(shared[k])] as const)
                .filter(([, v]) => v !== undefined && v !== ''),
            )
          : undefined,
      };
    },

    async sendZns(phone, templateId, templateData, trackingId) {
      const body = JSON.stringify({ phone, template_id: templateId, template_data: templateData, tracking_id: trackingId });
      const data = await call('zns', (token) =>
        httpJson('zns', `${business}/message/template`, { method: 'POST', headers: jsonHeaders(token), body }),
      );
      log.debug({ op: 'zns', templateId, trackingId }, 'zalo oa: zns sent');
      return { msgId: idString(data.msg_id), sentTime: optString(data.sent_time) };
    },
  };
}

function tokenFailure(op: string, err: unknown): ZaloApiError {
  if (err instanceof ZaloApiError) return err; // the token endpoint was unreachable or failed: transient
  if (err instanceof ReauthorizationRequiredError) {
    return new ZaloApiError({ op, code: err.code, kind: 'auth', retryable: false, message: err.message });
  }
  return new ZaloApiError({ op, code: 0, kind: 'auth', retryable: true, message: `token refresh failed: ${(err as Error).message}` });
}

function assertZaloId(op: string, id: unknown): asserts id is string {
  if (typeof id !== 'string' || id.trim() === '') {
    throw new ZaloApiError({ op, code: 0, kind: 'invalid', retryable: false, message: 'the Zalo user id must be a non-empty string' });
  }
}

/**
 * Zalo ids are 64-bit integers. Should an answer ever carry one as a bare JSON number, JSON.parse would round it;
 * quote integers of 16+ digits first (ids only: no amount in these answers is that long).
 */
function quoteLongIntegers(text: string): string {
  return text.replace(/("(?:[^"\\]|\\.)*"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"');
}

function idString(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'bigint') return String(v); // small ids only: long ones arrive quoted
  return '';
}

function optString(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
