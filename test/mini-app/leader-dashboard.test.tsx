// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { CompletenessReport, DtiPeriod, IndicatorReport, MonthlyIndicators, OnTimeIndicator, UnitStanding } from '../../mini-app/src/api/types';
import { completenessSummary, formatPoints } from '../../mini-app/src/pages/leader/completeness-summary';
import { onTimeCards, onTimeOverall, satisfactionCards } from '../../mini-app/src/pages/leader/indicator-cards';
import {
  ALL_UNITS,
  chartRange,
  dayBefore,
  dtiPeriodLabel,
  periodCodeLabel,
  periodOptions,
  pickDtiPeriod,
  pickDtiSet,
  unitOptions,
} from '../../mini-app/src/pages/leader/leader-periods';
import { chartSummary, chartValue, monthLabel, monthlySeries } from '../../mini-app/src/pages/leader/monthly-series';
import { alertFeedbackCode, newestFirst, validateReturnComment } from '../../mini-app/src/pages/leader/review-rules';
import { rankUnits, unitsMissingDti } from '../../mini-app/src/pages/leader/unit-ranking';
import { onTime, satisfaction } from './indicator-fixtures';

describe('period options', () => {
  it('offers this quarter, the three before it and this year', () => {
    const options = periodOptions('2026-05-20');
    expect(options.map((o) => o.label)).toEqual(['Quý này (Quý 2/2026)', 'Quý 1/2026', 'Quý 4/2025', 'Quý 3/2025', 'Năm nay (2026)']);
    expect(options[0]).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
    expect(options[2]).toMatchObject({ from: '2025-10-01', to: '2025-12-31' });
    expect(options[4]).toMatchObject({ from: '2026-01-01', to: '2026-12-31' });
    expect(new Set(options.map((o) => o.key)).size).toBe(options.length);
  });

  it('steps back over a leap day and a year end', () => {
    expect(dayBefore('2024-03-01')).toBe('2024-02-29');
    expect(dayBefore('2026-01-01')).toBe('2025-12-31');
    expect(periodOptions('2026-01-01')[1]).toMatchObject({ label: 'Quý 4/2025', from: '2025-10-01', to: '2025-12-31' });
  });

  it('cuts the chart at today so months to come are not drawn', () => {
    expect(chartRange({ from: '2026-01-01', to: '2026-12-31' }, '2026-05-20')).toEqual({ from: '2026-01-01', to: '2026-05-20' });
    expect(chartRange({ from: '2025-10-01', to: '2025-12-31' }, '2026-05-20')).toEqual({ from: '2025-10-01', to: '2025-12-31' });
  });

  it('lets admins pick every unit and sorts units by their Vietnamese names', () => {
    const units = [
      { code: 'XA_B', name: 'Xã Bằng Thành' },
      { code: 'HUYEN', name: 'Huyện Pác Nặm' },
    ];
    expect(unitOptions(units, false).map((u) => u.code)).toEqual(['HUYEN', 'XA_B']);
    expect(unitOptions(units, true)[0]).toEqual({ code: ALL_UNITS, name: 'Tất cả đơn vị' });
  });
});

describe('indicator cards', () => {
  const report: IndicatorReport = {
    from: '2026-04-01',
    to: '2026-06-30',
    asOf: '2026-05-20T09:00:00.000+07:00',
    unit: null,
    onTime: [onTime('3.1', 8, 2, 1), onTime('3.3', 17, 3, 4), onTime('3.4', 0, 0, 2), onTime('all', 25, 5, 7)],
    satisfaction: [satisfaction('4.1', 10, 9, 4.46), satisfaction('4.2', 0, 0, null), satisfaction('all', 10, 9, 4.46)],
  };

  it('shows 3.1–3.4 with the rate over decided items and what is still pending', () => {
    const cards = onTimeCards(report);
    expect(cards.map((c) => c.testId)).toEqual(['indicator-3.1', 'indicator-3.2', 'indicator-3.3', 'indicator-3.4']);
    const zalo = cards[2]!;
    expect(zalo.name).toBe('Tỷ lệ phản ánh được xử lý đúng hạn qua Tin nhắn trên các nền tảng liên lạc Zalo');
    expect(zalo.rateText).toBe('85,0%');
    // Each number says what it counts; open items are "still within the deadline", never "handled".
    expect(zalo.figures.map((f) => [f.bucket, f.label, f.value])).toEqual([
      ['onTime', 'Trả lời đúng hạn', 17],
      ['late', 'Quá hạn', 3],
      ['pending', 'Còn trong hạn, chưa trả lời', 4],
      ['total', 'Tổng số tiếp nhận', 24],
    ]);
    expect(zalo.figures[1]!.note).toBe('trả lời sau hạn, hoặc chưa trả lời dù đã hết hạn');
    expect(zalo.rateNote).toBe('17 đúng hạn trên 20 đã đến hạn hoặc đã trả lời');
    expect(zalo.channels).toBe('Zalo OA, Zalo Mini App');
  });

  it('shows a dash, not 0 %, when nothing was decided, and zeros for a channel the report leaves out', () => {
    const cards = onTimeCards(report);
    expect(cards[3]).toMatchObject({ rateText: '—', rateNote: 'Chưa có phản ánh nào đến hạn hoặc được trả lời' });
    expect(cards[3]!.figures.map((f) => f.value)).toEqual([0, 0, 2, 2]);
    expect(cards[1]).toMatchObject({ rateText: '—', channels: 'Ứng dụng di động' });
    expect(cards[1]!.figures.map((f) => f.value)).toEqual([0, 0, 0, 0]);
  });

  it('sums all channels in one line', () => {
    const all = onTimeOverall(report);
    expect(all).toMatchObject({ rateText: '83,3%', rateNote: '25 đúng hạn trên 30 đã đến hạn hoặc đã trả lời' });
    expect(all.figures.map((f) => f.value)).toEqual([25, 5, 7, 37]);
  });

  it('shows 4.1, 4.2 and all channels with the satisfied share and the mean rating', () => {
    const cards = satisfactionCards(report);
    expect(cards.map((c) => c.testId)).toEqual(['indicator-4.1', 'indicator-4.2', 'indicator-all']);
    expect(cards[0]).toMatchObject({ rateText: '90,0%', rateNote: '9 hài lòng trên 10 lượt đánh giá', extra: 'Điểm trung bình 4,5/5' });
    expect(cards[0]!.figures.map((f) => [f.bucket, f.value])).toEqual([['satisfied', 9], ['responses', 10]]);
    expect(cards[1]).toMatchObject({ rateText: '—', rateNote: 'Chưa có lượt đánh giá nào', extra: 'Chưa có điểm trung bình' });
    expect(cards[1]!.name).toContain('Kênh khác');
  });
});

describe('monthly chart series', () => {
  const month = (m: string, rows: OnTimeIndicator[]) => ({ month: m, from: `${m}-01`, to: `${m}-28`, onTime: rows, satisfaction: [] });
  const monthly: MonthlyIndicators = {
    from: '2026-04-01',
    to: '2026-05-20',
    unit: 'HUYEN',
    months: [month('2026-04', [onTime('3.1', 3, 1, 0), onTime('3.3', 2, 0, 0)]), month('2026-05', [onTime('3.1', 0, 0, 5), onTime('3.3', 1, 1, 0)])],
  };

  it('draws one line per channel group with a point per month, leaving gaps where nothing was decided', () => {
    const chart = monthlySeries(monthly);
    expect(chart.labels).toEqual(['T4/2026', 'T5/2026']);
    expect(chart.series.map((s) => s.label)).toEqual(['3.1 Cổng DVC', '3.2 App di động', '3.3 Zalo', '3.4 Kênh khác']);
    expect(chart.series[0]!.rates).toEqual([0.75, null]);
    expect(chart.series[2]!.rates).toEqual([1, 0.5]);
    expect(chart.series[1]!.rates).toEqual([null, null]);
    expect(chart.series[2]!.counts).toEqual([
      { onTime: 2, decided: 2 },
      { onTime: 1, decided: 2 },
    ]);
    expect(chart.hasData).toBe(true);
    expect(chartValue(0.75)).toBe(75);
    expect(chartValue(2 / 3)).toBe(66.7);
    expect(chartValue(null)).toBeNull();
  });

  it('says the same in words for screen readers', () => {
    const text = chartSummary(monthlySeries(monthly));
    expect(text).toContain('3.1 Cổng DVC — T4/2026: 75,0%, T5/2026: chưa có số liệu.');
    expect(text).toContain('3.3 Zalo — T4/2026: 100,0%, T5/2026: 50,0%.');
  });

  it('knows when there is nothing to draw', () => {
    expect(monthlySeries({ ...monthly, months: [month('2026-04', [onTime('3.1', 0, 0, 3)])] }).hasData).toBe(false);
    expect(monthLabel('2025-12')).toBe('T12/2025');
  });
});

describe('DTI set and period', () => {
  const period = (code: string, kind: string, startsOn: string, endsOn: string): DtiPeriod => ({ code, kind, startsOn, endsOn, dueOn: endsOn, locked: false });
  const periods = [
    period('2026-Q1', 'quarter', '2026-01-01', '2026-03-31'),
    period('2026-Q2', 'quarter', '2026-04-01', '2026-06-30'),
    period('2026-Q3', 'quarter', '2026-07-01', '2026-09-30'),
    period('2026-Q4', 'quarter', '2026-10-01', '2026-12-31'),
    period('2026', 'year', '2026-01-01', '2026-12-31'),
  ];

  it('takes the quarter whose dates contain today, else the latest that has begun', () => {
    expect(pickDtiPeriod(periods, '2026-05-20')?.code).toBe('2026-Q2');
    expect(pickDtiPeriod(periods, '2027-02-01')?.code).toBe('2026-Q4');
    expect(pickDtiPeriod(periods.filter((p) => p.kind === 'year'), '2026-05-20')?.code).toBe('2026');
    expect(pickDtiPeriod(periods, '2025-06-01')?.code).toBe('2026-Q4');
    expect(pickDtiPeriod([], '2026-05-20')).toBeUndefined();
  });

  it("takes this year's set, else the newest", () => {
    const sets = [
      { code: 'BK-2025', name: 'DTI 2025', year: 2025 },
      { code: 'BK-2026', name: 'DTI 2026', year: 2026 },
    ];
    expect(pickDtiSet(sets, '2026-05-20')?.code).toBe('BK-2026');
    expect(pickDtiSet(sets, '2027-05-20')?.code).toBe('BK-2026');
    expect(pickDtiSet([], '2026-05-20')).toBeUndefined();
  });

  it("takes the unit's main set, not a small appendix of the same year", () => {
    const sets = [
      { code: 'BINH-SON-PL1-2023', name: 'Mẫu báo cáo số liệu máy trạm (Phụ lục 1)', year: 2023, indicators: 3, assigned: 3 },
      { code: 'NINH-SON-DTI-2022', name: 'Bộ chỉ số DTI cấp huyện', year: 2022, indicators: 80, assigned: 80 },
      { code: 'BAC-KAN-PAKN-2023', name: 'DTI – xử lý phản ánh', year: 2023, indicators: 6, assigned: 0 },
    ];
    expect(pickDtiSet(sets, '2026-05-20')?.code).toBe('NINH-SON-DTI-2022');
    // A copy of the main set for a newer year wins over the old one.
    expect(pickDtiSet([...sets, { code: 'NINH-SON-DTI-2026', name: 'Bộ chỉ số DTI 2026', year: 2026, indicators: 80, assigned: 80 }], '2026-05-20')?.code).toBe('NINH-SON-DTI-2026');
  });

  it('names periods in Vietnamese', () => {
    expect(dtiPeriodLabel(periods[1]!)).toBe('Quý 2/2026');
    expect(dtiPeriodLabel(periods[4]!)).toBe('Năm 2026');
    expect(periodCodeLabel('2026-Q3')).toBe('Quý 3/2026');
    expect(periodCodeLabel('2026')).toBe('Năm 2026');
    expect(periodCodeLabel('dot-1')).toBe('dot-1');
  });
});

describe('DTI completeness summary', () => {
  const row = (code: string, name: string, counts: { expected: number; submitted: number; onTime: number; missing: number }, points: (number | null)[], total: number | null) => ({
    unit: { code, name, level: 'commune' },
    ...counts,
    approved: 0,
    rate: counts.expected ? counts.submitted / counts.expected : 0,
    onTimeRate: counts.expected ? counts.onTime / counts.expected : 0,
    indices: [
      { code: 'I', points: null, estimatedPoints: points[0] ?? null, maxPoints: 20 },
      { code: 'II', points: null, estimatedPoints: points[1] ?? null, maxPoints: 30 },
    ],
    total: null,
    estimatedTotal: total,
    maxTotal: 50,
  });
  const report: CompletenessReport = {
    set: { code: 'BK-2026', name: 'DTI 2026' },
    period: { code: '2026-Q2', dueOn: '2026-06-15' },
    scored: true,
    indices: [
      { code: 'I', name: 'Chuyển đổi nhận thức', maxPoints: 20, scored: true },
      { code: 'II', name: 'Thể chế số', maxPoints: 30, scored: true },
      { code: 'III', name: 'Hạ tầng số', maxPoints: null, scored: false },
    ],
    maxTotal: 50,
    rows: [
      row('HUYEN', 'Huyện Pác Nặm', { expected: 20, submitted: 15, onTime: 12, missing: 5 }, [12.5, 20], 32.5),
      row('XA_B', 'Xã Bằng Thành', { expected: 10, submitted: 4, onTime: 4, missing: 6 }, [7.5, null], 7.5),
    ],
    totals: { expected: 30, submitted: 19, onTime: 16, late: 3, approved: 0, missing: 11 },
  };

  it("shows the leader's own unit row", () => {
    const s = completenessSummary(report, 'HUYEN');
    expect(s).toMatchObject({
      scope: 'Huyện Pác Nặm',
      averaged: false,
      submittedText: 'đã gửi 15/20 chỉ số (75,0%)',
      onTimeText: 'đúng hạn 12/20 chỉ số',
      missingText: 'còn thiếu 5 chỉ số',
      scored: true,
      totalText: '32,5 / 50 điểm',
    });
    expect(s.indices).toEqual([
      { code: 'I', name: 'Chuyển đổi nhận thức', estimated: 12.5, max: 20, text: '12,5 / 20 điểm' },
      { code: 'II', name: 'Thể chế số', estimated: 20, max: 30, text: '20 / 30 điểm' },
    ]);
  });

  it('sums the counts over every row and averages the points per unit without a unit row', () => {
    const s = completenessSummary(report, undefined);
    expect(s).toMatchObject({ scope: 'Tất cả 2 đơn vị trong phạm vi', averaged: true, submittedText: 'đã gửi 19/30 chỉ số (63,3%)', missingText: 'còn thiếu 11 chỉ số' });
    expect(s.indices.map((i) => i.text)).toEqual(['10 / 20 điểm', '20 / 30 điểm']);
    expect(s.totalText).toBe('20 / 50 điểm');
  });

  it('says when the set has no points and when nothing is expected', () => {
    const unscored = completenessSummary({ ...report, scored: false, indices: report.indices.map((i) => ({ ...i, scored: false })) }, 'HUYEN');
    expect(unscored).toMatchObject({ scored: false, indices: [], totalText: null });
    const nothing = completenessSummary({ ...report, rows: [], totals: { expected: 0, submitted: 0, onTime: 0, late: 0, approved: 0, missing: 0 } });
    expect(nothing.rate).toBeNull();
    expect(nothing.submittedText).toBe('đã gửi 0/0 chỉ số (—)');
    expect(formatPoints(null)).toBe('—');
  });
});

describe('unit ranking', () => {
  const standing = (code: string, name: string, onTime: number, late: number, overdue: number): UnitStanding => ({
    unit: { code, name },
    total: onTime + late + overdue,
    onTime,
    late,
    overdue,
    pending: 0,
    rate: onTime + late ? onTime / (onTime + late) : null,
  });
  const dtiRow = (code: string, name: string, missing: number) =>
    ({ unit: { code, name, level: 'commune' }, missing }) as unknown as CompletenessReport['rows'][number];

  it('puts the most overdue first, then the lowest on-time rate, then the most missing DTI values', () => {
    const ranked = rankUnits(
      [standing('A', 'Xã An', 9, 1, 0), standing('B', 'Xã Bình', 5, 5, 0), standing('C', 'Xã Cao', 9, 1, 3), standing('D', 'Xã Đông', 9, 1, 0)],
      [dtiRow('D', 'Xã Đông', 4), dtiRow('A', 'Xã An', 1)],
    );
    expect(ranked.map((u) => [u.code, u.missingDti])).toEqual([
      ['C', 0],
      ['B', 0],
      ['D', 4],
      ['A', 1],
    ]);
  });

  it('lists a unit that only misses DTI values, after those with feedback figures, and leaves out a unit with nothing', () => {
    const ranked = rankUnits(
      [standing('A', 'Xã An', 10, 0, 0), standing('E', 'Xã Trống', 0, 0, 0)],
      [dtiRow('N', 'Huyện Ninh Sơn', 7), dtiRow('M', 'Xã Mới', 2), dtiRow('F', 'Xã Đủ', 0)],
    );
    expect(ranked.map((u) => u.code)).toEqual(['A', 'N', 'M']);
    expect(ranked[1]).toEqual({ code: 'N', name: 'Huyện Ninh Sơn', overdue: 0, rate: null, late: 0, decided: 0, missingDti: 7 });
    // Without the DTI rows the ranking stands on the feedback figures.
    expect(rankUnits([standing('A', 'Xã An', 10, 0, 0)]).map((u) => [u.code, u.missingDti])).toEqual([['A', 0]]);
  });

  it('names the units missing DTI values, most missing first', () => {
    expect(unitsMissingDti([dtiRow('A', 'Xã An', 1), dtiRow('B', 'Xã Bình', 0), dtiRow('C', 'Xã Cao', 5)])).toEqual([
      { code: 'C', name: 'Xã Cao', missing: 5 },
      { code: 'A', name: 'Xã An', missing: 1 },
    ]);
  });
});

describe('review and alert helpers', () => {
  it('requires a reason to return a value', () => {
    expect(validateReturnComment('')).toBe('Vui lòng nhập lý do trả lại');
    expect(validateReturnComment('   \n ')).toBe('Vui lòng nhập lý do trả lại');
    expect(validateReturnComment('Thiếu văn bản minh chứng')).toBeNull();
    expect(validateReturnComment('x'.repeat(4001))).toBe('Lý do trả lại không được dài quá 4.000 ký tự');
  });

  it("finds the alert's tracking code, from the server or in its text", () => {
    expect(alertFeedbackCode({ feedbackCode: 'PA-2026-000007', feedbackId: 7, text: '' })).toBe('PA-2026-000007');
    expect(alertFeedbackCode({ feedbackId: 7, text: 'Quá hạn: phản ánh PA-2026-000123 của Xã Bằng Thành đã quá hạn.' })).toBe('PA-2026-000123');
    expect(alertFeedbackCode({ feedbackId: 7, text: 'Không có mã' })).toBeNull();
    expect(alertFeedbackCode({ feedbackId: null, text: 'Nhắc nhở chung' })).toBeNull();
  });

  it('lists the newest first', () => {
    const items = [
      { id: 1, createdAt: '2026-05-01T08:00:00+07:00' },
      { id: 3, createdAt: '2026-05-03T08:00:00+07:00' },
      { id: 2, createdAt: '2026-05-03T08:00:00+07:00' },
    ];
    expect(newestFirst(items).map((i) => i.id)).toEqual([3, 2, 1]);
  });
});
