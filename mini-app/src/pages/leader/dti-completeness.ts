// The DTI completeness the dashboard shows: the set chosen on it (else the unit's main set) in its current period.
// The DTI section and the unit ranking both read it, so they always speak of the same set and period.
import { api } from '../../api/endpoints';
import type { CompletenessReport, DtiPeriod, DtiSetSummary } from '../../api/types';
import { useQueryState } from '../../components/use-query-state';
import { pickDtiPeriod, pickDtiSet } from './leader-periods';

export type DtiCompleteness = { period: DtiPeriod; report: CompletenessReport } | null;

// Both sections ask at the same moment: they share one request instead of sending each twice over a slow network.
// Only requests still running are shared, so a retry or a new choice asks the server again.
const running = new Map<string, Promise<unknown>>();
function once<T>(key: unknown[], load: () => Promise<T>): Promise<T> {
  const k = JSON.stringify(key);
  const pending = running.get(k);
  if (pending) return pending as Promise<T>;
  const started = load().finally(() => running.delete(k));
  running.set(k, started);
  return started;
}

export const loadDtiSets = (unit: string | undefined): Promise<{ sets: DtiSetSummary[] }> =>
  once(['sets', unit], () => api.dti.sets(unit));

/** The set's completeness in the period that contains today (else its latest begun); null when it has no period. */
export async function loadDtiCompleteness(set: string, unit: string | undefined, today: string): Promise<DtiCompleteness> {
  const { periods } = await once(['periods', set], () => api.dti.periods(set));
  const period = pickDtiPeriod(periods, today);
  if (!period) return null;
  const q = { set, period: period.code, unit };
  return { period, report: await once(['completeness', q], () => api.dti.completeness(q)) };
}

/** The set chosen on the dashboard (kept in the address), and how to choose another. */
export const useChosenDtiSet = () => useQueryState('dtiSet');

/** The set shown: the chosen one, else the unit's main set of the year. */
export const shownDtiSet = (chosen: string | undefined, sets: DtiSetSummary[], today: string): string | undefined =>
  chosen ?? pickDtiSet(sets, today)?.code;
