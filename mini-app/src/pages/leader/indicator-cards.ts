// The feedback indicators of the Bắc Kạn DTI appendix (3.1–3.4 on time, 4.1–4.2 satisfaction) as dashboard cards.
// Names follow bot-server/src/domain/indicators/feedback-indicators.ts. Pure, unit-tested.
import type { Channel, IndicatorReport, OnTimeIndicator, SatisfactionIndicator } from '../../api/types';
import { CHANNEL_LABELS } from '../../lib/feedback-labels';
import { formatNumber, formatPercent } from '../../lib/format';

export const ON_TIME_CODES = ['3.1', '3.2', '3.3', '3.4'] as const;
export const SATISFACTION_CODES = ['4.1', '4.2', 'all'] as const;

/** The indicator's wording in the appendix. */
export const INDICATOR_NAMES: Record<string, string> = {
  '3.1': 'Tỷ lệ phản ánh được xử lý đúng hạn qua Cổng DVC',
  '3.2': 'Tỷ lệ phản ánh được xử lý đúng hạn qua App di động',
  '3.3': 'Tỷ lệ phản ánh được xử lý đúng hạn qua Tin nhắn trên các nền tảng liên lạc Zalo',
  '3.4': 'Tỷ lệ phản ánh được xử lý đúng hạn qua Kênh khác (sử dụng hình thức điện tử)',
  '4.1': 'Mức độ hài lòng với việc xử lý phản ánh qua Tin nhắn trên các nền tảng liên lạc (Zalo)',
  '4.2': 'Mức độ hài lòng với việc xử lý phản ánh qua Kênh khác (sử dụng hình thức điện tử)',
  all: 'Mức độ hài lòng với việc xử lý phản ánh (tất cả các kênh)',
};

/** Short names of the channel groups, for the chart's legend and table. */
export const CHANNEL_GROUP_SHORT: Record<string, string> = {
  '3.1': 'Cổng DVC',
  '3.2': 'App di động',
  '3.3': 'Zalo',
  '3.4': 'Kênh khác',
};

const ON_TIME_CHANNELS: Record<string, Channel[]> = {
  '3.1': ['dvc_portal'],
  '3.2': ['mobile_app'],
  '3.3': ['zalo_oa', 'zalo_mini_app'],
  '3.4': ['email', 'other'],
};
const SATISFACTION_CHANNELS: Record<string, Channel[]> = {
  '4.1': ['zalo_oa', 'zalo_mini_app'],
  '4.2': ['dvc_portal', 'mobile_app', 'email', 'other'],
};

/** The figures a leader can tap to see the items behind them (GET /indicators/feedback/items?bucket=). */
export type FigureBucket = 'total' | 'onTime' | 'late' | 'pending' | 'decided' | 'responses' | 'satisfied';

export interface IndicatorFigure {
  bucket: FigureBucket;
  /** What the number counts, in plain words. */
  label: string;
  value: number;
  /** A short explanation under the label, if the label alone is not enough. */
  note?: string;
}

export interface IndicatorCard {
  code: string;
  /** For browser tests: indicator-3.3, indicator-4.1, indicator-all. */
  testId: string;
  name: string;
  channels: string;
  rate: number | null;
  rateText: string;
  /** How the rate is computed, in words. */
  rateNote: string;
  /** The counts under the rate; each opens its list of items. */
  figures: IndicatorFigure[];
  /** A line that is not a count (the mean rating). */
  extra?: string;
}

/** The labels of the figures, also the titles of their item lists. */
export const FIGURE_LABELS: Record<FigureBucket, string> = {
  onTime: 'Trả lời đúng hạn',
  late: 'Quá hạn',
  pending: 'Còn trong hạn, chưa trả lời',
  decided: 'Đã đến hạn hoặc đã trả lời',
  total: 'Tổng số tiếp nhận',
  responses: 'Số lượt đánh giá',
  satisfied: 'Hài lòng (4–5 sao)',
};

export const LATE_NOTE = 'trả lời sau hạn, hoặc chưa trả lời dù đã hết hạn';

const n = (x: number) => formatNumber(x);

function channelText(channels: Channel[] | undefined): string {
  if (!channels?.length) return '';
  if (channels.length === Object.keys(CHANNEL_LABELS).length) return 'Tất cả các kênh';
  return channels.map((c) => CHANNEL_LABELS[c] ?? c).join(', ');
}

function onTimeCard(code: string, ind: OnTimeIndicator | undefined): IndicatorCard {
  const onTime = ind?.onTime ?? 0;
  const late = ind?.late ?? 0;
  const rate = ind ? ind.rate : null;
  return {
    code,
    testId: `indicator-${code}`,
    name: INDICATOR_NAMES[code] ?? code,
    channels: channelText(ind?.channels.length ? ind.channels : ON_TIME_CHANNELS[code]),
    rate,
    rateText: formatPercent(rate),
    rateNote:
      onTime + late === 0
        ? 'Chưa có phản ánh nào đến hạn hoặc được trả lời'
        : `${n(onTime)} đúng hạn trên ${n(onTime + late)} đã đến hạn hoặc đã trả lời`,
    figures: [
      { bucket: 'onTime', label: FIGURE_LABELS.onTime, value: onTime },
      { bucket: 'late', label: FIGURE_LABELS.late, value: late, note: LATE_NOTE },
      { bucket: 'pending', label: FIGURE_LABELS.pending, value: ind?.pending ?? 0 },
      { bucket: 'total', label: FIGURE_LABELS.total, value: ind?.total ?? 0 },
    ],
  };
}

/** 3.1–3.4: rate = onTime / (onTime + late); items still within their deadline are not counted in the rate. */
export function onTimeCards(report: IndicatorReport): IndicatorCard[] {
  return ON_TIME_CODES.map((code) => onTimeCard(code, report.onTime.find((i) => i.code === code)));
}

/** The on-time rate over every channel, for the section's summary. */
export function onTimeOverall(report: IndicatorReport): IndicatorCard {
  const card = onTimeCard('all', report.onTime.find((i) => i.code === 'all'));
  return { ...card, testId: 'indicator-ontime-all', name: 'Tất cả các kênh' };
}

function satisfactionCard(code: string, ind: SatisfactionIndicator | undefined): IndicatorCard {
  const responses = ind?.responses ?? 0;
  const satisfied = ind?.satisfied ?? 0;
  const mean = ind?.mean ?? null;
  const rate = ind ? ind.rate : null;
  return {
    code,
    testId: `indicator-${code}`,
    name: INDICATOR_NAMES[code] ?? code,
    channels: channelText(ind?.channels.length ? ind.channels : SATISFACTION_CHANNELS[code]),
    rate,
    rateText: formatPercent(rate),
    rateNote: responses === 0 ? 'Chưa có lượt đánh giá nào' : `${n(satisfied)} hài lòng trên ${n(responses)} lượt đánh giá`,
    figures: [
      { bucket: 'satisfied', label: FIGURE_LABELS.satisfied, value: satisfied },
      { bucket: 'responses', label: FIGURE_LABELS.responses, value: responses },
    ],
    extra: mean === null ? 'Chưa có điểm trung bình' : `Điểm trung bình ${formatNumber(mean, 1)}/5`,
  };
}

/** 4.1, 4.2 and all channels: rate = satisfied (4–5 stars) / ratings, and the mean rating. */
export function satisfactionCards(report: IndicatorReport): IndicatorCard[] {
  return SATISFACTION_CODES.map((code) => satisfactionCard(code, report.satisfaction.find((i) => i.code === code)));
}
