// Section (c) of the dashboard: the on-time rate per month and channel group. The chart (chart.js) is a lazily loaded
// chunk; the same numbers are always there as a table, which is also what screen readers and a failed load get.
import { Component, lazy, type ReactNode, Suspense, useMemo, useState } from 'react';
import { Button, Spinner } from 'zmp-ui';
import { api } from '../../api/endpoints';
import { LoadState } from '../../components/load-state';
import { useLoad } from '../../components/use-load';
import { formatNumber, formatPercent } from '../../lib/format';
import { chartSummary, type MonthlyChart, monthlySeries } from './monthly-series';

const loadChart = () => import('./on-time-chart');

/** Catches a chart chunk that failed to download (offline) so the rest of the dashboard stays. */
class ChartBoundary extends Component<{ onRetry: () => void; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="state state-error" role="alert">
        <p>Không tải được biểu đồ. Số liệu vẫn có trong bảng bên dưới.</p>
        <Button variant="secondary" size="medium" onClick={this.props.onRetry}>
          Thử lại
        </Button>
      </div>
    );
  }
}

function ChartTable({ chart }: { chart: MonthlyChart }) {
  return (
    <details className="data-table">
      <summary>Xem bảng số liệu theo tháng</summary>
      <div className="table-scroll">
        <table>
          <caption className="muted small">Tỷ lệ đúng hạn (đúng hạn / đã xử lý)</caption>
          <thead>
            <tr>
              <th scope="col">Tháng</th>
              {chart.series.map((s) => (
                <th scope="col" key={s.code}>
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {chart.labels.map((label, k) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {chart.series.map((s) => {
                  const c = s.counts[k];
                  return (
                    <td key={s.code}>
                      {formatPercent(s.rates[k] ?? null)}
                      {c && (
                        <div className="muted small">
                          {formatNumber(c.onTime)}/{formatNumber(c.decided)}
                        </div>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}

export function ChartSection({ from, to, unit }: { from: string; to: string; unit: string | undefined }) {
  const monthly = useLoad(() => api.indicators.monthly({ from, to, unit }), [from, to, unit]);
  // A fresh lazy component per attempt: React keeps a failed import's rejection for good.
  const [attempt, setAttempt] = useState(0);
  const OnTimeChart = useMemo(() => lazy(loadChart), [attempt]);
  const chart = useMemo(() => (monthly.data ? monthlySeries(monthly.data) : undefined), [monthly.data]);

  return (
    <section className="leader-section" aria-labelledby="chart-heading">
      <h2 id="chart-heading">Diễn biến tỷ lệ đúng hạn theo tháng</h2>
      <LoadState
        state={{ ...monthly, data: chart }}
        isEmpty={(c) => !c.hasData}
        empty="Chưa có phản ánh nào đến hạn xử lý trong các tháng của kỳ này."
      >
        {(c) => (
          <div className="card">
            <ChartBoundary key={attempt} onRetry={() => setAttempt((a) => a + 1)}>
              <Suspense
                fallback={
                  <div className="state" role="status">
                    <Spinner visible />
                    <p>Đang tải biểu đồ…</p>
                  </div>
                }
              >
                <OnTimeChart chart={c} summary={chartSummary(c)} />
              </Suspense>
            </ChartBoundary>
            <ChartTable chart={c} />
          </div>
        )}
      </LoadState>
    </section>
  );
}
