// @vitest-environment jsdom
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FeedbackStatus } from '../../mini-app/src/api/types';
import {
  ACTION_LABELS,
  availableActions,
  canApply,
  emptyActionForm,
  eventLabel,
  serverFieldErrors,
  validateAction,
} from '../../mini-app/src/pages/officer/feedback-actions';
import { emptyMessage, filterFromParams, listQuery, paramsFromFilter } from '../../mini-app/src/pages/officer/inbox-filters';
import { feedbackHeadline } from '../../mini-app/src/lib/feedback-labels';
import { renderRoute } from './render-helpers';

const labels = (status: FeedbackStatus, published = false) => availableActions({ status, published }).map((a) => ACTION_LABELS[a]);

describe('officer actions per status (mirrors feedback-state.ts)', () => {
  it('offers "Tiếp nhận" on a new item, with the actions of any open item', () => {
    expect(labels('received')).toEqual(['Tiếp nhận', 'Trả lời', 'Yêu cầu bổ sung', 'Phân công', 'Chuyển đơn vị', 'Từ chối']);
  });

  it('offers "Bắt đầu xử lý" once accepted, and not "Tiếp nhận" again', () => {
    expect(labels('accepted')).toEqual(['Bắt đầu xử lý', 'Trả lời', 'Yêu cầu bổ sung', 'Phân công', 'Chuyển đơn vị', 'Từ chối']);
    expect(labels('in_progress')).toEqual(['Trả lời', 'Yêu cầu bổ sung', 'Phân công', 'Chuyển đơn vị', 'Từ chối']);
  });

  it('does not ask for more information twice while waiting for the citizen', () => {
    expect(labels('needs_info')).toEqual(['Trả lời', 'Phân công', 'Chuyển đơn vị', 'Từ chối']);
  });

  it('after the answer: publish or unpublish depending on the flag, and close', () => {
    expect(labels('answered')).toEqual(['Công khai', 'Đóng']);
    expect(labels('answered', true)).toEqual(['Thôi công khai', 'Đóng']);
    expect(labels('closed')).toEqual(['Công khai']);
    expect(labels('closed', true)).toEqual(['Thôi công khai']);
    expect(labels('rejected')).toEqual(['Đóng']);
  });

  it('never offers the citizen\'s provide_info, and agrees with the server table', () => {
    const statuses: FeedbackStatus[] = ['received', 'accepted', 'in_progress', 'needs_info', 'answered', 'closed', 'rejected'];
    for (const s of statuses) {
      for (const a of availableActions({ status: s, published: false })) expect(canApply(a, s)).toBe(true);
      expect(availableActions({ status: s, published: false })).not.toContain('provide_info');
    }
    expect(canApply('provide_info', 'needs_info')).toBe(true);
    expect(canApply('close', 'in_progress')).toBe(false);
  });
});

describe('action forms: Vietnamese validation', () => {
  const form = (patch: Partial<ReturnType<typeof emptyActionForm>>) => ({ ...emptyActionForm(), ...patch });

  it('requires the answer text', () => {
    expect(validateAction('answer', form({ answer: '   ' }))).toEqual({ ok: false, errors: { answer: 'Vui lòng nhập nội dung trả lời' } });
    expect(validateAction('answer', form({ answer: '  Đã sửa đèn đường.  ' }))).toEqual({ ok: true, body: { answer: 'Đã sửa đèn đường.' } });
    const tooLong = validateAction('answer', form({ answer: 'a'.repeat(20001) }));
    expect(tooLong.ok).toBe(false);
  });

  it('requires what the citizen must add, and a reason to reject', () => {
    expect(validateAction('request_info', form({}))).toEqual({ ok: false, errors: { note: 'Vui lòng nhập nội dung cần bổ sung' } });
    expect(validateAction('request_info', form({ note: 'Ảnh chụp vị trí' }))).toEqual({ ok: true, body: { note: 'Ảnh chụp vị trí' } });
    expect(validateAction('reject', form({}))).toEqual({ ok: false, errors: { reason: 'Vui lòng nhập lý do từ chối' } });
    expect(validateAction('reject', form({ reason: 'Không thuộc thẩm quyền' }))).toEqual({ ok: true, body: { reason: 'Không thuộc thẩm quyền' } });
  });

  it('transfer needs another unit and a reason', () => {
    expect(validateAction('transfer', form({}), { currentUnit: 'XA_A' })).toEqual({
      ok: false,
      errors: { unitCode: 'Vui lòng chọn đơn vị nhận', note: 'Vui lòng nhập lý do chuyển' },
    });
    const same = validateAction('transfer', form({ unitCode: 'XA_A', note: 'x' }), { currentUnit: 'XA_A' });
    expect(same.ok ? null : same.errors.unitCode).toBe('Phản ánh đang ở đơn vị này. Vui lòng chọn đơn vị khác.');
    expect(validateAction('transfer', form({ unitCode: 'XA_B', note: ' Thuộc thẩm quyền xã B ' }), { currentUnit: 'XA_A' })).toEqual({
      ok: true,
      body: { unitCode: 'XA_B', note: 'Thuộc thẩm quyền xã B' },
    });
  });

  it('assign needs an officer, sent as a number', () => {
    expect(validateAction('assign', form({}))).toEqual({ ok: false, errors: { assigneeUserId: 'Vui lòng chọn cán bộ được phân công' } });
    expect(validateAction('assign', form({ assigneeUserId: '12' }))).toEqual({ ok: true, body: { assigneeUserId: 12 } });
  });

  it('confirm-only actions send an empty body', () => {
    for (const a of ['accept', 'start', 'publish', 'unpublish', 'close'] as const) expect(validateAction(a, form({}))).toEqual({ ok: true, body: {} });
  });

  it('turns the server\'s English field errors into Vietnamese hints', () => {
    expect(serverFieldErrors([{ field: 'assigneeUserId', message: 'That person is not staff of the handling unit' }])).toEqual({
      assigneeUserId: 'Người này không phải cán bộ của đơn vị xử lý. Vui lòng chọn người khác.',
    });
    expect(serverFieldErrors([{ field: 'unknown', message: 'x' }])).toEqual({});
  });

  it('names timeline events in Vietnamese', () => {
    expect(eventLabel('request_info')).toBe('Yêu cầu bổ sung');
    expect(eventLabel('created')).toBe('Gửi phản ánh');
    expect(eventLabel('provide_info')).toBe('Bổ sung thông tin');
    expect(eventLabel('something_new')).toBe('Cập nhật');
  });
});

describe('inbox filters', () => {
  it('reads and writes the filter in the address', () => {
    const f = filterFromParams(new URLSearchParams('due=overdue&status=in_progress'));
    expect(f).toEqual({ tab: 'overdue', status: 'in_progress' });
    expect(paramsFromFilter(f)).toEqual({ due: 'overdue', status: 'in_progress' });
    expect(listQuery(f)).toEqual({ due: 'overdue', status: 'in_progress' });
    expect(filterFromParams(new URLSearchParams('due=bogus&status=nope'))).toEqual({ tab: 'all', status: undefined });
    expect(listQuery({ tab: 'all', status: undefined })).toEqual({});
  });

  it('says what is empty, per filter', () => {
    expect(emptyMessage({ tab: 'overdue', status: undefined })).toBe('Không có phản ánh quá hạn.');
    expect(emptyMessage({ tab: 'due_soon', status: undefined })).toBe('Không có phản ánh sắp đến hạn.');
    expect(emptyMessage({ tab: 'all', status: undefined })).toBe('Chưa có phản ánh nào.');
    expect(emptyMessage({ tab: 'all', status: 'needs_info' })).toBe('Không có phản ánh ở trạng thái “Chờ bổ sung”.');
    expect(emptyMessage({ tab: 'overdue', status: 'accepted' })).toBe('Không có phản ánh quá hạn ở trạng thái “Đã tiếp nhận”.');
  });

  it('shows the title, or the start of the content', () => {
    expect(feedbackHeadline({ title: 'Đèn đường hỏng', content: 'x' }, 89)).toBe('Đèn đường hỏng');
    const long = feedbackHeadline({ title: null, content: `${'Rác thải '.repeat(20)}` }, 89);
    expect(long.length).toBeLessThanOrEqual(90);
    expect(long.endsWith('…')).toBe(true);
  });
});

// ——— The feedback screen: buttons by status, and the answer sheet's check ———

const mocks = vi.hoisted(() => ({
  navigate: vi.fn(),
  api: {
    clientConfig: vi.fn(async () => ({ oaId: '123', devSignIn: false })),
    feedback: { list: vi.fn(), get: vi.fn(), act: vi.fn(), attach: vi.fn(), attachmentPath: (code: string, id: number) => `/f/${code}/${id}` },
    categories: vi.fn(async () => ({ categories: [{ code: 'moi_truong', name: 'Môi trường', description: null }] })),
    units: { staff: vi.fn(async () => ({ staff: [] })), list: vi.fn(async () => ({ units: [] })) },
  },
}));

vi.mock('zmp-ui', async (importOriginal) => ({ ...(await importOriginal<typeof import('zmp-ui')>()), useNavigate: () => mocks.navigate }));
vi.mock('../../mini-app/src/zalo', () => ({
  storage: { get: () => null, set: () => {}, remove: () => {}, getJson: () => null, setJson: () => {} },
  pickPhotos: vi.fn(async () => []),
  isInZalo: () => false,
  warmZaloSdk: () => {},
}));
vi.mock('../../mini-app/src/api/endpoints', () => ({ api: mocks.api }));
vi.mock('../../mini-app/src/auth/session-context', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../mini-app/src/auth/session-context')>()),
  useSession: () => ({
    me: { id: 7, name: 'Cán bộ A', roles: [{ unit: 'XA_A', unitName: 'UBND xã A', role: 'officer' }], oa: { lastInteractionAt: null, needsChat: true } },
  }),
}));

const item = (status: FeedbackStatus, patch: Record<string, unknown> = {}) => ({
  code: 'PA-2026-000123',
  channel: 'zalo_mini_app',
  category: 'moi_truong',
  unit: { code: 'XA_A', name: 'UBND xã A' },
  title: 'Rác thải ven đường',
  content: 'Rác thải tồn đọng nhiều ngày ở đầu thôn.',
  status,
  statusLabel: '',
  published: false,
  receivedAt: '2026-03-02T08:00:00+07:00',
  dueAt: '2026-03-20T17:00:00+07:00',
  answeredAt: null,
  answer: null,
  rejectReason: null,
  closedAt: null,
  location: null,
  address: 'Thôn 1, xã A',
  rating: null,
  ratingComment: null,
  contact: { name: 'Nguyễn Văn B', phone: '0912345678', email: null },
  deadline: { state: 'on_track', workingDaysLeft: 3, overdueWorkingDays: null },
  timeline: [{ at: '2026-03-02T08:00:00+07:00', actor: 'Người dân', type: 'created', from: null, to: 'received', note: null }],
  attachments: [],
  ...patch,
});

async function openFeedback() {
  const { default: OfficerFeedback } = await import('../../mini-app/src/pages/officer/officer-feedback');
  renderRoute('/officer/feedback/PA-2026-000123', '/officer/feedback/:code', <OfficerFeedback />);
}

async function renderFeedback() {
  await openFeedback();
  await screen.findByText('Rác thải tồn đọng nhiều ngày ở đầu thôn.');
}

describe('officer feedback screen', () => {
  afterEach(() => {
    cleanup();
    vi.clearAllMocks();
  });

  it('shows the details staff may see and only the actions of the status', async () => {
    mocks.api.feedback.get.mockResolvedValue(item('received'));
    await renderFeedback();
    expect(screen.getByText('Còn 3 ngày làm việc')).toBeTruthy();
    expect(screen.getByText('0912345678')).toBeTruthy();
    expect(screen.getByText('Zalo Mini App')).toBeTruthy();
    expect(await screen.findByText('Môi trường')).toBeTruthy();
    for (const name of ['Tiếp nhận', 'Trả lời', 'Yêu cầu bổ sung', 'Phân công', 'Chuyển đơn vị', 'Từ chối']) {
      expect(screen.getByRole('button', { name })).toBeTruthy();
    }
    expect(screen.queryByRole('button', { name: 'Bắt đầu xử lý' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Đóng' })).toBeNull();
  });

  it('checks the answer before sending, then sends it and reloads', async () => {
    mocks.api.feedback.get.mockResolvedValue(item('in_progress'));
    mocks.api.feedback.act.mockResolvedValue(item('answered'));
    await renderFeedback();
    fireEvent.click(screen.getByRole('button', { name: 'Trả lời' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Gửi trả lời' }));
    expect(await screen.findByText('Vui lòng nhập nội dung trả lời')).toBeTruthy();
    expect(mocks.api.feedback.act).not.toHaveBeenCalled();

    fireEvent.change(screen.getByLabelText('Nội dung trả lời'), { target: { value: 'Đã thu gom rác ngày 05/3.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Gửi trả lời' }));
    await waitFor(() => expect(mocks.api.feedback.act).toHaveBeenCalledWith('PA-2026-000123', 'answer', { answer: 'Đã thu gom rác ngày 05/3.' }));
    await waitFor(() => expect(mocks.api.feedback.get).toHaveBeenCalledTimes(2));
  });

  it('shows a load failure in Vietnamese with "Thử lại"', async () => {
    mocks.api.feedback.get.mockRejectedValueOnce(new Error('Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.'));
    mocks.api.feedback.get.mockResolvedValueOnce(item('answered', { published: true, answer: 'Đã xử lý.' }));
    await openFeedback();
    fireEvent.click(await screen.findByRole('button', { name: 'Thử lại' }));
    expect(await screen.findByRole('button', { name: 'Thôi công khai' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Đóng' })).toBeTruthy();
  });
});

describe('officer inbox', () => {
  afterEach(() => {
    cleanup();
    vi.clearAllMocks();
  });

  it('lists items with their deadline, filters by tab, and says when a filter is empty', async () => {
    mocks.api.feedback.list.mockImplementation(async (q: { due?: string }) => ({
      items: q.due === 'overdue' ? [] : [item('in_progress')],
      limit: 50,
      offset: 0,
    }));
    const { default: OfficerInbox } = await import('../../mini-app/src/pages/officer/officer-inbox');
    renderRoute('/officer', '/officer', <OfficerInbox />);
    const open = await screen.findByRole('button', { name: /PA-2026-000123/ });
    expect(open.textContent).toContain('Rác thải ven đường');
    expect(open.textContent).toContain('Còn 3 ngày làm việc');
    expect(open.textContent).toContain('UBND xã A');
    expect(open.textContent).toContain('Nhận ngày 02/03/2026');
    expect(await screen.findByRole('button', { name: 'Nhắn tin cho OA' })).toBeTruthy();
    fireEvent.click(open);
    expect(mocks.navigate).toHaveBeenCalledWith('/officer/feedback/PA-2026-000123');

    fireEvent.click(screen.getByText('Quá hạn'));
    expect(await screen.findByText('Không có phản ánh quá hạn.')).toBeTruthy();
    expect(mocks.api.feedback.list).toHaveBeenLastCalledWith({ due: 'overdue', limit: 50 });
  });
});
