import { describe, expect, it } from 'vitest';
import { monthCount, reportMonths } from '../../bot-server/src/domain/indicators/report-months.js';

describe('report months', () => {
  it('clips the first and last month to the period', () => {
    expect(reportMonths('2026-01-15', '2026-03-10')).toEqual([
      { month: '2026-01', from: '2026-01-15', to: '2026-01-31' },
      { month: '2026-02', from: '2026-02-01', to: '2026-02-28' },
      { month: '2026-03', from: '2026-03-01', to: '2026-03-10' },
    ]);
  });

  it('handles one day, leap Februaries and the turn of the year', () => {
    expect(reportMonths('2026-03-05', '2026-03-05')).toEqual([{ month: '2026-03', from: '2026-03-05', to: '2026-03-05' }]);
    expect(reportMonths('2027-12-01', '2028-02-29').map((m) => `${m.month}:${m.from}..${m.to}`)).toEqual([
      '2027-12:2027-12-01..2027-12-31',
      '2028-01:2028-01-01..2028-01-31',
      '2028-02:2028-02-01..2028-02-29',
    ]);
    expect(reportMonths('2026-03-10', '2026-03-09')).toEqual([]);
  });

  it('counts partial months', () => {
    expect(monthCount('2026-01-31', '2026-02-01')).toBe(2);
    expect(monthCount('2025-01-01', '2026-12-31')).toBe(24);
    expect(monthCount('2025-01-31', '2027-01-01')).toBe(25);
  });
});
