// @vitest-environment jsdom
import { cleanup, configure, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Me, ReviewItem } from '../../mini-app/src/api/types';
import { renderInApp } from './render-helpers';

const api = vi.hoisted(() => ({
  dti: {
    sets: vi.fn(),
    reviewQueue: vi.fn(),
    review: vi.fn(),
    evidencePath: vi.fn((_k: unknown, id: number) => `/evidence/${id}`),
  },
}));
vi.mock('../../mini-app/src/api/endpoints', () => ({ api }));

// The first render loads zmp-ui and the screen's modules, slow when the suite runs in parallel.
configure({ asyncUtilTimeout: 5000 });

const leader: Me = {
  id: 1,
  name: 'Lãnh đạo',
  roles: [{ unit: 'HUYEN', unitName: 'Huyện Pác Nặm', role: 'leader' }],
  oa: { lastInteractionAt: null, needsChat: false },
};
vi.mock('../../mini-app/src/auth/session-context', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../mini-app/src/auth/session-context')>()),
  useSession: () => ({ status: 'signed-in', me: leader, error: null }),
}));

const { default: DtiReview } = await import('../../mini-app/src/pages/leader/dti-review');

const item: ReviewItem = {
  set: 'BK-2026',
  period: '2026-Q2',
  indicator: { code: '7.3', name: 'Tỷ lệ phản ánh được xử lý đúng hạn qua Zalo', valueType: 'percentage', unitOfMeasure: null },
  unit: { code: 'XA_B', name: 'Xã Bằng Thành' },
  value: {
    status: 'submitted',
    value: { type: 'percentage', value: 87.5 },
    comment: 'Số liệu từ hệ thống',
    citation: null,
    submittedAt: '2026-05-20T09:30:00.000+07:00',
    reviewedAt: null,
    reviewComment: null,
    changedAfterApproval: false,
    updatedAt: '2026-05-20T09:30:00.000+07:00',
  },
  evidence: [{ id: 5, fileName: 'bao-cao.pdf', mimeType: 'application/pdf', size: 20480 }],
};
const key = { set: 'BK-2026', period: '2026-Q2', indicator: '7.3', unit: 'XA_B' };

// zmp-ui's useNavigate (StaffNav) needs ZMPRouter's context, which renderInApp gives.
const renderScreen = () => renderInApp(<DtiReview />);

beforeEach(() => {
  api.dti.sets.mockResolvedValue({ sets: [{ code: 'BK-2026', name: 'Bộ chỉ số DTI 2026', year: 2026 }] });
  api.dti.reviewQueue.mockResolvedValue({ items: [item] });
  api.dti.review.mockResolvedValue({ ...key, value: { ...item.value, status: 'returned' } });
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('DTI review screen', () => {
  it('shows what was submitted: unit, indicator, value in words, comment, time and evidence', async () => {
    renderScreen();
    expect(await screen.findByText('7.3. Tỷ lệ phản ánh được xử lý đúng hạn qua Zalo')).toBeTruthy();
    expect(screen.getByText(/Xã Bằng Thành · Quý 2\/2026/)).toBeTruthy();
    expect(screen.getByText('87,5%')).toBeTruthy();
    expect(screen.getByText('Số liệu từ hệ thống')).toBeTruthy();
    expect(screen.getByText('09:30 20/05/2026')).toBeTruthy();
    expect(screen.getByRole('button', { name: /Mở tệp: bao-cao\.pdf/ })).toBeTruthy();
    expect(api.dti.reviewQueue).toHaveBeenCalledWith({ set: 'BK-2026' });
  });

  it('will not return a value without a reason, then returns it with the reason and reloads', async () => {
    renderScreen();
    fireEvent.click(await screen.findByRole('button', { name: 'Trả lại' }));
    const reason = screen.getByLabelText(/Lý do trả lại/) as HTMLTextAreaElement;
    expect(document.activeElement).toBe(reason);

    fireEvent.click(screen.getByRole('button', { name: 'Gửi trả lại' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Vui lòng nhập lý do trả lại');
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(api.dti.review).not.toHaveBeenCalled();

    fireEvent.change(reason, { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi trả lại' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Vui lòng nhập lý do trả lại');
    expect(api.dti.review).not.toHaveBeenCalled();

    fireEvent.change(reason, { target: { value: '  Thiếu văn bản minh chứng  ' } });
    expect(screen.queryByText('Vui lòng nhập lý do trả lại')).toBeNull();
    api.dti.reviewQueue.mockResolvedValue({ items: [] });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi trả lại' }));
    await waitFor(() => expect(api.dti.review).toHaveBeenCalledWith(key, 'return', 'Thiếu văn bản minh chứng'));
    expect(await screen.findByText('Không có chỉ số nào chờ duyệt')).toBeTruthy();
    expect(api.dti.reviewQueue).toHaveBeenCalledTimes(2);
  });

  it('approves without a comment', async () => {
    renderScreen();
    fireEvent.click(await screen.findByRole('button', { name: 'Duyệt' }));
    await waitFor(() => expect(api.dti.review).toHaveBeenCalledWith(key, 'approve', undefined));
    await waitFor(() => expect(api.dti.reviewQueue).toHaveBeenCalledTimes(2));
  });

  it('says when a decision failed and keeps the item', async () => {
    const { ApiError } = await import('../../mini-app/src/api/client');
    api.dti.review.mockRejectedValue(new ApiError(409, 'conflict', 'Thao tác này không còn phù hợp với trạng thái hiện tại. Vui lòng tải lại.'));
    renderScreen();
    fireEvent.click(await screen.findByRole('button', { name: 'Duyệt' }));
    expect((await screen.findByRole('alert')).textContent).toContain('không còn phù hợp');
    expect(screen.getByText('7.3. Tỷ lệ phản ánh được xử lý đúng hạn qua Zalo')).toBeTruthy();
  });

  it('shows the empty state, and an error with "Thử lại"', async () => {
    api.dti.reviewQueue.mockResolvedValueOnce({ items: [] });
    renderScreen();
    expect(await screen.findByText('Không có chỉ số nào chờ duyệt')).toBeTruthy();
    cleanup();

    api.dti.sets.mockRejectedValueOnce(new Error('Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.'));
    renderScreen();
    expect((await screen.findByRole('alert')).textContent).toContain('Không kết nối được máy chủ');
    fireEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    expect(await screen.findByText('7.3. Tỷ lệ phản ánh được xử lý đúng hạn qua Zalo')).toBeTruthy();
  });
});
