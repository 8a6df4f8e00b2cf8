// The ranking of units on the dashboard: who needs attention first. Pure, unit-tested.
import type { CompletenessReport, UnitStanding } from '../../api/types';

export interface RankedUnit {
  code: string;
  name: string;
  overdue: number;
  rate: number | null;
  late: number;
  decided: number;
  /** DTI values still missing in the current period (0 when the unit has none to report). */
  missingDti: number;
}

/** Most overdue first, then the lowest on-time rate (units with nothing decided last), then most missing DTI values. */
export function rankUnits(standings: UnitStanding[], dti?: CompletenessReport['rows']): RankedUnit[] {
  const byCode = new Map<string, RankedUnit>();
  for (const s of standings) {
    byCode.set(s.unit.code, {
      code: s.unit.code,
      name: s.unit.name,
      overdue: s.overdue,
      rate: s.rate,
      late: s.late,
      decided: s.onTime + s.late,
      missingDti: 0,
    });
  }
  for (const r of dti ?? []) {
    const u = byCode.get(r.unit.code) ?? { code: r.unit.code, name: r.unit.name, overdue: 0, rate: null, late: 0, decided: 0, missingDti: 0 };
    u.missingDti = r.missing;
    byCode.set(r.unit.code, u);
  }
  return [...byCode.values()]
    .filter((u) => u.decided > 0 || u.overdue > 0 || u.missingDti > 0)
    .sort(
      (a, b) =>
        b.overdue - a.overdue ||
        (a.rate ?? 2) - (b.rate ?? 2) ||
        b.missingDti - a.missingDti ||
        a.name.localeCompare(b.name, 'vi'),
    );
}

/** Units with DTI values still missing, most missing first, named. */
export function unitsMissingDti(rows: CompletenessReport['rows']): { code: string; name: string; missing: number }[] {
  return rows
    .filter((r) => r.missing > 0)
    .map((r) => ({ code: r.unit.code, name: r.unit.name, missing: r.missing }))
    .sort((a, b) => b.missing - a.missing || a.name.localeCompare(b.name, 'vi'));
}
