// Indicators the system fills itself (autoSource "feedback:3.1" …): computed from the feedback it holds for the unit's
// subtree and the period's dates, with the formula shown next to the value.
import type { DbOrTx } from '../../../../db/open-db.js';
import { feedbackIndicatorReport } from '../indicators/indicator-repository.js';

export interface AutoValue {
  value: { numerator: number; denominator: number } | null;
  formula: string;
  detail: Record<string, number>;
}

const FEEDBACK_SOURCE = /^feedback:(3\.[1-4]|4\.[12])$/;

export function isAutoSource(source: string | null): boolean {
  return source !== null && FEEDBACK_SOURCE.test(source);
}

export async function autoValue(
  db: DbOrTx,
  source: string,
  unit: { code: string; path: string },
  period: { startsOn: string; endsOn: string },
  asOf: Date,
): Promise<AutoValue | null> {
  const code = source.match(FEEDBACK_SOURCE)?.[1];
  if (!code) return null;
  const report = await feedbackIndicatorReport(db, { from: period.startsOn, to: period.endsOn, asOf, unit });
  if (code.startsWith('3.')) {
    const row = report.onTime.find((r) => r.code === code)!;
    const denominator = row.onTime + row.late;
    return {
      value: denominator > 0 ? { numerator: row.onTime, denominator } : null,
      formula: `Đúng hạn / (Đúng hạn + Quá hạn) = ${row.onTime} / ${denominator}; kênh: ${row.channels.join(', ')}; ${row.pending} phản ánh chưa đến hạn không tính`,
      detail: { total: row.total, onTime: row.onTime, late: row.late, pending: row.pending },
    };
  }
  const row = report.satisfaction.find((r) => r.code === code)!;
  return {
    value: row.responses > 0 ? { numerator: row.satisfied, denominator: row.responses } : null,
    formula: `Hài lòng (4–5 sao) / Số đánh giá = ${row.satisfied} / ${row.responses}; kênh: ${row.channels.join(', ')}`,
    detail: { total: row.total, responses: row.responses, satisfied: row.satisfied },
  };
}
