// @vitest-environment jsdom
// The dashboard and the alerts screen rendered with a mocked server (chart.js is replaced: jsdom has no canvas).
import { cleanup, configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Route, Routes } from 'react-router-dom';
import { useLocation } from 'zmp-ui';
import type { CompletenessReport, IndicatorReport, Me, MonthlyIndicators } from '../../mini-app/src/api/types';
import { onTime as ot, satisfaction as sat } from './indicator-fixtures';
import { renderInApp } from './render-helpers';

const api = vi.hoisted(() => ({
  indicators: { feedback: vi.fn(), monthly: vi.fn(), downloadXlsx: vi.fn(), units: vi.fn(), items: vi.fn() },
  feedback: { list: vi.fn(), get: vi.fn() },
  notifications: vi.fn(),
  dti: { sets: vi.fn(), periods: vi.fn(), completeness: vi.fn() },
}));
vi.mock('../../mini-app/src/api/endpoints', () => ({ api }));

// The first render loads zmp-ui and the screen's modules, slow when the suite runs in parallel.
configure({ asyncUtilTimeout: 5000 });

const session = vi.hoisted(() => ({ me: null as Me | null }));
vi.mock('../../mini-app/src/auth/session-context', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../mini-app/src/auth/session-context')>()),
  useSession: () => ({ status: 'signed-in', me: session.me, error: null }),
}));

vi.mock('../../mini-app/src/pages/leader/on-time-chart', () => ({
  default: ({ summary }: { summary: string }) => <div role="img" aria-label={summary} data-testid="chart" />,
}));

const { default: LeaderDashboard } = await import('../../mini-app/src/pages/leader/leader-dashboard');
const { default: LeaderAlerts } = await import('../../mini-app/src/pages/leader/leader-alerts');
const { default: LeaderFeedback } = await import('../../mini-app/src/pages/leader/leader-feedback');

const leaderOf = (...units: [string, string][]): Me => ({
  id: 1,
  name: 'Lãnh đạo',
  roles: units.map(([unit, unitName]) => ({ unit, unitName, role: 'leader' as const })),
  oa: { lastInteractionAt: null, needsChat: false },
});

function Where() {
  return <output data-testid="where">{useLocation().pathname + useLocation().search}</output>;
}

function renderScreen(node: ReactNode) {
  return renderInApp(
    <>
      {node}
      <Where />
    </>,
  );
}


const report: IndicatorReport = {
  from: '2026-04-01',
  to: '2026-06-30',
  asOf: '2026-05-20T09:00:00.000+07:00',
  unit: 'HUYEN',
  onTime: [ot('3.1', 1, 1, 0), ot('3.2', 0, 0, 0), ot('3.3', 17, 3, 4), ot('3.4', 0, 0, 1), ot('all', 18, 4, 5)],
  satisfaction: [sat('4.1', 10, 9, 4.5), sat('4.2', 2, 1, 3), sat('all', 12, 10, 4.25)],
};
const monthly: MonthlyIndicators = {
  from: '2026-04-01',
  to: '2026-05-20',
  unit: 'HUYEN',
  months: [{ month: '2026-04', from: '2026-04-01', to: '2026-04-30', onTime: report.onTime, satisfaction: [] }],
};

const completeness: CompletenessReport = {
  set: { code: 'BK-2026', name: 'Bộ chỉ số DTI 2026' },
  period: { code: '2026-Q2', dueOn: '2026-06-15' },
  scored: true,
  indices: [{ code: 'I', name: 'Chuyển đổi nhận thức', maxPoints: 20, scored: true }],
  maxTotal: 20,
  rows: [
    {
      unit: { code: 'HUYEN', name: 'Huyện Pác Nặm', level: 'district' },
      expected: 20,
      submitted: 15,
      onTime: 12,
      missing: 5,
      approved: 10,
      rate: 0.75,
      onTimeRate: 0.6,
      indices: [{ code: 'I', points: 10, estimatedPoints: 12.5, maxPoints: 20 }],
      total: 10,
      estimatedTotal: 12.5,
      maxTotal: 20,
    },
  ],
  totals: { expected: 20, submitted: 15, onTime: 12, late: 3, approved: 10, missing: 5 },
};

beforeEach(() => {
  session.me = leaderOf(['HUYEN', 'Huyện Pác Nặm']);
  api.indicators.feedback.mockResolvedValue(report);
  api.indicators.monthly.mockResolvedValue(monthly);
  api.indicators.downloadXlsx.mockResolvedValue(undefined);
  api.indicators.units.mockResolvedValue({
    units: [
      { unit: { code: 'HUYEN', name: 'Huyện Pác Nặm' }, total: 10, onTime: 9, late: 1, overdue: 0, pending: 0, rate: 0.9 },
      { unit: { code: 'XA_B', name: 'Xã Bằng Thành' }, total: 10, onTime: 4, late: 4, overdue: 2, pending: 2, rate: 0.5 },
    ],
  });
  api.feedback.list.mockImplementation(async (q: { due: string }) => ({
    items:
      q.due === 'overdue'
        ? [
            {
              code: 'PA-2026-000123',
              title: 'Đèn đường hỏng',
              content: 'Đèn đường thôn Nà Lằng hỏng đã lâu',
              unit: { code: 'XA_B', name: 'Xã Bằng Thành' },
              deadline: { state: 'overdue', workingDaysLeft: null, overdueWorkingDays: 2 },
            },
          ]
        : [],
    limit: 5,
    offset: 0,
  }));
  api.dti.sets.mockResolvedValue({ sets: [{ code: 'BK-2026', name: 'Bộ chỉ số DTI 2026', year: 2026 }] });
  api.dti.periods.mockResolvedValue({
    periods: [{ code: '2026-Q2', kind: 'quarter', startsOn: '2026-04-01', endsOn: '2026-06-30', dueOn: '2026-06-15', locked: false }],
  });
  api.dti.completeness.mockResolvedValue(completeness);
});

afterEach(() => {
  cleanup();
  vi.clearAllMocks();
});

describe('leader dashboard', () => {
  it('shows the indicator cards, the chart with its words, the overdue list and the DTI completeness', async () => {
    renderScreen(<LeaderDashboard />);
    const zalo = await screen.findByTestId('indicator-3.3');
    expect(zalo.textContent).toContain('85,0%');
    expect(zalo.textContent).toContain('17 đúng hạn trên 20 đã đến hạn hoặc đã trả lời');
    expect(within(zalo).getByRole('button', { name: 'Còn trong hạn, chưa trả lời: 4. Xem danh sách' })).toBeTruthy();
    expect(within(zalo).getByRole('button', { name: 'Quá hạn: 3. Xem danh sách' })).toBeTruthy();
    expect(screen.getByTestId('indicator-4.1').textContent).toContain('Điểm trung bình 4,5/5');
    expect(screen.getByTestId('indicator-all').textContent).toContain('10 hài lòng trên 12 lượt đánh giá');
    expect(screen.getByTestId('indicator-3.2').textContent).toContain('—');

    // One leader unit: no unit picker, and the server is asked for that unit.
    expect(api.indicators.feedback).toHaveBeenCalledWith(expect.objectContaining({ unit: 'HUYEN' }));
    expect(screen.queryByText('Đơn vị')).toBeNull();
    expect(screen.getByText('Đơn vị: Huyện Pác Nặm và các đơn vị trực thuộc')).toBeTruthy();

    const chart = await screen.findByTestId('chart');
    expect(chart.getAttribute('aria-label')).toContain('3.3 Zalo — T4/2026: 85,0%');
    expect(screen.getByText('Xem bảng số liệu theo tháng')).toBeTruthy();

    const overdue = await screen.findByRole('button', { name: /PA-2026-000123/ });
    expect(within(overdue).getByText('Quá hạn 2 ngày làm việc')).toBeTruthy();
    fireEvent.click(overdue);
    // A leader opens the read-only view, not the officer's screen with its actions.
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/leader/feedback/PA-2026-000123'));
    expect(screen.getByText('Không có phản ánh nào sắp đến hạn.')).toBeTruthy();

    const dti = await screen.findByTestId('dti-completeness');
    expect(dti.textContent).toContain('đã gửi 15/20 chỉ số (75,0%)');
    expect(dti.textContent).toContain('còn thiếu 5 chỉ số');
    expect(dti.textContent).toContain('12,5 / 20 điểm');
    expect(api.dti.completeness).toHaveBeenCalledWith({ set: 'BK-2026', period: '2026-Q2', unit: 'HUYEN' });
    // The unit missing DTI values is named.
    expect(within(screen.getByTestId('dti-missing-units')).getByText('Huyện Pác Nặm')).toBeTruthy();
    expect(api.dti.sets).toHaveBeenCalledWith('HUYEN');
  });

  it('puts what needs action first: overdue items and missing DTI values, then the ranking, then the figures', async () => {
    renderScreen(<LeaderDashboard />);
    await screen.findByTestId('indicator-3.3');
    await screen.findByTestId('unit-ranking');
    const headings = screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent);
    expect(headings.slice(0, 4)).toEqual(['Phản ánh quá hạn', 'Sắp đến hạn', 'Số liệu DTI cần gửi', 'Xếp hạng đơn vị']);
    expect(headings.indexOf('Tỷ lệ xử lý đúng hạn')).toBeGreaterThan(3);
    // Most overdue first.
    const ranked = within(screen.getByTestId('unit-ranking')).getAllByRole('listitem').map((li) => li.querySelector('.ranking-name')?.textContent);
    expect(ranked).toEqual(['Xã Bằng Thành', 'Huyện Pác Nặm']);
  });

  it('ranks a unit that only misses DTI values, with its count, from the DTI section\'s set and period', async () => {
    api.dti.completeness.mockResolvedValue({
      ...completeness,
      rows: [
        ...completeness.rows,
        { ...completeness.rows[0]!, unit: { code: 'NS-VP', name: 'Văn phòng HĐND-UBND huyện Ninh Sơn', level: 'district' }, missing: 7 },
      ],
    });
    renderScreen(<LeaderDashboard />);
    const ranking = await screen.findByTestId('unit-ranking');
    const rows = within(ranking).getAllByRole('listitem');
    expect(rows.map((li) => li.querySelector('.ranking-name')?.textContent)).toEqual([
      'Xã Bằng Thành',
      'Huyện Pác Nặm',
      'Văn phòng HĐND-UBND huyện Ninh Sơn',
    ]);
    // Only its DTI values: no on-time rate of feedback it never had.
    expect(rows[2]!.textContent).toContain('còn thiếu 7 chỉ số DTI');
    expect(rows[2]!.textContent).not.toContain('đúng hạn');
    expect(rows[1]!.textContent).toContain('đúng hạn 90,0% (9/10) · còn thiếu 5 chỉ số DTI');
    expect(rows[0]!.textContent).not.toContain('chỉ số DTI');
    expect(screen.getByText(/rồi đến đơn vị còn thiếu nhiều chỉ số DTI nhất \(Quý 2\/2026\)/)).toBeTruthy();
    // The same set and period as the DTI section.
    for (const call of api.dti.completeness.mock.calls) expect(call[0]).toEqual({ set: 'BK-2026', period: '2026-Q2', unit: 'HUYEN' });
  });

  it('still ranks by feedback when the DTI part fails, and says so', async () => {
    api.dti.completeness.mockRejectedValue(new Error('Máy chủ đang gặp sự cố. Vui lòng thử lại sau.'));
    renderScreen(<LeaderDashboard />);
    const note = await screen.findByTestId('ranking-dti-error');
    expect(note.textContent).toContain('Chưa tải được số liệu DTI, nên xếp hạng chỉ tính phản ánh.');
    const ranked = within(screen.getByTestId('unit-ranking')).getAllByRole('listitem');
    expect(ranked.map((li) => li.querySelector('.ranking-name')?.textContent)).toEqual(['Xã Bằng Thành', 'Huyện Pác Nặm']);
    expect(ranked[1]!.textContent).not.toContain('chỉ số DTI');
  });

  it('a figure opens the list of the items behind it', async () => {
    renderScreen(<LeaderDashboard />);
    const zalo = await screen.findByTestId('indicator-3.3');
    fireEvent.click(within(zalo).getByRole('button', { name: 'Quá hạn: 3. Xem danh sách' }));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toMatch(/^\/leader\/items\?/));
    const where = new URLSearchParams(screen.getByTestId('where').textContent!.split('?')[1]);
    expect(Object.fromEntries(where)).toMatchObject({ code: '3.3', bucket: 'late', unit: 'HUYEN' });
  });

  it('downloads the Excel and says so plainly when it fails', async () => {
    renderScreen(<LeaderDashboard />);
    await screen.findByTestId('indicator-3.3');
    api.indicators.downloadXlsx.mockRejectedValueOnce(new Error('Không kết nối được máy chủ. Vui lòng kiểm tra mạng và thử lại.'));
    fireEvent.click(screen.getByRole('button', { name: 'Tải Excel' }));
    const alert = await screen.findByText(/Không tải được tệp Excel/);
    expect(alert.textContent).toContain('Không kết nối được máy chủ');
    expect(api.indicators.downloadXlsx).toHaveBeenCalledWith(expect.objectContaining({ unit: 'HUYEN' }));
  });

  it('shows an error with "Thử lại" per section and recovers', async () => {
    api.indicators.feedback.mockRejectedValueOnce(new Error('Máy chủ đang gặp sự cố. Vui lòng thử lại sau.'));
    renderScreen(<LeaderDashboard />);
    expect(await screen.findByText('Máy chủ đang gặp sự cố. Vui lòng thử lại sau.')).toBeTruthy();
    fireEvent.click(screen.getAllByRole('button', { name: 'Thử lại' })[0]!);
    expect(await screen.findByTestId('indicator-3.3')).toBeTruthy();
  });

  it('asks a leader of several units which unit, defaulting to the first', async () => {
    session.me = leaderOf(['XA_B', 'Xã Bằng Thành'], ['HUYEN', 'Huyện Pác Nặm']);
    renderScreen(<LeaderDashboard />);
    await screen.findByTestId('indicator-3.3');
    expect(screen.getByLabelText('Đơn vị')).toBeTruthy();
    expect(api.indicators.feedback).toHaveBeenCalledWith(expect.objectContaining({ unit: 'HUYEN' }));
  });

  it('says when the period has no feedback', async () => {
    api.indicators.feedback.mockResolvedValue({ ...report, onTime: [ot('all', 0, 0, 0)], satisfaction: [] });
    renderScreen(<LeaderDashboard />);
    expect(await screen.findByText('Chưa có phản ánh nào trong kỳ này.')).toBeTruthy();
  });
});

describe('leader alerts', () => {
  it('lists alerts newest first with their line breaks, delivery and a way to the item', async () => {
    api.notifications.mockResolvedValue({
      items: [
        { id: 1, purpose: 'alert', text: 'Cũ', feedbackId: null, createdAt: '2026-05-01T08:00:00+07:00', deliveredOnZalo: false },
        {
          id: 2,
          purpose: 'alert',
          text: 'Quá hạn: phản ánh PA-2026-000123 của Xã Bằng Thành.\nĐề nghị xử lý ngay.',
          feedbackId: 9,
          createdAt: '2026-05-20T08:05:00+07:00',
          deliveredOnZalo: true,
        },
      ],
    });
    renderScreen(<LeaderAlerts />);
    const items = await screen.findAllByTestId('alert-item');
    expect(items).toHaveLength(2);
    const newest = items[0]!;
    expect(newest.querySelector('.preserve-lines')?.textContent).toBe('Quá hạn: phản ánh PA-2026-000123 của Xã Bằng Thành.\nĐề nghị xử lý ngay.');
    expect(within(newest).getByText('Đã gửi qua Zalo')).toBeTruthy();
    expect(within(newest).getByText('08:05 20/05/2026')).toBeTruthy();
    expect(within(items[1]!).getByText('Chưa gửi qua Zalo')).toBeTruthy();
    expect(within(items[1]!).queryByRole('button', { name: 'Xem phản ánh' })).toBeNull();
    fireEvent.click(within(newest).getByRole('button', { name: 'Xem phản ánh' }));
    // A leader opens the read-only view, not the officer's screen with its actions.
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/leader/feedback/PA-2026-000123'));
  });

  it('says when there is nothing yet', async () => {
    api.notifications.mockResolvedValue({ items: [] });
    renderScreen(<LeaderAlerts />);
    expect(await screen.findByText('Chưa có cảnh báo nào')).toBeTruthy();
  });
});

describe('leader item', () => {
  const ANSWER = 'Đơn vị đã thay bóng đèn.\nCảm ơn ông/bà.';
  it('shows the history read-only: each step, the status it moved to and its note; the answer only once, in its card', async () => {
    api.feedback.get.mockResolvedValue({
      code: 'PA-2026-000123',
      channel: 'dvc_portal',
      category: 'ha-tang',
      unit: { code: 'XA_B', name: 'Xã Bằng Thành' },
      title: 'Đèn đường hỏng',
      content: 'Đèn đường thôn Nà Lằng hỏng đã lâu',
      status: 'answered',
      published: false,
      receivedAt: '2026-04-02T08:00:00+07:00',
      dueAt: '2026-04-23T17:00:00+07:00',
      answeredAt: '2026-04-10T09:00:00+07:00',
      answer: ANSWER,
      rejectReason: null,
      rating: null,
      ratingComment: null,
      contact: { name: null, phone: null, email: null },
      deadline: { state: 'done', workingDaysLeft: null, overdueWorkingDays: null },
      attachments: [],
      timeline: [
        { at: '2026-04-02T08:00:00+07:00', actor: 'Nguyễn Văn Dân', type: 'created', from: null, to: 'received', note: null },
        { at: '2026-04-03T09:00:00+07:00', actor: 'Trần Thị Xử Lý', type: 'request_info', from: 'received', to: 'needs_info', note: 'Cho biết số cột điện?\nỞ đầu hay cuối thôn?' },
        { at: '2026-04-10T09:00:00+07:00', actor: 'Trần Thị Xử Lý', type: 'answer', from: 'needs_info', to: 'answered', note: ANSWER },
      ],
    });
    // zmp-ui's useNavigate needs its router; the item's code comes from the route.
    renderInApp(
      <Routes location="/leader/feedback/PA-2026-000123">
        <Route path="/leader/feedback/:code" element={<LeaderFeedback />} />
      </Routes>,
    );
    const history = await screen.findByRole('region', { name: 'Quá trình xử lý' });
    const steps = within(history).getAllByRole('listitem');
    expect(steps.map((li) => li.querySelector('strong')?.textContent)).toEqual(['Gửi phản ánh', 'Yêu cầu bổ sung', 'Trả lời']);
    expect(steps[0]!.textContent).toContain('08:00 02/04/2026 · Nguyễn Văn Dân');
    expect(steps[1]!.textContent).toContain('Chờ tiếp nhận → Chờ bổ sung');
    expect(steps[1]!.querySelector('.pre-wrap')?.textContent).toBe('Cho biết số cột điện?\nỞ đầu hay cuối thôn?');
    // The answer is in "Kết quả xử lý"; the history names the step without repeating its text.
    expect(steps[2]!.textContent).not.toContain('Đơn vị đã thay bóng đèn');
    expect(within(screen.getByRole('region', { name: 'Kết quả xử lý' })).getByText(/Đơn vị đã thay bóng đèn/)).toBeTruthy();
    expect(screen.getByTestId('read-only-note')).toBeTruthy();
  });
});
