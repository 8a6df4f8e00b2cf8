// @vitest-environment jsdom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router-dom';

const mocks = vi.hoisted(() => {
  const store = new Map<string, string>();
  return {
    store,
    categories: vi.fn(),
    create: vi.fn(),
    attach: vi.fn(),
    pickPhotos: vi.fn(),
    resolveLocation: vi.fn(),
    locationToken: vi.fn(),
    zaloAccessToken: vi.fn(),
  };
});

vi.mock('../../mini-app/src/api/endpoints', () => ({
  api: {
    categories: mocks.categories,
    clientConfig: async () => ({ oaId: null, devSignIn: false }),
    resolveLocation: mocks.resolveLocation,
    feedback: { create: mocks.create, attach: mocks.attach },
  },
}));

vi.mock('../../mini-app/src/zalo', async () => {
  const storage = (await import('./render-helpers')).memoryStorage(mocks.store);
  class ZaloUnavailableError extends Error {
    constructor(what: string) {
      super(`${what} chỉ dùng được trong ứng dụng Zalo`);
    }
  }
  return {
    storage,
    isInZalo: () => false,
    warmZaloSdk: () => {},
    pickPhotos: mocks.pickPhotos,
    locationToken: mocks.locationToken,
    zaloAccessToken: mocks.zaloAccessToken,
    followOfficialAccount: vi.fn(),
    ZaloUnavailableError,
  };
});

vi.mock('../../mini-app/src/auth/session-context', () => ({
  useSession: () => ({ me: { id: 7, name: 'Nguyễn Văn Dân', roles: [], oa: { lastInteractionAt: null, needsChat: false } } }),
}));

// jsdom cannot decode images; compression itself is covered by fitWithin below.
vi.mock('../../mini-app/src/pages/citizen/compress-image', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../mini-app/src/pages/citizen/compress-image')>()),
  compressImage: async (blob: Blob) => blob,
}));

import { ApiError } from '../../mini-app/src/api/client';
import { fitWithin } from '../../mini-app/src/pages/citizen/compress-image';
import { DRAFT_KEY } from '../../mini-app/src/pages/citizen/feedback-draft';
import FeedbackForm from '../../mini-app/src/pages/citizen/feedback-form';
import { renderInApp } from './render-helpers';
import {
  emptyFeedbackValues,
  type FeedbackFormValues,
  MAX_PHOTOS,
  normalizePhone,
  photoSlotsLeft,
  serverFieldErrors,
  toNewFeedback,
  validateFeedback,
  validatePhotoCount,
} from '../../mini-app/src/pages/citizen/feedback-validation';
import { batchBySize } from '../../mini-app/src/pages/citizen/upload-photos';

const values = (patch: Partial<FeedbackFormValues> = {}): FeedbackFormValues => ({
  ...emptyFeedbackValues(),
  content: 'Đèn đường trước số 12 bị hỏng.',
  ...patch,
});

/** A JPEG by its bytes (the picker checks them, as the server does). */
const photo = () => new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(96).fill(0)])], { type: 'image/jpeg' });

describe('feedback validation', () => {
  it('accepts a plain description and nothing else', () => {
    expect(validateFeedback(values())).toEqual({});
  });

  it('asks for at least 10 characters, counted after trimming', () => {
    expect(validateFeedback(values({ content: '' })).content).toBe('Vui lòng nhập nội dung phản ánh (ít nhất 10 ký tự).');
    expect(validateFeedback(values({ content: '  Đèn hỏng  ' })).content).toBe('Nội dung phản ánh cần ít nhất 10 ký tự (hiện có 8).');
    expect(validateFeedback(values({ content: 'Đèn bị hỏng' })).content).toBeUndefined();
  });

  it('refuses more than 4000 characters, and a title over 200', () => {
    expect(validateFeedback(values({ content: 'a'.repeat(4000) })).content).toBeUndefined();
    expect(validateFeedback(values({ content: 'a'.repeat(4001) })).content).toBe('Nội dung phản ánh không được quá 4000 ký tự (hiện có 4001).');
    expect(validateFeedback(values({ title: 't'.repeat(201) })).title).toBe('Tiêu đề không được quá 200 ký tự.');
  });

  it('checks the phone like the server (8–15 digits, optional +), allowing spaces and dots as typed', () => {
    expect(validateFeedback(values({ consent: true, phone: '0912 345.678' })).phone).toBeUndefined();
    expect(validateFeedback(values({ consent: true, phone: '+84912345678' })).phone).toBeUndefined();
    expect(validateFeedback(values({ consent: true, phone: '12345' })).phone).toMatch(/^Số điện thoại chưa đúng/);
    expect(validateFeedback(values({ consent: true, phone: '09123abc45' })).phone).toMatch(/^Số điện thoại chưa đúng/);
    expect(normalizePhone(' 0912-345-678 ')).toBe('0912345678');
  });

  it('needs a phone number when the citizen agrees to be contacted, and ignores contact fields otherwise', () => {
    expect(validateFeedback(values({ consent: true, name: 'Dân' })).phone).toBe('Vui lòng nhập số điện thoại để cơ quan xử lý liên hệ lại.');
    expect(validateFeedback(values({ consent: false, phone: 'abc' }))).toEqual({});
    expect(toNewFeedback(values({ consent: false, name: 'Dân', phone: '0912345678' })).contact).toBeUndefined();
    expect(toNewFeedback(values({ consent: true, name: ' Dân ', phone: '0912 345 678' })).contact).toEqual({ name: 'Dân', phone: '0912345678' });
  });

  it('limits photos to 5', () => {
    expect(MAX_PHOTOS).toBe(5);
    expect(validateFeedback(values({ photoCount: 5 })).photos).toBeUndefined();
    expect(validateFeedback(values({ photoCount: 6 })).photos).toBe('Chỉ được đính kèm tối đa 5 ảnh.');
    expect(validatePhotoCount(6)).toBe('Chỉ được đính kèm tối đa 5 ảnh.');
    expect([0, 3, 5, 7].map(photoSlotsLeft)).toEqual([5, 2, 0, 0]);
  });

  it('sends only what was filled in, trimmed', () => {
    expect(toNewFeedback(values({ title: '  ', address: ' Tổ 5 ', category: 'HT', location: { lat: 21.1, lng: 105.2 } }))).toEqual({
      content: 'Đèn đường trước số 12 bị hỏng.',
      category: 'HT',
      address: 'Tổ 5',
      location: { lat: 21.1, lng: 105.2 },
    });
  });

  it("turns the server's field errors into Vietnamese messages", () => {
    const err = new ApiError(400, 'invalid_request', 'Thông tin gửi lên chưa đúng.', [
      { field: 'contact.phone', message: 'must be a phone number of 8 to 15 digits' },
      { field: 'content', message: 'too short' },
    ]);
    expect(serverFieldErrors(err)).toEqual({
      phone: 'Số điện thoại chưa đúng (8 đến 15 chữ số, có thể bắt đầu bằng +).',
      content: 'Nội dung phản ánh cần từ 10 đến 4000 ký tự.',
    });
    expect(serverFieldErrors(new Error('x'))).toEqual({});
  });

  it('resizes to 1600 px on the longest side, never up', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 });
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: 1600 });
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 });
  });

  it('groups uploads under the 10 MB request limit', () => {
    const f = (mb: number) => ({ blob: { size: mb * 1024 * 1024 } as Blob });
    expect(batchBySize([f(1), f(2), f(3)]).map((b) => b.length)).toEqual([3]);
    expect(batchBySize([f(4), f(4), f(4)]).map((b) => b.length)).toEqual([2, 1]);
  });
});

function renderForm() {
  return renderInApp(
    <Routes>
      <Route path="/" element={<FeedbackForm />} />
      <Route path="/feedback/sent/:code" element={<p>Trang đã gửi</p>} />
    </Routes>,
  );
}

const typeInto = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

describe('feedback form screen', () => {
  beforeEach(() => {
    mocks.store.clear();
    vi.clearAllMocks();
    mocks.categories.mockResolvedValue({
      categories: [{ code: 'HT', name: 'Hạ tầng đô thị', description: null }],
    });
    mocks.create.mockResolvedValue({ code: 'PA-2026-000123' });
    mocks.attach.mockResolvedValue({ attachments: [] });
  });
  afterEach(cleanup);

  it('labels its fields and counts the characters of the description', async () => {
    renderForm();
    for (const label of ['Lĩnh vực', 'Tiêu đề', 'Nội dung phản ánh', 'Địa chỉ']) expect(screen.getByLabelText(label)).toBeTruthy();
    expect(screen.getByText('0/4.000 ký tự')).toBeTruthy();
    expect(screen.getByText('Bắt buộc, ít nhất 10 ký tự.')).toBeTruthy();
    typeInto('Nội dung phản ánh', 'Đèn hỏng');
    expect(screen.getByText('8/4.000 ký tự')).toBeTruthy();
    await waitFor(() => expect(mocks.categories).toHaveBeenCalled());
  });

  it('shows the Vietnamese error and sends nothing when the description is too short', async () => {
    renderForm();
    typeInto('Nội dung phản ánh', 'Đèn hỏng');
    fireEvent.click(screen.getByRole('button', { name: 'Gửi phản ánh' }));
    expect(await screen.findByText('Nội dung phản ánh cần ít nhất 10 ký tự (hiện có 8).')).toBeTruthy();
    expect(screen.getByText('Vui lòng kiểm tra lại các mục được đánh dấu.')).toBeTruthy();
    expect(screen.getByLabelText('Nội dung phản ánh').getAttribute('aria-invalid')).toBe('true');
    expect(mocks.create).not.toHaveBeenCalled();
  });

  it('reveals the contact fields on consent, prefilled with the Zalo name, and checks the phone', async () => {
    renderForm();
    expect(screen.queryByLabelText('Số điện thoại')).toBeNull();
    fireEvent.click(screen.getByLabelText('Tôi đồng ý để cơ quan xử lý liên hệ lại'));
    expect((screen.getByLabelText('Họ và tên') as HTMLInputElement).value).toBe('Nguyễn Văn Dân');
    typeInto('Nội dung phản ánh', 'Đèn đường trước số 12 bị hỏng.');
    typeInto('Số điện thoại', '123');
    fireEvent.click(screen.getByRole('button', { name: 'Gửi phản ánh' }));
    expect(await screen.findByText('Số điện thoại chưa đúng (8 đến 15 chữ số, có thể bắt đầu bằng +).')).toBeTruthy();
    expect(mocks.create).not.toHaveBeenCalled();
  });

  it('sends the feedback and goes to the success screen, clearing the draft', async () => {
    renderForm();
    typeInto('Tiêu đề', 'Đèn đường hỏng');
    typeInto('Nội dung phản ánh', 'Đèn đường trước số 12 bị hỏng.');
    await waitFor(() => expect(mocks.store.has(DRAFT_KEY)).toBe(true), { timeout: 2000 });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi phản ánh' }));
    expect(await screen.findByText('Trang đã gửi')).toBeTruthy();
    expect(mocks.create).toHaveBeenCalledWith({ title: 'Đèn đường hỏng', content: 'Đèn đường trước số 12 bị hỏng.' });
    expect(mocks.attach).not.toHaveBeenCalled();
    expect(mocks.store.has(DRAFT_KEY)).toBe(false);
  });

  it('restores a saved draft', () => {
    mocks.store.set(DRAFT_KEY, JSON.stringify({ ...emptyFeedbackValues(), content: 'Nội dung nháp đã lưu', title: 'Nháp', createdCode: null }));
    renderForm();
    expect((screen.getByLabelText('Nội dung phản ánh') as HTMLTextAreaElement).value).toBe('Nội dung nháp đã lưu');
    expect((screen.getByLabelText('Tiêu đề') as HTMLInputElement).value).toBe('Nháp');
    expect(screen.getByText('20/4.000 ký tự')).toBeTruthy();
  });

  it('asks Zalo for at most the photos left, and retries only the upload when it fails', async () => {
    mocks.pickPhotos.mockResolvedValueOnce([photo(), photo(), photo()]);
    renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Thêm ảnh' }));
    expect(await screen.findByText('3/5 ảnh')).toBeTruthy();
    expect(mocks.pickPhotos).toHaveBeenLastCalledWith(5);
    mocks.pickPhotos.mockResolvedValueOnce([photo(), photo(), photo()]);
    fireEvent.click(screen.getByRole('button', { name: 'Thêm ảnh' }));
    expect(await screen.findByText('5/5 ảnh')).toBeTruthy();
    expect(mocks.pickPhotos).toHaveBeenLastCalledWith(2);
    expect(screen.queryByRole('button', { name: 'Thêm ảnh' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Xoá ảnh 1' }));
    expect(await screen.findByText('4/5 ảnh')).toBeTruthy();

    mocks.attach.mockRejectedValueOnce(new ApiError(0, 'network', 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.'));
    typeInto('Nội dung phản ánh', 'Đèn đường trước số 12 bị hỏng.');
    fireEvent.click(screen.getByRole('button', { name: 'Gửi phản ánh' }));
    expect(
      await screen.findByText('Ảnh chưa tải lên được: Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.'),
    ).toBeTruthy();
    expect(screen.getByText('PA-2026-000123')).toBeTruthy();
    // Reopening now would only retry the photos: the draft remembers the created code.
    expect(JSON.parse(mocks.store.get(DRAFT_KEY) ?? '{}').createdCode).toBe('PA-2026-000123');

    mocks.attach.mockImplementationOnce(async (_code: string, files: unknown[], onProgress?: (f: number) => void) => {
      onProgress?.(0.4);
      return { attachments: files.map((_, i) => ({ id: i + 1 })) };
    });
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Thử tải ảnh lại' }));
    });
    expect(await screen.findByText('Trang đã gửi')).toBeTruthy();
    expect(mocks.create).toHaveBeenCalledTimes(1);
    expect(mocks.attach).toHaveBeenCalledTimes(2);
    const [code, files] = mocks.attach.mock.calls[1] as [string, { name: string }[]];
    expect(code).toBe('PA-2026-000123');
    expect(files.map((f) => f.name)).toEqual(['anh-2.jpg', 'anh-3.jpg', 'anh-4.jpg', 'anh-5.jpg']);
    expect(mocks.store.has(DRAFT_KEY)).toBe(false);
  });

  it('refuses a PDF chosen in the photo picker, with a Vietnamese reason, and keeps the real photos', async () => {
    const pdf = new Blob([new TextEncoder().encode('%PDF-1.7\n%âãÏÓ\n1 0 obj')], { type: 'image/jpeg' });
    mocks.pickPhotos.mockResolvedValueOnce([pdf, photo()]);
    renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Thêm ảnh' }));
    expect(await screen.findByText('1/5 ảnh')).toBeTruthy();
    expect(screen.getByRole('alert').textContent).toBe(
      'Tệp đã chọn không phải ảnh nên chưa được thêm. Chỉ đính kèm được ảnh (JPG, PNG, WEBP, GIF hoặc HEIC).',
    );
    expect(screen.getAllByRole('img', { name: /Ảnh đã chọn/ })).toHaveLength(1);

    mocks.pickPhotos.mockResolvedValueOnce([pdf, pdf]);
    fireEvent.click(screen.getByRole('button', { name: 'Thêm ảnh' }));
    expect(await screen.findByText(/^2 tệp đã chọn không phải ảnh/)).toBeTruthy();
    expect(screen.getByText('1/5 ảnh')).toBeTruthy();
  });

  it('explains in Vietnamese why the location is unavailable outside Zalo', async () => {
    mocks.zaloAccessToken.mockResolvedValue(null);
    mocks.locationToken.mockRejectedValue(new Error('Lấy vị trí chỉ dùng được trong ứng dụng Zalo'));
    renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Thêm vị trí hiện tại' }));
    expect(await screen.findByText('Lấy vị trí chỉ dùng được trong ứng dụng Zalo')).toBeTruthy();
    expect(mocks.resolveLocation).not.toHaveBeenCalled();
  });

  it('shows the location the server resolved', async () => {
    mocks.zaloAccessToken.mockResolvedValue('access');
    mocks.locationToken.mockResolvedValue('loc-token');
    mocks.resolveLocation.mockResolvedValue({ lat: 22.147, lng: 105.8348 });
    renderForm();
    fireEvent.click(screen.getByRole('button', { name: 'Thêm vị trí hiện tại' }));
    expect(await screen.findByText('Đã lấy vị trí: 22.14700, 105.83480')).toBeTruthy();
    expect(mocks.resolveLocation).toHaveBeenCalledWith('access', 'loc-token');
  });
});
