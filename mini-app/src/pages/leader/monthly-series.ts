// The monthly indicator report as chart data: one line per channel group (3.1–3.4), one point per month, plus the
// same numbers in words for screen readers. Pure, unit-tested; chart.js itself lives in on-time-chart.tsx.
import type { MonthlyIndicators } from '../../api/types';
import { formatPercent } from '../../lib/format';
import { CHANNEL_GROUP_SHORT, ON_TIME_CODES } from './indicator-cards';

export interface ChartSeries {
  code: string;
  /** '3.3 Zalo' */
  label: string;
  /** The on-time rate per month (0–1), null when nothing was decided that month. */
  rates: (number | null)[];
  /** "đúng hạn x / đã xử lý y" per month, for the table. */
  counts: { onTime: number; decided: number }[];
}

export interface MonthlyChart {
  /** 'T4/2026' */
  labels: string[];
  series: ChartSeries[];
  /** Whether any month has a rate to draw. */
  hasData: boolean;
}

/** 'YYYY-MM' → 'T4/2026'. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `T${Number(m)}/${y}`;
}

export function monthlySeries(report: MonthlyIndicators): MonthlyChart {
  const series = ON_TIME_CODES.map((code) => {
    const perMonth = report.months.map((m) => m.onTime.find((i) => i.code === code));
    return {
      code,
      label: `${code} ${CHANNEL_GROUP_SHORT[code]}`,
      rates: perMonth.map((i) => i?.rate ?? null),
      counts: perMonth.map((i) => ({ onTime: i?.onTime ?? 0, decided: (i?.onTime ?? 0) + (i?.late ?? 0) })),
    };
  });
  return {
    labels: report.months.map((m) => monthLabel(m.month)),
    series,
    hasData: series.some((s) => s.rates.some((r) => r !== null)),
  };
}

/** The chart in one sentence per channel group (the canvas's aria-label). */
export function chartSummary(chart: MonthlyChart): string {
  const lines = chart.series.map((s) => {
    const points = chart.labels.map((label, k) => {
      const rate = s.rates[k] ?? null;
      return `${label}: ${rate === null ? 'chưa có số liệu' : formatPercent(rate)}`;
    });
    return `${s.label} — ${points.join(', ')}.`;
  });
  return `Biểu đồ tỷ lệ phản ánh xử lý đúng hạn theo tháng. ${lines.join(' ')}`;
}

/** A rate as a chart value: a percentage with one decimal, or null for a gap. */
export function chartValue(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}
