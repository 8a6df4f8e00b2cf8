// Every zmp-sdk call goes through this module (the SDK's functions come from zalo-sdk.ts, loaded on demand). Outside
// Zalo the SDK rejects most calls (or, on localhost, returns empty mocks), so each function says what it does there;
// screens never import zmp-sdk themselves.
//
// The SDK is a third of the app's start-up code (about 120 kB, with its own copy of zod) and is needed before the
// first screen only inside Zalo, where the session lives in nativeStorage. So it is loaded on demand: main.tsx waits
// for it inside Zalo before reading storage; in a browser the first call that needs it loads it.
type ZaloSdk = typeof import('./zalo-sdk');

let sdkModule: ZaloSdk | null = null;
let sdkLoading: Promise<ZaloSdk> | null = null;

/** The SDK, loaded once. A failed download is tried again on the next call. */
export function loadZaloSdk(): Promise<ZaloSdk> {
  sdkLoading ??= import('./zalo-sdk').then(
    (m) => (sdkModule = m),
    (err: unknown) => {
      sdkLoading = null;
      throw err;
    },
  );
  return sdkLoading;
}

/** The page comes from Zalo's mini app host (https://h5.zdn.vn/zapps/<id>/). */
export function servedByZalo(): boolean {
  return /(^|\.)zdn\.vn$/.test(location.hostname);
}

/** Inside the Zalo app (the mini app is served from h5.zdn.vn and Zalo's webview names itself in the user agent). */
export function isInZalo(): boolean {
  return servedByZalo() || /\bZalo\b/i.test(navigator.userAgent);
}

/** The Zalo error code of a rejected SDK call, if any (-201, -2002: the user refused; -2003: cancelled). */
function sdkCode(err: unknown): number | undefined {
  return typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'number'
    ? (err as { code: number }).code
    : undefined;
}

export class ZaloUnavailableError extends Error {
  constructor(what: string) {
    super(`${what} chỉ dùng được trong ứng dụng Zalo`);
  }
}

export class ZaloDeniedError extends Error {
  constructor(message = 'Bạn chưa cho phép ứng dụng dùng quyền này') {
    super(message);
  }
}

function explain(err: unknown, what: string): Error {
  const code = sdkCode(err);
  if (code === -201 || code === -2002 || code === -2003) return new ZaloDeniedError();
  if (code === -1403) return new Error(`Ứng dụng chưa được Zalo cấp quyền ${what}`);
  return new Error(`Không gọi được Zalo (${what}). Vui lòng thử lại.`);
}

/** Starts loading the SDK where a screen will soon need it (a photo picker), so the tap finds it ready. */
export function warmZaloSdk(): void {
  loadZaloSdk().catch(() => {}); // the call that needs it reports a failure
}

/** The user's access token for the server to check with Zalo's Graph API; null outside Zalo. */
export async function zaloAccessToken(): Promise<string | null> {
  if (!isInZalo()) return null;
  try {
    const token = await (await loadZaloSdk()).getAccessToken();
    return token || null;
  } catch (err) {
    throw explain(err, 'đăng nhập');
  }
}

/** A one-time token (2 minutes) for the phone number; the server exchanges it. */
export async function phoneNumberToken(): Promise<string> {
  if (!isInZalo()) throw new ZaloUnavailableError('Xác minh số điện thoại');
  let result: { token?: string };
  try {
    result = await (await loadZaloSdk()).getPhoneNumber();
  } catch (err) {
    throw explain(err, 'lấy số điện thoại');
  }
  if (!result.token) throw new ZaloDeniedError('Zalo không trả về số điện thoại. Vui lòng thử lại.');
  return result.token;
}

/** A one-time token for the current location; the server exchanges it for coordinates. */
export async function locationToken(): Promise<string> {
  if (!isInZalo()) throw new ZaloUnavailableError('Lấy vị trí');
  let result: { token?: string };
  try {
    result = await (await loadZaloSdk()).getLocation();
  } catch (err) {
    throw explain(err, 'lấy vị trí');
  }
  if (!result.token) throw new ZaloDeniedError('Zalo không trả về vị trí. Vui lòng thử lại.');
  return result.token;
}

/**
 * Resolves when the picker was dismissed without a choice. The SDK's picker is a file input that only reports a
 * choice, never a cancel; the page regains focus in both cases, so no answer shortly after that means "cancelled".
 */
function pickerDismissed(settled: () => boolean): Promise<null> {
  return new Promise((resolve) => {
    const onFocus = () => {
      window.removeEventListener('focus', onFocus);
      setTimeout(() => resolve(null), 1500);
    };
    // Focus leaves for the native picker first; listen from the next tick on.
    setTimeout(() => (settled() ? resolve(null) : window.addEventListener('focus', onFocus)), 0);
  });
}

/** Lets the user pick or take photos; returns them as Blobs (chooseImage hands back blob: URLs). */
export async function pickPhotos(count: number): Promise<Blob[]> {
  let done = false;
  let result: { filePaths: string[]; tempFiles?: { path: string }[] } | null;
  try {
    const { chooseImage } = await loadZaloSdk();
    const choice = chooseImage({ count, sourceType: ['album', 'camera'] }).finally(() => {
      done = true;
    });
    result = await Promise.race([choice, pickerDismissed(() => done)]);
  } catch (err) {
    const code = sdkCode(err);
    if (code === -2003 || code === -201) return [];
    const message = (err as { message?: unknown })?.message;
    if (typeof message === 'string' && /maximum/i.test(message)) throw new Error(`Chỉ chọn được tối đa ${count} ảnh.`);
    throw explain(err, 'chọn ảnh');
  }
  if (!result) return [];
  const urls = [...new Set([...result.filePaths, ...(result.tempFiles ?? []).map((f) => f.path)])];
  try {
    return await Promise.all(result.filePaths.slice(0, count).map(async (url) => (await fetch(url)).blob()));
  } finally {
    // The SDK's object URLs would keep every original photo in memory.
    for (const url of urls) if (url.startsWith('blob:')) URL.revokeObjectURL(url);
  }
}

/** Follows the government's Official Account, so updates can arrive as Zalo messages. */
export async function followOfficialAccount(oaId: string): Promise<void> {
  if (!isInZalo()) throw new ZaloUnavailableError('Quan tâm Official Account');
  try {
    await (await loadZaloSdk()).followOA({ id: oaId });
  } catch (err) {
    throw explain(err, 'quan tâm OA');
  }
}

/** Opens the chat with the OA (staff must talk to it at least once a week to keep receiving alerts). */
export async function openOfficialAccountChat(oaId: string): Promise<void> {
  if (!isInZalo()) {
    window.open(`https://zalo.me/${encodeURIComponent(oaId)}`, '_blank', 'noopener');
    return;
  }
  try {
    await (await loadZaloSdk()).openChat({ type: 'oa', id: oaId });
  } catch (err) {
    throw explain(err, 'mở trò chuyện');
  }
}

/**
 * Copies text to the clipboard. zmp-sdk (2.51) has no clipboard call, so this is the web's: the Clipboard API where
 * the webview allows it, else a selected hidden field and execCommand('copy'), which Zalo's Android webview honours.
 */
export async function copyText(text: string): Promise<void> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return;
    }
  } catch {
    // refused (no permission, not focused): try the old way
  }
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  field.style.position = 'fixed';
  field.style.opacity = '0';
  document.body.appendChild(field);
  field.select();
  try {
    if (!document.execCommand('copy')) throw new Error('copy refused');
  } catch {
    throw new Error('Không sao chép được. Vui lòng ghi lại mã.');
  } finally {
    field.remove();
  }
}

/**
 * Shares text: Zalo's share sheet inside Zalo (to a chat or the timeline), the system's share sheet in a browser
 * that has one; 'unavailable' where neither exists (the caller copies instead).
 */
export async function shareText(text: string): Promise<'shared' | 'cancelled' | 'unavailable'> {
  if (isInZalo()) {
    try {
      const result = await (await loadZaloSdk()).openShareSheet({ type: 'text', data: { text } });
      return result?.status === 0 ? 'cancelled' : 'shared';
    } catch (err) {
      const code = sdkCode(err);
      if (code === -201 || code === -2003) return 'cancelled';
      throw explain(err, 'chia sẻ');
    }
  }
  if (typeof navigator.share !== 'function') return 'unavailable';
  try {
    await navigator.share({ text });
    return 'shared';
  } catch {
    return 'cancelled';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Storage: Zalo's nativeStorage survives closing the app; outside Zalo (and on old Zalo versions) it throws, so
// localStorage takes over, then memory (private browsing).

const memory = new Map<string, string>();

type Backend = { get(k: string): string | null; set(k: string, v: string): void; remove(k: string): void };

/** Throws until the SDK is loaded (main.tsx waits for it inside Zalo), so a read never falls through by mistake. */
function nativeStorage(): ZaloSdk['nativeStorage'] {
  if (!sdkModule) throw new Error('zmp-sdk not loaded yet');
  return sdkModule.nativeStorage;
}
const nativeBackend: Backend = {
  get: (k) => nativeStorage().getItem(k) || null,
  set: (k, v) => nativeStorage().setItem(k, v),
  remove: (k) => nativeStorage().removeItem(k),
};
const localBackend: Backend = {
  get: (k) => window.localStorage.getItem(k),
  set: (k, v) => window.localStorage.setItem(k, v),
  remove: (k) => window.localStorage.removeItem(k),
};
const memoryBackend: Backend = {
  get: (k) => memory.get(k) ?? null,
  set: (k, v) => void memory.set(k, v),
  remove: (k) => void memory.delete(k),
};

/**
 * Where a value may live, best first. Inside Zalo every mini app shares the origin h5.zdn.vn, so a secret (the
 * session) never falls back to localStorage there: if nativeStorage fails it stays in memory, and signing in
 * again with Zalo is cheap.
 */
function backends(secret: boolean): Backend[] {
  if (!isInZalo()) return [localBackend, memoryBackend];
  return secret ? [nativeBackend, memoryBackend] : [nativeBackend, localBackend, memoryBackend];
}

function makeStorage(secret: boolean) {
  return {
    get(key: string): string | null {
      for (const b of backends(secret)) {
        try {
          const value = b.get(key);
          if (value !== null) return value;
        } catch {
          // next backend
        }
      }
      return null;
    },
    set(key: string, value: string): void {
      for (const b of backends(secret)) {
        try {
          b.set(key, value);
          return;
        } catch {
          // next backend
        }
      }
    },
    remove(key: string): void {
      for (const b of backends(secret)) {
        try {
          b.remove(key);
        } catch {
          // each backend may hold a copy
        }
      }
    },
  };
}

const plain = makeStorage(false);

export const storage = {
  ...plain,
  getJson<T>(key: string): T | null {
    const raw = plain.get(key);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as T;
    } catch {
      return null;
    }
  },
  setJson(key: string, value: unknown): void {
    plain.set(key, JSON.stringify(value));
  },
};

/** For the session token: never in storage other mini apps can read. */
export const secretStorage = makeStorage(true);

/**
 * Browser preview of a production build: zmp-ui's router always uses the base path /zapps/<APP_ID>, as inside
 * Zalo, so a page opened at / moves under /zapps/preview/ before the app renders.
 */
export function preparePreviewLocation(): void {
  const w = window as unknown as { APP_ID?: string };
  if (!import.meta.env.PROD || servedByZalo()) return;
  const match = /^\/zapps\/([^/]+)/.exec(location.pathname);
  w.APP_ID ??= match?.[1] ?? 'preview';
  if (!match) history.replaceState(history.state, '', `/zapps/${w.APP_ID}${location.pathname}${location.search}${location.hash}`);
}
