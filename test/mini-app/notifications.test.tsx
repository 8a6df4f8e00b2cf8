// @vitest-environment jsdom
// The notification centre in the mini app: the unread badge (bottom bar and citizen home), the list, read marks,
// and the inbox's "Mới" / "Công dân đã bổ sung" marks, against a mocked server.
import { act, cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useLocation } from 'zmp-ui';
import type { Me, NotificationItem } from '../../mini-app/src/api/types';
import { renderInApp } from './render-helpers';

const api = vi.hoisted(() => ({
  notifications: vi.fn(),
  notificationRead: vi.fn(),
  notificationsReadAll: vi.fn(),
  // The citizen home's "follow the OA" card asks for it.
  clientConfig: vi.fn(async () => ({ oaId: null, devSignIn: false })),
}));
vi.mock('../../mini-app/src/api/endpoints', () => ({ api }));
configure({ asyncUtilTimeout: 5000 });

const session = vi.hoisted(() => ({ me: null as Me | null }));
vi.mock('../../mini-app/src/auth/session-context', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../mini-app/src/auth/session-context')>()),
  useSession: () => ({ status: 'signed-in', me: session.me, error: null }),
}));
// The staff bar also sends DTI updates kept offline; not what these tests look at.
vi.mock('../../mini-app/src/pages/officer/dti-outbox-store', () => ({ useDtiOutboxSync: () => undefined }));

const { default: Notifications, notificationTarget } = await import('../../mini-app/src/pages/common/notifications');
const { default: CitizenHome } = await import('../../mini-app/src/pages/citizen/citizen-home');
const { StaffNav } = await import('../../mini-app/src/components/staff-nav');
const { ReadMarks } = await import('../../mini-app/src/pages/officer/read-marks');
const { resetUnreadForTests, UNREAD_POLL_MS } = await import('../../mini-app/src/components/unread-count');

const citizen: Me = { id: 1, name: 'Nguyễn Văn Dân', roles: [], oa: { lastInteractionAt: null, needsChat: false } };
const officer: Me = {
  id: 2,
  name: 'Cán bộ',
  roles: [{ unit: 'SO-XD', unitName: 'Sở Xây dựng', role: 'officer' }],
  oa: { lastInteractionAt: null, needsChat: false },
};

const note = (id: number, over: Partial<NotificationItem> = {}): NotificationItem => ({
  id,
  kind: 'request_info',
  purpose: 'notification',
  text: `Để giải quyết phản ánh PA-2026-00000${id}, cơ quan xử lý cần bạn bổ sung thông tin.`,
  feedbackId: id,
  feedbackCode: `PA-2026-00000${id}`,
  createdAt: '2026-03-02T09:00:00.000+07:00',
  readAt: null,
  deliveredOnZalo: false,
  ...over,
});

function Where() {
  return <output data-testid="where">{useLocation().pathname}</output>;
}
const renderScreen = (node: ReactNode) =>
  renderInApp(
    <>
      {node}
      <Where />
    </>,
  );

/** The count alone (limit=0) answers `unread`; a page answers `items` too. */
function serve(items: NotificationItem[]) {
  let unread = items.filter((n) => !n.readAt).length;
  api.notifications.mockImplementation(async (q?: { limit?: number }) => ({ items: q?.limit === 0 ? [] : items, unread }));
  api.notificationRead.mockImplementation(async (id: number) => {
    unread = Math.max(0, unread - 1);
    return { id, readAt: '2026-03-02T10:00:00.000+07:00', unread };
  });
  api.notificationsReadAll.mockImplementation(async () => {
    const marked = unread;
    unread = 0;
    return { marked, unread };
  });
  return { setUnread: (n: number) => (unread = n) };
}

beforeEach(() => {
  resetUnreadForTests();
  vi.clearAllMocks();
  api.clientConfig.mockResolvedValue({ oaId: null, devSignIn: false });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('unread badge', () => {
  it("shows the citizen's unread count on the home's bell, and nothing once all is read", async () => {
    session.me = citizen;
    const server = serve([note(1), note(2)]);
    renderScreen(<CitizenHome />);
    const bell = await screen.findByRole('button', { name: 'Thông báo, 2 chưa đọc' });
    const badge = within(bell).getByTestId('unread-badge');
    expect(badge.textContent).toBe('2');
    expect(badge.scrollWidth).toBeLessThanOrEqual(badge.clientWidth);
    expect(api.notifications).toHaveBeenCalledWith({ limit: 0 });

    // Coming back to the app asks again.
    server.setUnread(0);
    act(() => void window.dispatchEvent(new Event('focus')));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Thông báo' })).toBeTruthy());
    expect(screen.queryByTestId('unread-badge')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Thông báo' }));
    expect(screen.getByTestId('where').textContent).toBe('/notifications');
  });

  it('puts the count on the staff bar, polls it every 60 s, and shows 99+ past 99', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    session.me = officer;
    const server = serve([note(1)]);
    renderScreen(<StaffNav />);
    await waitFor(() => expect(screen.getByTestId('unread-badge').textContent).toBe('1'));
    // Officers have their own alerts tab too.
    expect(screen.getByText('Cảnh báo')).toBeTruthy();
    expect(screen.getByText('Thông báo')).toBeTruthy();
    server.setUnread(150);
    await act(async () => {
      vi.advanceTimersByTime(UNREAD_POLL_MS);
    });
    await waitFor(() => expect(screen.getByTestId('unread-badge').textContent).toBe('99+'));
    expect(screen.getByTestId('unread-badge').getAttribute('aria-label')).toBe('150 thông báo chưa đọc');
  });
});

describe('notification list', () => {
  it('styles unread items, marks one read when tapped and opens the item on the citizen screen', async () => {
    session.me = citizen;
    serve([note(2), note(1, { readAt: '2026-03-01T10:00:00.000+07:00', kind: 'accept', text: 'Phản ánh PA-2026-000001 đã được tiếp nhận.' })]);
    renderScreen(<Notifications />);
    const items = await screen.findAllByTestId('notification-item');
    expect(items).toHaveLength(2);
    expect(items[0]!.className).toContain('unread');
    expect(items[0]!.getAttribute('aria-label')).toMatch(/^Chưa đọc: /);
    expect(items[1]!.className).not.toContain('unread');
    fireEvent.click(items[0]!);
    await waitFor(() => expect(api.notificationRead).toHaveBeenCalledWith(2));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/feedback/PA-2026-000002'));
    // A read item opens without another read call.
    api.notificationRead.mockClear();
    fireEvent.click(screen.getAllByTestId('notification-item')[1]!);
    expect(api.notificationRead).not.toHaveBeenCalled();
  });

  it('marks everything read at once, and says so', async () => {
    session.me = officer;
    serve([note(3, { kind: 'provide_info' }), note(4, { kind: 'overdue', purpose: 'alert' })]);
    renderScreen(<Notifications />);
    const button = await screen.findByRole('button', { name: 'Đánh dấu đã đọc tất cả' });
    await waitFor(() => expect(screen.getByTestId('unread-badge').textContent).toBe('2'));
    fireEvent.click(button);
    await waitFor(() => expect(api.notificationsReadAll).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.getAllByTestId('notification-item').every((b) => !b.className.includes('unread'))).toBe(true));
    expect(screen.queryByRole('button', { name: 'Đánh dấu đã đọc tất cả' })).toBeNull();
    expect(screen.queryByTestId('unread-badge')).toBeNull();
    expect(await screen.findByText('Đã đánh dấu đã đọc tất cả')).toBeTruthy();
  });

  it('says when there is nothing', async () => {
    session.me = citizen;
    serve([]);
    renderScreen(<Notifications />);
    expect(await screen.findByText('Chưa có thông báo nào')).toBeTruthy();
  });

  it('leads staff to the officer screen of an item, and DTI notices to DTI', () => {
    expect(notificationTarget({ feedbackCode: 'PA-2026-000009', kind: 'provide_info' }, true, false)).toBe('/officer/feedback/PA-2026-000009');
    expect(notificationTarget({ feedbackCode: 'PA-2026-000009', kind: 'answer' }, false, false)).toBe('/feedback/PA-2026-000009');
    expect(notificationTarget({ feedbackCode: null, kind: 'dti_reminder' }, true, false)).toBe('/officer/dti');
    expect(notificationTarget({ feedbackCode: null, kind: 'digest' }, true, true)).toBe('/leader');
    expect(notificationTarget({ feedbackCode: null, kind: 'digest' }, false, false)).toBeNull();
  });
});

describe('inbox read marks', () => {
  it('says "Mới" and "Công dân đã bổ sung" only when they are true', () => {
    renderInApp(
      <>
        <div data-testid="a"><ReadMarks item={{ isNew: true, citizenReplied: false }} /></div>
        <div data-testid="b"><ReadMarks item={{ isNew: false, citizenReplied: true }} /></div>
        <div data-testid="c"><ReadMarks item={{ isNew: false, citizenReplied: false }} /></div>
      </>,
    );
    expect(screen.getByTestId('a').textContent).toBe('Mới');
    expect(screen.getByTestId('b').textContent).toBe('Công dân đã bổ sung');
    expect(screen.getByTestId('c').textContent).toBe('');
  });
});
