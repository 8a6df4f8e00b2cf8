import { describe, expect, it } from 'vitest';
import { CHANNELS, type Channel } from '../../db/schema.js';
import {
  assembleReport,
  type ChannelCounts,
  ON_TIME_GROUPS,
  ratio,
  SATISFACTION_GROUPS,
} from '../../bot-server/src/domain/indicators/feedback-indicators.js';

const meta = { from: '2026-01-01', to: '2026-03-31', asOf: new Date('2026-04-10T02:00:00Z'), unit: null };

function counts(channel: Channel, c: Partial<Omit<ChannelCounts, 'channel'>>): ChannelCounts {
  return { channel, total: 0, onTime: 0, late: 0, pending: 0, responses: 0, satisfied: 0, ratingSum: 0, bad766: 0, ...c };
}

describe('indicator groups', () => {
  it('split the channels as CONTRACT §6 says', () => {
    expect(ON_TIME_GROUPS.map((g) => [g.code, g.channels])).toEqual([
      ['3.1', ['dvc_portal']],
      ['3.2', ['mobile_app']],
      ['3.3', ['zalo_oa', 'zalo_mini_app']],
      ['3.4', ['email', 'other']],
      ['all', [...CHANNELS]],
    ]);
    expect(SATISFACTION_GROUPS.map((g) => [g.code, g.channels])).toEqual([
      ['4.1', ['zalo_oa', 'zalo_mini_app']],
      ['4.2', ['dvc_portal', 'mobile_app', 'email', 'other']],
      ['all', [...CHANNELS]],
    ]);
  });

  it('per-channel groups cover every channel exactly once', () => {
    for (const groups of [ON_TIME_GROUPS, SATISFACTION_GROUPS]) {
      const channels = groups.filter((g) => g.code !== 'all').flatMap((g) => g.channels);
      expect([...channels].sort()).toEqual([...CHANNELS].sort());
    }
  });

  it('carry the Vietnamese wording of the appendix', () => {
    expect(ON_TIME_GROUPS[0]!.nameVi).toBe('Tỷ lệ phản ánh được xử lý đúng hạn qua Cổng DVC');
    expect(ON_TIME_GROUPS[2]!.nameVi).toBe('Tỷ lệ phản ánh được xử lý đúng hạn qua Tin nhắn trên các nền tảng liên lạc Zalo');
    expect(SATISFACTION_GROUPS[0]!.nameVi).toBe('Mức độ hài lòng với việc xử lý phản ánh qua Tin nhắn trên các nền tảng liên lạc (Zalo)');
  });
});

describe('ratio', () => {
  it('is null when the denominator is 0', () => {
    expect(ratio(0, 0)).toBeNull();
    expect(ratio(3, 4)).toBe(0.75);
    expect(ratio(0, 5)).toBe(0);
  });
});

describe('assembleReport', () => {
  it('gives zeros and null rates for an empty cohort', () => {
    const r = assembleReport([], meta);
    expect(r.from).toBe('2026-01-01');
    expect(r.to).toBe('2026-03-31');
    expect(r.asOf).toBe('2026-04-10T09:00:00.000+07:00');
    expect(r.unit).toBeNull();
    expect(r.onTime.map((g) => g.code)).toEqual(['3.1', '3.2', '3.3', '3.4', 'all']);
    expect(r.satisfaction.map((g) => g.code)).toEqual(['4.1', '4.2', 'all']);
    for (const g of r.onTime) expect(g).toMatchObject({ total: 0, onTime: 0, late: 0, pending: 0, rate: null });
    for (const g of r.satisfaction) {
      expect(g).toMatchObject({ total: 0, responses: 0, satisfied: 0, rate: null, mean: null, rate766: null });
    }
  });

  it('sums channels into groups and computes the rates', () => {
    const r = assembleReport(
      [
        counts('dvc_portal', { total: 10, onTime: 6, late: 2, pending: 2, responses: 4, satisfied: 3, ratingSum: 16, bad766: 3 }),
        counts('zalo_oa', { total: 5, onTime: 1, late: 3, pending: 1, responses: 2, satisfied: 0, ratingSum: 3, bad766: 4 }),
        counts('zalo_mini_app', { total: 3, onTime: 3, responses: 3, satisfied: 3, ratingSum: 14 }),
        counts('email', { total: 2, pending: 2 }),
      ],
      { ...meta, unit: 'SO-XD' },
    );
    expect(r.unit).toBe('SO-XD');
    expect(r.onTime).toEqual([
      { code: '3.1', channels: ['dvc_portal'], total: 10, onTime: 6, late: 2, pending: 2, rate: 6 / 8 },
      { code: '3.2', channels: ['mobile_app'], total: 0, onTime: 0, late: 0, pending: 0, rate: null },
      { code: '3.3', channels: ['zalo_oa', 'zalo_mini_app'], total: 8, onTime: 4, late: 3, pending: 1, rate: 4 / 7 },
      // Nothing decided yet: the rate is null, not 0.
      { code: '3.4', channels: ['email', 'other'], total: 2, onTime: 0, late: 0, pending: 2, rate: null },
      { code: 'all', channels: [...CHANNELS], total: 20, onTime: 10, late: 5, pending: 5, rate: 10 / 15 },
    ]);
    expect(r.satisfaction).toEqual([
      { code: '4.1', channels: ['zalo_oa', 'zalo_mini_app'], total: 8, responses: 5, satisfied: 3, rate: 3 / 5, mean: 17 / 5, rate766: 4 / 8 },
      {
        code: '4.2',
        channels: ['dvc_portal', 'mobile_app', 'email', 'other'],
        total: 12,
        responses: 4,
        satisfied: 3,
        rate: 3 / 4,
        mean: 16 / 4,
        rate766: 9 / 12,
      },
      { code: 'all', channels: [...CHANNELS], total: 20, responses: 9, satisfied: 6, rate: 6 / 9, mean: 33 / 9, rate766: 13 / 20 },
    ]);
  });

  it('adds rows of the same channel together', () => {
    const r = assembleReport(
      [counts('other', { total: 1, onTime: 1 }), counts('other', { total: 2, late: 2, bad766: 2 })],
      meta,
    );
    expect(r.onTime[3]).toMatchObject({ code: '3.4', total: 3, onTime: 1, late: 2, rate: 1 / 3 });
    expect(r.satisfaction[1]).toMatchObject({ code: '4.2', total: 3, responses: 0, rate: null, mean: null, rate766: 1 / 3 });
  });

  it('returns fresh channel arrays, not the shared constants', () => {
    const r = assembleReport([], meta);
    r.onTime[0]!.channels.push('email');
    expect(ON_TIME_GROUPS[0]!.channels).toEqual(['dvc_portal']);
  });
});
