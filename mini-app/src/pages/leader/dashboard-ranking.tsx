// The ranking of units: overdue items, on-time rate and missing DTI values, worst first.
import { useMemo } from 'react';
import { Button } from 'zmp-ui';
import { api } from '../../api/endpoints';
import { isRetryable, LoadState } from '../../components/load-state';
import { type Loaded, useLoad } from '../../components/use-load';
import { formatNumber, formatPercent, todayInVietnam } from '../../lib/format';
import { loadDtiCompleteness, loadDtiSets, shownDtiSet, useChosenDtiSet } from './dti-completeness';
import { dtiPeriodLabel } from './leader-periods';
import { type RankedUnit, rankUnits } from './unit-ranking';

/** What the line under a unit says; a unit listed only for its DTI values has no feedback figures to show. */
function unitFigures(u: RankedUnit): string {
  const parts: string[] = [];
  if (u.overdue > 0) parts.push(`${formatNumber(u.overdue)} chưa trả lời đã quá hạn`);
  if (u.decided > 0 || u.overdue > 0 || u.missingDti === 0) {
    const counts = u.decided > 0 ? ` (${formatNumber(u.decided - u.late)}/${formatNumber(u.decided)})` : '';
    parts.push(`đúng hạn ${formatPercent(u.rate)}${counts}`);
  }
  if (u.missingDti > 0) parts.push(`còn thiếu ${formatNumber(u.missingDti)} chỉ số DTI`);
  return parts.join(' · ');
}

export function RankingSection({ from, to, unit }: { from: string; to: string; unit: string | undefined }) {
  const today = useMemo(() => todayInVietnam(), []);
  const [chosen] = useChosenDtiSet();
  const standings = useLoad(() => api.indicators.units({ from, to, unit }), [from, to, unit]);
  // The DTI section's set and period, so the counts here are the ones it lists.
  const dti = useLoad(async () => {
    const set = shownDtiSet(chosen, (await loadDtiSets(unit)).sets, today);
    return set ? loadDtiCompleteness(set, unit, today) : null;
  }, [chosen, unit, today]);
  // Ranked once the DTI part has loaded or failed: without it the ranking stands on the feedback figures alone.
  const dtiSettled = dti.data !== undefined || dti.error !== null;
  const ranked = useMemo(
    () => (standings.data && dtiSettled ? rankUnits(standings.data.units, dti.data?.report.rows) : undefined),
    [standings.data, dtiSettled, dti.data],
  );
  const ranking: Loaded<RankedUnit[]> = { ...standings, data: ranked, loading: standings.loading || !dtiSettled };
  const dtiPeriod = dti.data ? ` (${dtiPeriodLabel(dti.data.period)})` : '';

  return (
    <section className="leader-section" aria-labelledby="ranking-heading">
      <h2 id="ranking-heading">Xếp hạng đơn vị</h2>
      <p className="muted small">
        {`Đơn vị nhiều phản ánh quá hạn nhất đứng đầu, sau đó là tỷ lệ đúng hạn thấp nhất, rồi đến đơn vị còn thiếu nhiều chỉ số DTI nhất${dtiPeriod}.`}
      </p>
      {dti.error && !dti.loading && (
        <p className="muted small" role="status" data-testid="ranking-dti-error">
          Chưa tải được số liệu DTI, nên xếp hạng chỉ tính phản ánh.{' '}
          {isRetryable(dti.error) && (
            <Button size="small" variant="tertiary" onClick={dti.reload}>
              Thử lại
            </Button>
          )}
        </p>
      )}
      <LoadState state={ranking} isEmpty={(r) => r.length === 0} empty="Chưa có phản ánh nào đến hạn trong kỳ này.">
        {(r) => (
          <ol className="ranking" data-testid="unit-ranking">
            {r.slice(0, 10).map((u) => (
              <li key={u.code}>
                <span className="ranking-name">{u.name}</span>
                <span className="muted small">{unitFigures(u)}</span>
              </li>
            ))}
          </ol>
        )}
      </LoadState>
    </section>
  );
}
