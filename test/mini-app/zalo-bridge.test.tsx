// @vitest-environment jsdom
// The zmp-sdk wrapper and the API client under conditions a phone meets: inside Zalo with nativeStorage refused,
// a photo picker closed without a choice, a network that stalls, a reload that fails.
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const sdk = vi.hoisted(() => ({
  chooseImage: vi.fn(),
  nativeStorage: {
    getItem: vi.fn(() => {
      throw { code: -1403 };
    }),
    setItem: vi.fn(() => {
      throw { code: -1403 };
    }),
    removeItem: vi.fn(),
  },
}));
vi.mock('zmp-sdk/apis', () => ({ ...sdk, followOA: vi.fn(), getAccessToken: vi.fn(), getLocation: vi.fn(), getPhoneNumber: vi.fn(), openChat: vi.fn() }));

import { ApiError, request, session } from '../../mini-app/src/api/client';
import { LoadState } from '../../mini-app/src/components/load-state';
import { loadZaloSdk, pickPhotos, secretStorage, storage } from '../../mini-app/src/zalo';

const realAgent = navigator.userAgent;
const asZaloWebview = (on: boolean) =>
  Object.defineProperty(navigator, 'userAgent', { value: on ? `${realAgent} Zalo android/12345` : realAgent, configurable: true });

beforeEach(async () => {
  // As main.tsx does inside Zalo, and the photo pickers do when they appear.
  await loadZaloSdk();
  window.localStorage.clear();
  asZaloWebview(false);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('storage', () => {
  it('inside Zalo keeps the session out of localStorage (shared by all mini apps) when nativeStorage is refused', () => {
    asZaloWebview(true);
    session.set('secret-session-token');
    expect(session.token()).toBe('secret-session-token');
    expect(Object.values(window.localStorage)).not.toContain('secret-session-token');
    // Ordinary drafts may use localStorage.
    storage.set('pakn.test-draft', 'bản nháp');
    expect(window.localStorage.getItem('pakn.test-draft')).toBe('bản nháp');
    secretStorage.remove('pakn.session');
    expect(session.token()).toBeNull();
  });

  it('reads on when the first store has nothing', () => {
    window.localStorage.setItem('pakn.only-local', 'giá trị');
    asZaloWebview(true);
    sdk.nativeStorage.getItem.mockImplementationOnce(() => '' as never);
    expect(storage.get('pakn.only-local')).toBe('giá trị');
  });
});

describe('pickPhotos', () => {
  it('gives no photos when the picker is closed without a choice, instead of waiting forever', async () => {
    vi.useFakeTimers();
    sdk.chooseImage.mockReturnValue(new Promise(() => {}));
    const picked = pickPhotos(3);
    await vi.advanceTimersByTimeAsync(10);
    window.dispatchEvent(new Event('focus'));
    await vi.advanceTimersByTimeAsync(1600);
    await expect(picked).resolves.toEqual([]);
  });

  it('returns the chosen photos and frees the object URLs the picker made', async () => {
    const blob = new Blob(['ảnh'], { type: 'image/jpeg' });
    sdk.chooseImage.mockResolvedValue({ filePaths: ['blob:one'], tempFiles: [{ path: 'blob:one', size: 3 }] });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(blob)));
    const revoke = vi.fn();
    URL.revokeObjectURL = revoke;
    const photos = await pickPhotos(2);
    expect(photos).toHaveLength(1);
    expect(revoke).toHaveBeenCalledWith('blob:one');
  });

  it('says how many photos may be chosen when the picker refuses more', async () => {
    sdk.chooseImage.mockRejectedValue({ code: -2000, message: 'You are only allowed to choose a maximum of 2 images' });
    await expect(pickPhotos(2)).rejects.toThrow('Chỉ chọn được tối đa 2 ảnh.');
  });
});

describe('request', () => {
  it('treats a call that stalls for 30 s as no connection', async () => {
    vi.useFakeTimers();
    vi.stubGlobal(
      'fetch',
      vi.fn((_url: string, init: RequestInit) => new Promise((_, reject) => init.signal!.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))))),
    );
    const call = request('GET', '/api/v1/me');
    const check = expect(call).rejects.toMatchObject({ status: 0, offline: true });
    await vi.advanceTimersByTimeAsync(30_001);
    await check;
    await expect(call).rejects.toBeInstanceOf(ApiError);
  });
});

describe('a server that asks to wait (429)', () => {
  it('says in Vietnamese how long to wait, from the reply the server sends', async () => {
    const limited = (retryAfter: number) =>
      new Response(JSON.stringify({ error: 'rate_limited', message: 'Too many requests', retryAfter }), {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': String(retryAfter) },
      });
    for (const [seconds, words] of [
      [45, '45 giây'],
      [540, '9 phút'],
      [3600, '1 giờ'],
      [7200, '2 giờ'],
    ] as const) {
      vi.stubGlobal('fetch', vi.fn(async () => limited(seconds)));
      await expect(request('POST', '/api/v1/feedback', { json: {} })).rejects.toMatchObject({
        status: 429,
        message: `Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn. Vui lòng thử lại sau ${words}.`,
      });
    }
  });
});

describe('LoadState', () => {
  it('keeps the previous data on screen when a reload fails, and says so with a retry', () => {
    const reload = vi.fn();
    render(
      <LoadState state={{ data: ['Quý 3/2026'], error: new Error('Không kết nối được máy chủ.'), loading: false, reload }}>
        {(rows) => <p>{rows[0]}</p>}
      </LoadState>,
    );
    expect(screen.getByRole('alert').textContent).toContain('Nội dung dưới đây là lần tải trước.');
    expect(screen.getByText('Quý 3/2026')).toBeTruthy();
    screen.getByRole('button', { name: 'Thử lại' }).click();
    expect(reload).toHaveBeenCalled();
  });
});
