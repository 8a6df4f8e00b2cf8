// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { Route, Routes } from 'react-router-dom';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const mocks = vi.hoisted(() => ({
  store: new Map<string, string>(),
  clientConfig: vi.fn(),
  list: vi.fn(),
  get: vi.fn(),
  act: vi.fn(),
  rate: vi.fn(),
  attach: vi.fn(),
  fileObjectUrl: vi.fn(),
  followOfficialAccount: vi.fn(),
}));

vi.mock('../../mini-app/src/api/endpoints', () => ({
  api: {
    clientConfig: mocks.clientConfig,
    feedback: {
      list: mocks.list,
      get: mocks.get,
      act: mocks.act,
      rate: mocks.rate,
      attach: mocks.attach,
      attachmentPath: (code: string, id: number) => `/api/v1/feedback/${code}/attachments/${id}`,
    },
  },
}));

vi.mock('../../mini-app/src/api/client', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../mini-app/src/api/client')>()),
  fileObjectUrl: mocks.fileObjectUrl,
  download: vi.fn(),
}));

vi.mock('../../mini-app/src/zalo', async () => ({
  storage: (await import('./render-helpers')).memoryStorage(mocks.store),
  isInZalo: () => false,
  warmZaloSdk: () => {},
  pickPhotos: vi.fn(),
  followOfficialAccount: mocks.followOfficialAccount,
}));

vi.mock('../../mini-app/src/auth/session-context', () => ({
  useSession: () => ({ me: { id: 7, name: 'Nguyễn Văn Dân', roles: [], oa: { lastInteractionAt: null, needsChat: false } } }),
}));

import { ApiError } from '../../mini-app/src/api/client';
import type { FeedbackDetail } from '../../mini-app/src/api/types';
import CitizenHome from '../../mini-app/src/pages/citizen/citizen-home';
import { DRAFT_KEY } from '../../mini-app/src/pages/citizen/feedback-draft';
import FeedbackDetailPage from '../../mini-app/src/pages/citizen/feedback-detail';
import FeedbackSuccess from '../../mini-app/src/pages/citizen/feedback-success';
import MyFeedback from '../../mini-app/src/pages/citizen/my-feedback';
import { feedbackHeadline } from '../../mini-app/src/lib/feedback-labels';
import { renderInApp } from './render-helpers';

const CODE = 'PA-2026-000123';

function renderAt(path: string, pattern: string, element: ReactNode) {
  return renderInApp(
    <Routes location={path}>
      <Route path={pattern} element={element} />
    </Routes>,
  );
}

function feedback(patch: Partial<FeedbackDetail> = {}): FeedbackDetail {
  return {
    code: CODE,
    channel: 'zalo_mini_app',
    category: null,
    unit: { code: 'SO-XD', name: 'Sở Xây dựng' },
    title: null,
    content: 'Đèn đường trước cổng trường tiểu học bị hỏng nhiều ngày, buổi tối rất tối.',
    status: 'received',
    statusLabel: 'Chờ tiếp nhận',
    published: false,
    receivedAt: '2026-03-02T08:15:00+07:00',
    dueAt: '2026-03-16T17:00:00+07:00',
    answeredAt: null,
    answer: null,
    rejectReason: null,
    closedAt: null,
    location: null,
    address: null,
    rating: null,
    ratingComment: null,
    contact: { name: null, phone: null, email: null },
    deadline: { state: 'on_track', workingDaysLeft: 8, overdueWorkingDays: null },
    timeline: [{ at: '2026-03-02T08:15:00+07:00', actor: 'Nguyễn Văn Dân', type: 'created', from: null, to: 'received', note: null }],
    attachments: [],
    ...patch,
  };
}

beforeEach(() => {
  mocks.store.clear();
  vi.clearAllMocks();
  mocks.clientConfig.mockResolvedValue({ oaId: null, devSignIn: false });
});
afterEach(cleanup);

describe('citizen home', () => {
  it('greets the citizen by name and offers the two main actions and staff linking', async () => {
    renderAt('/', '/', <CitizenHome />);
    expect(screen.getByText('Xin chào, Nguyễn Văn Dân!')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Gửi phản ánh' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Phản ánh của tôi' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Bạn là cán bộ? Liên kết tài khoản' })).toBeTruthy();
    await waitFor(() => expect(mocks.clientConfig).toHaveBeenCalled());
    // No OA configured: no follow button.
    expect(screen.queryByRole('button', { name: 'Quan tâm OA để nhận thông báo' })).toBeNull();
    expect(screen.queryByText('Bạn có bản nháp chưa gửi')).toBeNull();
  });

  it('shows an unsent draft, and the OA follow error in Vietnamese outside Zalo', async () => {
    mocks.store.set(DRAFT_KEY, JSON.stringify({ content: 'Cống thoát nước bị tắc', photoCount: 0 }));
    mocks.clientConfig.mockResolvedValue({ oaId: '4100000000000000001', devSignIn: false });
    mocks.followOfficialAccount.mockRejectedValue(new Error('Quan tâm Official Account chỉ dùng được trong ứng dụng Zalo'));
    renderAt('/', '/', <CitizenHome />);
    expect(screen.getByText('Bạn có bản nháp chưa gửi')).toBeTruthy();
    expect(screen.getByText('Cống thoát nước bị tắc')).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Quan tâm OA để nhận thông báo' }));
    expect(await screen.findByText('Quan tâm Official Account chỉ dùng được trong ứng dụng Zalo')).toBeTruthy();
    expect(mocks.followOfficialAccount).toHaveBeenCalledWith('4100000000000000001');
  });
});

describe('success screen', () => {
  it('shows the tracking code large, the working-day deadline and the next steps', () => {
    renderAt(`/feedback/sent/${CODE}`, '/feedback/sent/:code', <FeedbackSuccess />);
    expect(screen.getByTestId('tracking-code').textContent).toBe(CODE);
    expect(screen.getAllByText('Đã gửi phản ánh').length).toBeGreaterThan(0);
    expect(screen.getByText(/ngày làm việc/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Xem phản ánh' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Về trang chủ' })).toBeTruthy();
  });
});

describe('my feedback', () => {
  it('lists the items with code, summary, status and date', async () => {
    mocks.list.mockResolvedValue({
      items: [feedback(), feedback({ code: 'PA-2026-000124', title: 'Rác thải ven sông', status: 'needs_info' })],
      limit: 30,
      offset: 0,
    });
    renderAt('/feedback/mine', '/feedback/mine', <MyFeedback />);
    const first = await screen.findByRole('button', { name: /PA-2026-000123/ });
    expect(first.className).toContain('list-item');
    expect(within(first).getByText('Chờ tiếp nhận')).toBeTruthy();
    expect(within(first).getByText('Gửi ngày 02/03/2026 · Sở Xây dựng')).toBeTruthy();
    const second = screen.getByRole('button', { name: /PA-2026-000124/ });
    expect(within(second).getByText('Rác thải ven sông')).toBeTruthy();
    expect(within(second).getByText('Cơ quan đề nghị bạn bổ sung thông tin')).toBeTruthy();
    expect(within(second).getByText('Chờ bổ sung')).toBeTruthy();
  });

  it('summarises long content to 80 characters', () => {
    const s = feedbackHeadline({ title: null, content: 'x'.repeat(200) }, 80);
    expect(s).toBe(`${'x'.repeat(80)}…`);
    expect(feedbackHeadline({ title: '  Tiêu đề ', content: 'y' }, 80)).toBe('Tiêu đề');
  });

  it('has an empty state with a way to send one, and an error state with Thử lại', async () => {
    mocks.list.mockRejectedValueOnce(new ApiError(0, 'network', 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.'));
    mocks.list.mockResolvedValueOnce({ items: [], limit: 30, offset: 0 });
    renderAt('/feedback/mine', '/feedback/mine', <MyFeedback />);
    expect(await screen.findByText('Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    expect(await screen.findByText('Bạn chưa gửi phản ánh nào')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Gửi phản ánh' })).toBeTruthy();
  });
});

describe('feedback detail', () => {
  const renderDetail = () => renderAt(`/feedback/${CODE}`, '/feedback/:code', <FeedbackDetailPage />);

  it('shows the item, its photos from object URLs (revoked on leaving) and the timeline in Vietnamese', async () => {
    const revoke = vi.fn();
    URL.revokeObjectURL = revoke;
    mocks.fileObjectUrl.mockImplementation(async (path: string) => `blob:${path}`);
    mocks.get.mockResolvedValue(
      feedback({
        title: 'Đèn đường hỏng',
        attachments: [
          { id: 11, fileName: 'anh-1.jpg', mimeType: 'image/jpeg', size: 1000 },
          { id: 12, fileName: 'anh-2.jpg', mimeType: 'image/jpeg', size: 1000 },
        ],
        timeline: [
          { at: '2026-03-02T08:15:00+07:00', actor: 'Nguyễn Văn Dân', type: 'created', from: null, to: 'received', note: null },
          { at: '2026-03-03T09:00:00+07:00', actor: 'Trần Thị Xử Lý', type: 'accept', from: 'received', to: 'accepted', note: null },
        ],
      }),
    );
    const view = renderDetail();
    expect(screen.getByText('Đang tải…')).toBeTruthy();
    expect(await screen.findByText(CODE)).toBeTruthy();
    expect(screen.getByText('Sở Xây dựng')).toBeTruthy();
    expect(screen.getByText('16/03/2026')).toBeTruthy();
    expect(screen.getByText('Còn 8 ngày làm việc')).toBeTruthy();
    const img = (await screen.findByAltText('Ảnh của người phản ánh: ảnh 2')) as HTMLImageElement;
    expect(img.src).toBe(`blob:/api/v1/feedback/${CODE}/attachments/12`);
    const events = within(screen.getByRole('region', { name: 'Quá trình xử lý' })).getAllByRole('listitem');
    expect(events.map((e) => e.textContent)).toEqual([
      '08:15 02/03/2026 · Nguyễn Văn DânGửi phản ánh',
      '09:00 03/03/2026 · Trần Thị Xử LýTiếp nhận',
    ]);
    // Nothing to rate yet.
    expect(screen.queryByText('Đánh giá mức độ hài lòng')).toBeNull();
    view.unmount();
    expect(revoke).toHaveBeenCalledWith(`blob:/api/v1/feedback/${CODE}/attachments/11`);
    expect(revoke).toHaveBeenCalledWith(`blob:/api/v1/feedback/${CODE}/attachments/12`);
  });

  it('says in Vietnamese when it cannot load, with Thử lại', async () => {
    mocks.get.mockRejectedValueOnce(new ApiError(0, 'network', 'Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.'));
    mocks.get.mockResolvedValueOnce(feedback());
    renderDetail();
    expect(await screen.findByText('Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Thử lại' }));
    expect(await screen.findByText(CODE)).toBeTruthy();
  });

  it('offers no "Thử lại" where trying again cannot help (not found), only the way back', async () => {
    mocks.get.mockRejectedValueOnce(new ApiError(404, 'not_found', 'Không tìm thấy nội dung yêu cầu.'));
    renderDetail();
    expect(await screen.findByText('Không tìm thấy nội dung yêu cầu.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Thử lại' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Về danh sách phản ánh' })).toBeTruthy();
    expect(mocks.get).toHaveBeenCalledTimes(1);
  });

  it("shows the officer's request and sends the citizen's additional information", async () => {
    mocks.get.mockResolvedValueOnce(
      feedback({
        status: 'needs_info',
        dueAt: null,
        deadline: { state: 'paused', workingDaysLeft: null, overdueWorkingDays: null },
        timeline: [
          { at: '2026-03-02T08:15:00+07:00', actor: 'Nguyễn Văn Dân', type: 'created', from: null, to: 'received', note: null },
          { at: '2026-03-03T09:00:00+07:00', actor: 'Trần Thị Xử Lý', type: 'request_info', from: 'received', to: 'needs_info', note: 'Cho biết số nhà gần nhất?' },
          { at: '2026-03-04T09:00:00+07:00', actor: 'Trần Thị Xử Lý', type: 'request_info', from: 'received', to: 'needs_info', note: 'Xin cho biết số cột điện gần nhất.' },
        ],
      }),
    );
    mocks.get.mockResolvedValueOnce(feedback({ status: 'in_progress' }));
    mocks.act.mockResolvedValue(feedback({ status: 'in_progress' }));
    renderDetail();
    const request = await screen.findByRole('region', { name: 'Cơ quan đề nghị bạn bổ sung thông tin' });
    expect(within(request).getByText('Xin cho biết số cột điện gần nhất.')).toBeTruthy();
    fireEvent.click(within(request).getByRole('button', { name: 'Gửi thông tin bổ sung' }));
    expect(await within(request).findByText('Vui lòng nhập thông tin bổ sung hoặc thêm ảnh.')).toBeTruthy();
    fireEvent.change(within(request).getByLabelText('Thông tin bổ sung'), { target: { value: 'Cột điện số 15, trước nhà số 12.' } });
    // The check follows what is typed: with text there, its message has gone before anything is sent.
    expect(within(request).queryByText('Vui lòng nhập thông tin bổ sung hoặc thêm ảnh.')).toBeNull();
    expect(within(request).queryByRole('alert')).toBeNull();
    expect(within(request).getByText('32/4.000 ký tự')).toBeTruthy();
    fireEvent.click(within(request).getByRole('button', { name: 'Gửi thông tin bổ sung' }));
    await waitFor(() => expect(mocks.act).toHaveBeenCalledWith(CODE, 'provide_info', { note: 'Cột điện số 15, trước nhà số 12.' }));
    expect(mocks.attach).not.toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Cơ quan đề nghị bạn bổ sung thông tin' })).toBeNull());
    expect(screen.getByText('Đang xử lý')).toBeTruthy();
    expect(await screen.findByText('Đã gửi thông tin bổ sung')).toBeTruthy();
    expect(mocks.get).toHaveBeenCalledTimes(2);
  });

  it('shows the answer and takes a 1–5 star rating with a comment', async () => {
    const answered = feedback({
      status: 'answered',
      answer: 'Đơn vị đã thay bóng đèn ngày hôm nay.',
      answeredAt: '2026-03-05T10:00:00+07:00',
      deadline: { state: 'done', workingDaysLeft: null, overdueWorkingDays: null },
    });
    mocks.get.mockResolvedValueOnce(answered);
    mocks.get.mockResolvedValueOnce({ ...answered, rating: 4, ratingComment: 'Xử lý nhanh' });
    mocks.rate.mockResolvedValue({ ...answered, rating: 4 });
    renderDetail();
    const answer = await screen.findByRole('region', { name: 'Trả lời của cơ quan' });
    expect(within(answer).getByText('Đơn vị đã thay bóng đèn ngày hôm nay.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Gửi đánh giá' }));
    expect(await screen.findByText('Vui lòng chọn số sao (từ 1 đến 5).')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '4 sao' }));
    expect(['1 sao', '2 sao', '3 sao', '4 sao', '5 sao'].map((n) => screen.getByRole('button', { name: n }).getAttribute('aria-pressed'))).toEqual([
      'true',
      'true',
      'true',
      'true',
      'false',
    ]);
    fireEvent.change(screen.getByLabelText('Nhận xét'), { target: { value: 'Xử lý nhanh' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi đánh giá' }));
    expect(await screen.findByText('Bạn đã đánh giá 4/5 (Hài lòng)')).toBeTruthy();
    expect(mocks.rate).toHaveBeenCalledWith(CODE, 4, 'Xử lý nhanh');
    expect(screen.getByText('“Xử lý nhanh”')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Gửi đánh giá' })).toBeNull();
  });

  it('shows the reason of a rejection and offers no rating', async () => {
    mocks.get.mockResolvedValue(feedback({ status: 'rejected', rejectReason: 'Nội dung không thuộc thẩm quyền.', answeredAt: '2026-03-05T10:00:00+07:00' }));
    renderDetail();
    expect(await screen.findByText('Lý do: Nội dung không thuộc thẩm quyền.')).toBeTruthy();
    expect(screen.queryByText('Đánh giá mức độ hài lòng')).toBeNull();
  });
});
