// The feedback (PAKN) indicators of the DTI set, as pure data and arithmetic: which channels each indicator
// counts, its Vietnamese name, and how per-channel counts add up to the report of CONTRACT §6.
import { CHANNELS, type Channel } from '../../../../db/schema.js';
import { toIsoWithOffset } from '../calendar/local-date.js';

/** Counts of one channel's cohort, as the indicator query returns them. */
export interface ChannelCounts {
  channel: Channel;
  total: number;
  /** Answered at or before the due time. */
  onTime: number;
  /** Answered after the due time, or unanswered with the due time before asOf. */
  late: number;
  /** Everything else: unanswered and not yet due (or with the clock paused). */
  pending: number;
  /** Items with a rating. */
  responses: number;
  /** Ratings of 4 or 5. */
  satisfied: number;
  /** Sum of the ratings. */
  ratingSum: number;
  /** Items that are late or rated 1–2, each counted once (the 766 satisfaction formula). */
  bad766: number;
}

export type OnTimeCode = '3.1' | '3.2' | '3.3' | '3.4' | 'all';
export type SatisfactionCode = '4.1' | '4.2' | 'all';

export interface IndicatorGroup<C extends string> {
  code: C;
  channels: readonly Channel[];
  /** The indicator's wording in the Bắc Kạn DTI appendix (seed 004). */
  nameVi: string;
}

/** 3. Tỷ lệ phản ánh được xử lý đúng hạn — per channel, then all channels. */
export const ON_TIME_GROUPS: readonly IndicatorGroup<OnTimeCode>[] = [
  { code: '3.1', channels: ['dvc_portal'], nameVi: 'Tỷ lệ phản ánh được xử lý đúng hạn qua Cổng DVC' },
  { code: '3.2', channels: ['mobile_app'], nameVi: 'Tỷ lệ phản ánh được xử lý đúng hạn qua App di động' },
  {
    code: '3.3',
    channels: ['zalo_oa', 'zalo_mini_app'],
    nameVi: 'Tỷ lệ phản ánh được xử lý đúng hạn qua Tin nhắn trên các nền tảng liên lạc Zalo',
  },
  {
    code: '3.4',
    channels: ['email', 'other'],
    nameVi: 'Tỷ lệ phản ánh được xử lý đúng hạn qua Kênh khác (sử dụng hình thức điện tử)',
  },
  { code: 'all', channels: CHANNELS, nameVi: 'Tỷ lệ phản ánh được xử lý đúng hạn' },
];

/**
 * 4. Mức độ hài lòng với việc xử lý phản ánh. The appendix numbers both sub-rows "4.1"; the second
 * ("Kênh khác") is 4.2 here, as in CONTRACT §6.
 */
export const SATISFACTION_GROUPS: readonly IndicatorGroup<SatisfactionCode>[] = [
  {
    code: '4.1',
    channels: ['zalo_oa', 'zalo_mini_app'],
    nameVi: 'Mức độ hài lòng với việc xử lý phản ánh qua Tin nhắn trên các nền tảng liên lạc (Zalo)',
  },
  {
    code: '4.2',
    channels: ['dvc_portal', 'mobile_app', 'email', 'other'],
    nameVi: 'Mức độ hài lòng với việc xử lý phản ánh qua Kênh khác (sử dụng hình thức điện tử, nêu rõ loại kênh nếu có)',
  },
  { code: 'all', channels: CHANNELS, nameVi: 'Mức độ hài lòng với việc xử lý phản ánh' },
];

/** Headings of the two indicator groups in the appendix (section VII "Hoạt động xã hội số", items 3 and 4). */
export const INDICATOR_SET_NAME_VI = 'Chỉ số chuyển đổi số (DTI) – Hoạt động xã hội số: xử lý phản ánh, kiến nghị';
export const ON_TIME_HEADING_VI = { stt: '3', name: 'Tỷ lệ phản ánh được xử lý đúng hạn' } as const;
export const SATISFACTION_HEADING_VI = { stt: '4', name: 'Mức độ hài lòng với việc xử lý phản ánh' } as const;

export const CHANNEL_LABELS_VI: Record<Channel, string> = {
  dvc_portal: 'Cổng Dịch vụ công',
  mobile_app: 'Ứng dụng di động',
  zalo_oa: 'Zalo OA',
  zalo_mini_app: 'Zalo Mini App',
  email: 'Thư điện tử',
  other: 'Kênh điện tử khác',
};

export interface OnTimeIndicator {
  code: OnTimeCode;
  channels: Channel[];
  total: number;
  onTime: number;
  late: number;
  pending: number;
  /** onTime / (onTime + late); null when nothing is decided yet. */
  rate: number | null;
}

export interface SatisfactionIndicator {
  code: SatisfactionCode;
  channels: Channel[];
  total: number;
  responses: number;
  satisfied: number;
  /** satisfied / responses. */
  rate: number | null;
  /** Average rating (1–5). */
  mean: number | null;
  /** (total − items late or rated 1–2) / total. */
  rate766: number | null;
}

export interface FeedbackIndicatorReport {
  from: string;
  to: string;
  asOf: string;
  unit: string | null;
  onTime: OnTimeIndicator[];
  satisfaction: SatisfactionIndicator[];
}

export interface ReportMeta {
  from: string;
  to: string;
  asOf: Date;
  /** Unit code, or null for every unit. */
  unit: string | null;
}

type Sums = Omit<ChannelCounts, 'channel'>;

const ZERO: Sums = { total: 0, onTime: 0, late: 0, pending: 0, responses: 0, satisfied: 0, ratingSum: 0, bad766: 0 };

/** A ratio, or null when the denominator is 0. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

function sumChannels(byChannel: Map<Channel, Sums>, channels: readonly Channel[]): Sums {
  const acc = { ...ZERO };
  for (const ch of channels) {
    const c = byChannel.get(ch);
    if (!c) continue;
    for (const key of Object.keys(acc) as (keyof Sums)[]) acc[key] += c[key];
  }
  return acc;
}

/** Adds per-channel counts (a channel may appear more than once) into the CONTRACT §6 reply. */
export function assembleReport(perChannel: Iterable<ChannelCounts>, meta: ReportMeta): FeedbackIndicatorReport {
  const byChannel = new Map<Channel, Sums>();
  for (const { channel, ...counts } of perChannel) {
    const acc = byChannel.get(channel) ?? { ...ZERO };
    for (const key of Object.keys(acc) as (keyof Sums)[]) acc[key] += counts[key];
    byChannel.set(channel, acc);
  }
  return {
    from: meta.from,
    to: meta.to,
    asOf: toIsoWithOffset(meta.asOf),
    unit: meta.unit,
    onTime: ON_TIME_GROUPS.map((g) => {
      const s = sumChannels(byChannel, g.channels);
      return {
        code: g.code,
        channels: [...g.channels],
        total: s.total,
        onTime: s.onTime,
        late: s.late,
        pending: s.pending,
        rate: ratio(s.onTime, s.onTime + s.late),
      };
    }),
    satisfaction: SATISFACTION_GROUPS.map((g) => {
      const s = sumChannels(byChannel, g.channels);
      return {
        code: g.code,
        channels: [...g.channels],
        total: s.total,
        responses: s.responses,
        satisfied: s.satisfied,
        rate: ratio(s.satisfied, s.responses),
        mean: ratio(s.ratingSum, s.responses),
        rate766: ratio(s.total - s.bad766, s.total),
      };
    }),
  };
}
