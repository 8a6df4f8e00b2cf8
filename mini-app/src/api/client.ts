// The one way the mini app talks to the server: typed calls, the session token, and errors in plain Vietnamese.
import { secretStorage, servedByZalo } from '../zalo';
import type { Me } from './types';

const TOKEN_KEY = 'pakn.session';
const PROFILE_KEY = 'pakn.session.me';
/** Inside Zalo the app runs on h5.zdn.vn, so the server's address is built in; in preview it is the same origin. */
const API_BASE = (import.meta.env.VITE_API_BASE ?? '').replace(/\/$/, '');
/** A call that has not answered by then counts as no connection (poor networks stall rather than fail). */
const TIMEOUT_MS = 30_000;
const UPLOAD_TIMEOUT_MS = 120_000;

export interface FieldError {
  field: string;
  message: string;
}

/** A failed call, with a message a citizen can read. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
  get offline(): boolean {
    return this.status === 0;
  }
}

const MESSAGES: Record<number, string> = {
  0: 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.',
  400: 'Thông tin gửi lên chưa đúng.',
  401: 'Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.',
  403: 'Bạn không có quyền xem hoặc thực hiện việc này.',
  404: 'Không tìm thấy nội dung yêu cầu.',
  409: 'Thao tác này không còn phù hợp với trạng thái hiện tại. Vui lòng tải lại.',
  413: 'Tệp quá lớn.',
  422: 'Thông tin chưa hợp lệ.',
  429: 'Bạn thao tác quá nhanh. Vui lòng thử lại sau ít phút.',
  502: 'Không liên lạc được với Zalo. Vui lòng thử lại.',
  503: 'Chức năng này chưa được cấu hình trên máy chủ.',
};

export function messageFor(status: number): string {
  return MESSAGES[status] ?? (status >= 500 ? 'Máy chủ đang gặp sự cố. Vui lòng thử lại sau.' : 'Có lỗi xảy ra. Vui lòng thử lại.');
}

export const session = {
  token(): string | null {
    return secretStorage.get(TOKEN_KEY);
  },
  set(token: string): void {
    secretStorage.remove(PROFILE_KEY); // another person's, perhaps
    secretStorage.set(TOKEN_KEY, token);
  },
  clear(): void {
    secretStorage.remove(TOKEN_KEY);
    secretStorage.remove(PROFILE_KEY);
  },
  /**
   * The person as the server last described them for this session (/me), kept beside the token and gone with it:
   * a returning person's first screen shows at once, while /me confirms it.
   */
  profile(): Me | null {
    if (!session.token()) return null;
    try {
      const me = JSON.parse(secretStorage.get(PROFILE_KEY) ?? 'null') as Me | null;
      return me && typeof me.id === 'number' && Array.isArray(me.roles) ? me : null;
    } catch {
      return null;
    }
  },
  setProfile(me: Me): void {
    secretStorage.set(PROFILE_KEY, JSON.stringify(me));
  },
};

let onUnauthorized: (() => void) | null = null;
/** The app signs out (and shows the sign-in screen) when the server no longer accepts the session. */
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

type Query = Record<string, string | number | boolean | undefined | null>;

/** Inside Zalo the page is served from h5.zdn.vn: without the server's address every call would go there. */
export function assertApiConfigured(): void {
  if (!API_BASE && servedByZalo()) {
    throw new ApiError(503, 'not_configured', 'Ứng dụng chưa được cấu hình địa chỉ máy chủ (VITE_API_BASE). Vui lòng báo quản trị viên.');
  }
}

export function buildUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

/** What a person reads when the server asks them to wait (429), with the wait in words. */
export function rateLimitedMessage(retryAfterSeconds: number | undefined): string {
  if (!retryAfterSeconds || !Number.isFinite(retryAfterSeconds) || retryAfterSeconds <= 0) return messageFor(429);
  const s = Math.ceil(retryAfterSeconds);
  const wait = s < 60 ? `${s} giây` : s < 3600 ? `${Math.ceil(s / 60)} phút` : `${Math.ceil(s / 3600)} giờ`;
  return `Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ${wait}.`;
}

async function toError(res: Response): Promise<ApiError> {
  let body: { error?: string; message?: string; errors?: FieldError[]; issues?: FieldError[]; retryAfter?: number } = {};
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's error page)
  }
  const fields = body.errors ?? body.issues ?? [];
  const message =
    res.status === 429 ? rateLimitedMessage(body.retryAfter ?? Number(res.headers.get('retry-after') ?? '')) : messageFor(res.status);
  return new ApiError(res.status, body.error ?? `http_${res.status}`, message, fields);
}

export interface RequestOptions {
  query?: Query;
  json?: unknown;
  signal?: AbortSignal;
}

// Start-up calls (main.tsx): the first screen's GETs go out while the app's code is still downloading, and the
// screen's own identical call, when it comes, takes the reply instead of asking again. Each reply is taken once, only
// for the same session, and only within EARLY_TTL_MS (after that the screen asks anew, so nothing stale is shown).
const EARLY_TTL_MS = 15_000;
const early = new Map<string, { at: number; token: string | null; reply: Promise<unknown> }>();
let collecting = false;

/** Runs `calls` (API functions) so that each GET they make is started now and kept for the screen that needs it. */
export function prefetch(calls: () => Promise<unknown>[]): void {
  collecting = true;
  try {
    for (const p of calls()) p.catch(() => {}); // the screen that takes the reply handles its failure
  } finally {
    collecting = false;
  }
}

function takeEarly<T>(url: string): Promise<T> | null {
  const hit = early.get(url);
  if (!hit) return null;
  early.delete(url);
  return Date.now() - hit.at < EARLY_TTL_MS && hit.token === session.token() ? (hit.reply as Promise<T>) : null;
}

export function request<T>(method: string, path: string, opts: RequestOptions = {}): Promise<T> {
  if (method !== 'GET' || opts.signal) return send<T>(method, path, opts);
  const url = buildUrl(path, opts.query);
  if (collecting) {
    const reply = send<T>(method, path, opts);
    if (!early.has(url)) early.set(url, { at: Date.now(), token: session.token(), reply });
    return reply;
  }
  return takeEarly<T>(url) ?? send<T>(method, path, opts);
}

async function send<T>(method: string, path: string, opts: RequestOptions): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const token = session.token();
  if (token) headers.Authorization = `Bearer ${token}`;
  if (opts.json !== undefined) headers['Content-Type'] = 'application/json';
  assertApiConfigured();
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), TIMEOUT_MS);
  const abortOuter = () => timeout.abort();
  opts.signal?.addEventListener('abort', abortOuter);
  let res: Response;
  try {
    res = await fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body: opts.json !== undefined ? JSON.stringify(opts.json) : undefined,
      signal: timeout.signal,
    });
  } catch (err) {
    if (opts.signal?.aborted) throw err;
    throw new ApiError(0, 'network', messageFor(0));
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', abortOuter);
  }
  if (!res.ok) {
    const error = await toError(res);
    if (res.status === 401 && token) onUnauthorized?.();
    throw error;
  }
  return (await res.json()) as T;
}

/** Uploads files as multipart/form-data with progress (fetch cannot report upload progress). */
export function upload<T>(path: string, files: { blob: Blob; name: string }[], onProgress?: (fraction: number) => void): Promise<T> {
  assertApiConfigured();
  return new Promise<T>((resolve, reject) => {
    const form = new FormData();
    for (const f of files) form.append('file', f.blob, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open('POST', buildUrl(path));
    const token = session.token();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress?.(e.loaded / e.total);
    };
    const offline = () => reject(new ApiError(0, 'network', messageFor(0)));
    xhr.timeout = UPLOAD_TIMEOUT_MS;
    xhr.onerror = offline;
    xhr.ontimeout = offline;
    xhr.onabort = offline;
    xhr.onload = () => {
      const res = new Response(xhr.responseText, { status: xhr.status, headers: { 'content-type': 'application/json' } });
      if (xhr.status >= 200 && xhr.status < 300) {
        // A 2xx that is not our JSON (a captive portal's page) is a failed upload, not a hang.
        res.json().then(
          (body) => {
            onProgress?.(1);
            resolve(body as T);
          },
          () => reject(new ApiError(502, 'bad_response', messageFor(0))),
        );
      } else {
        if (xhr.status === 401 && token) onUnauthorized?.();
        toError(res).then(reject, reject);
      }
    };
    xhr.send(form);
  });
}

/** Downloads a file the server makes (Excel reports) with the session, and hands it to the browser. */
export async function download(path: string, query: Query, fallbackName: string): Promise<void> {
  const token = session.token();
  let res: Response;
  try {
    res = await fetch(buildUrl(path, query), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  } catch {
    throw new ApiError(0, 'network', messageFor(0));
  }
  if (!res.ok) throw await toError(res);
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A protected file (photo, evidence) as an object URL for <img>, since <img> cannot send the session header. */
export async function fileObjectUrl(path: string): Promise<string> {
  const token = session.token();
  const res = await fetch(buildUrl(path), { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!res.ok) throw await toError(res);
  return URL.createObjectURL(await res.blob());
}
