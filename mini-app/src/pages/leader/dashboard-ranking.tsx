// The ranking of units: overdue items, on-time rate and missing DTI values, worst first.
import { api } from '../../api/endpoints';
import { LoadState } from '../../components/load-state';
import { useLoad } from '../../components/use-load';
import { formatNumber, formatPercent } from '../../lib/format';
import { rankUnits } from './unit-ranking';

export function RankingSection({ from, to, unit }: { from: string; to: string; unit: string | undefined }) {
  const ranking = useLoad(async () => rankUnits((await api.indicators.units({ from, to, unit })).units), [from, to, unit]);
  return (
    <section className="leader-section" aria-labelledby="ranking-heading">
      <h2 id="ranking-heading">Xếp hạng đơn vị</h2>
      <p className="muted small">Đơn vị nhiều phản ánh quá hạn nhất đứng đầu, sau đó là tỷ lệ đúng hạn thấp nhất.</p>
      <LoadState state={ranking} isEmpty={(r) => r.length === 0} empty="Chưa có phản ánh nào đến hạn trong kỳ này.">
        {(r) => (
          <ol className="ranking" data-testid="unit-ranking">
            {r.slice(0, 10).map((u) => (
              <li key={u.code}>
                <span className="ranking-name">{u.name}</span>
                <span className="muted small">
                  {u.overdue > 0 ? `${formatNumber(u.overdue)} chưa trả lời đã quá hạn · ` : ''}
                  đúng hạn {formatPercent(u.rate)}
                  {u.decided > 0 ? ` (${formatNumber(u.decided - u.late)}/${formatNumber(u.decided)})` : ''}
                </span>
              </li>
            ))}
          </ol>
        )}
      </LoadState>
    </section>
  );
}
