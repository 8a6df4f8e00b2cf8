// The DTI reporting completeness and estimated points, as the dashboard shows them: the leader's own unit row when
// there is one, else the totals of every row in scope. Pure, unit-tested.
import type { CompletenessReport } from '../../api/types';
import { formatPercent } from '../../lib/format';

export interface IndexPoints {
  code: string;
  name: string;
  estimated: number | null;
  max: number | null;
  /** '12,5 / 20 điểm' */
  text: string;
}

export interface CompletenessSummary {
  /** Whose numbers: a unit's name, or every unit in scope. */
  scope: string;
  /** Several units: the points are the average per unit. */
  averaged: boolean;
  expected: number;
  submitted: number;
  onTime: number;
  missing: number;
  /** submitted / expected, null when nothing is expected. */
  rate: number | null;
  submittedText: string;
  onTimeText: string;
  missingText: string;
  scored: boolean;
  indices: IndexPoints[];
  /** '45 / 100 điểm', or null when the set is not scored. */
  totalText: string | null;
}

/** Points with up to two decimals, Vietnamese style ('12,5'). */
export function formatPoints(points: number | null): string {
  if (points === null) return '—';
  return points.toLocaleString('vi-VN', { maximumFractionDigits: 2 });
}

const pointsText = (estimated: number | null, max: number | null) =>
  max === null ? `${formatPoints(estimated)} điểm` : `${formatPoints(estimated)} / ${formatPoints(max)} điểm`;

const average = (values: (number | null)[]): number | null => {
  const known = values.filter((v): v is number => v !== null);
  return known.length ? known.reduce((s, v) => s + v, 0) / known.length : null;
};

export function completenessSummary(report: CompletenessReport, unitCode?: string): CompletenessSummary {
  const own = report.rows.find((r) => r.unit.code === unitCode) ?? (report.rows.length === 1 ? report.rows[0] : undefined);
  const counts = own ?? report.totals;
  const { expected, submitted, onTime, missing } = counts;
  const rate = expected ? submitted / expected : null;
  const scoredIndices = report.indices.filter((x) => x.scored);
  const indices: IndexPoints[] = scoredIndices.map((x) => {
    const estimated = own
      ? (own.indices.find((i) => i.code === x.code)?.estimatedPoints ?? null)
      : average(report.rows.map((r) => r.indices.find((i) => i.code === x.code)?.estimatedPoints ?? null));
    return { code: x.code, name: x.name, estimated, max: x.maxPoints, text: pointsText(estimated, x.maxPoints) };
  });
  const total = own ? own.estimatedTotal : average(report.rows.map((r) => r.estimatedTotal));
  return {
    scope: own ? own.unit.name : `Tất cả ${report.rows.length} đơn vị trong phạm vi`,
    averaged: !own,
    expected,
    submitted,
    onTime,
    missing,
    rate,
    submittedText: `đã gửi ${submitted}/${expected} chỉ số (${formatPercent(rate)})`,
    onTimeText: `đúng hạn ${onTime}/${expected} chỉ số`,
    missingText: `còn thiếu ${missing} chỉ số`,
    scored: report.scored && scoredIndices.length > 0,
    indices,
    totalText: report.scored ? pointsText(total, report.maxTotal) : null,
  };
}
