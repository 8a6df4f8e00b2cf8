// The reporting periods a leader picks from, and which DTI set and period the dashboard shows. Pure, unit-tested.
import type { DtiPeriod, DtiSetSummary } from '../../api/types';
import { quarterOf } from '../../lib/format';

export interface PeriodOption {
  /** Stable key for the picker: 'from_to'. */
  key: string;
  label: string;
  /** YYYY-MM-DD, both inclusive. */
  from: string;
  to: string;
}

/** The day before a 'YYYY-MM-DD' date. */
export function dayBefore(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

const option = (label: string, from: string, to: string): PeriodOption => ({ key: `${from}_${to}`, label, from, to });

/** This quarter, the three before it (newest first), and this year. */
export function periodOptions(today: string): PeriodOption[] {
  const current = quarterOf(today);
  const quarters = [current];
  for (let i = 0; i < 3; i++) quarters.push(quarterOf(dayBefore(quarters[quarters.length - 1]!.from)));
  const year = today.slice(0, 4);
  return [
    option(`Quý này (${current.label})`, current.from, current.to),
    ...quarters.slice(1).map((q) => option(q.label, q.from, q.to)),
    option(`Năm nay (${year})`, `${year}-01-01`, `${year}-12-31`),
  ];
}

/** The months the chart covers: the period, cut at today (months still to come have nothing to show). */
export function chartRange(period: Pick<PeriodOption, 'from' | 'to'>, today: string): { from: string; to: string } {
  const to = period.to < today ? period.to : today;
  return { from: period.from, to: to < period.from ? period.from : to };
}

/**
 * The unit's main set: the one with most indicators assigned within the unit's subtree (not a small appendix such as
 * a workstation report), then the newest year (a set copied to a new year replaces the old), then the largest.
 */
export function pickDtiSet(sets: DtiSetSummary[], today: string): DtiSetSummary | undefined {
  const year = Number(today.slice(0, 4));
  const notFuture = sets.filter((s) => (s.year ?? 0) <= year);
  const pool = notFuture.length ? notFuture : sets;
  return [...pool].sort(
    (a, b) =>
      (b.assigned ?? 0) - (a.assigned ?? 0) ||
      (b.year ?? 0) - (a.year ?? 0) ||
      (b.indicators ?? 0) - (a.indicators ?? 0) ||
      a.code.localeCompare(b.code),
  )[0];
}

/** The quarter whose dates contain today; else the latest period that has begun; else the last one. */
export function pickDtiPeriod(periods: DtiPeriod[], today: string): DtiPeriod | undefined {
  const current = periods.find((p) => p.kind === 'quarter' && p.startsOn <= today && today <= p.endsOn);
  if (current) return current;
  // Latest start first; on the same start day (Q1 and the year) the quarter.
  const rank = (p: DtiPeriod) => (p.kind === 'quarter' ? 0 : 1);
  const latestFirst = [...periods].sort((a, b) => b.startsOn.localeCompare(a.startsOn) || rank(a) - rank(b));
  return latestFirst.find((p) => p.startsOn <= today) ?? latestFirst[0];
}

/** 'Quý 2/2026' or 'Năm 2026'. */
export function dtiPeriodLabel(p: Pick<DtiPeriod, 'kind' | 'startsOn' | 'code'>): string {
  if (p.kind === 'quarter') return quarterOf(p.startsOn).label;
  if (p.kind === 'year') return `Năm ${p.startsOn.slice(0, 4)}`;
  return p.code;
}

/** The unit picker's value for "every unit" (admins only). */
export const ALL_UNITS = '*';

/**
 * The units a leader may pick: the ones they lead, plus "every unit" first for admins (the server answers for all
 * units when no unit is named). The first entry is the default.
 */
export function unitOptions(units: { code: string; name: string }[], admin: boolean): { code: string; name: string }[] {
  const sorted = [...units].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  return admin ? [{ code: ALL_UNITS, name: 'Tất cả đơn vị' }, ...sorted] : sorted;
}

/** A period code in words when it follows the default pattern ('2026-Q2' → 'Quý 2/2026', '2026' → 'Năm 2026'). */
export function periodCodeLabel(code: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(code);
  if (q) return `Quý ${q[2]}/${q[1]}`;
  return /^\d{4}$/.test(code) ? `Năm ${code}` : code;
}

/** The dashboard's lists of overdue and nearly due items: the five most urgent (main.tsx starts them early). */
export const deadlineListQuery = (due: 'overdue' | 'due_soon') => ({ due, limit: 5 });
