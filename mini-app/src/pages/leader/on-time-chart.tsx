// The on-time rate per month and channel group as a line chart. Loaded with React.lazy so chart.js is its own chunk;
// only the pieces a line chart needs are registered (no 'chart.js/auto').
import { useEffect, useRef } from 'react';
import {
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { chartValue, type MonthlyChart } from './monthly-series';

Chart.register(LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

/** Colours and dash patterns that stay apart for colour-blind readers and in grey print. */
const STYLES = [
  { color: '#1843ef', dash: [], point: 'circle' },
  { color: '#c0182a', dash: [6, 3], point: 'rect' },
  { color: '#0a7d3b', dash: [2, 2], point: 'triangle' },
  { color: '#9a5b00', dash: [10, 4, 2, 4], point: 'rectRot' },
] as const;

const percent = (v: number) => `${v.toLocaleString('vi-VN', { maximumFractionDigits: 1 })}%`;

export default function OnTimeChart({ chart, summary }: { chart: MonthlyChart; summary: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const config: ChartConfiguration<'line', (number | null)[], string> = {
      type: 'line',
      data: {
        labels: chart.labels,
        datasets: chart.series.map((s, k) => {
          const style = STYLES[k % STYLES.length]!;
          return {
            label: s.label,
            data: s.rates.map(chartValue),
            // Points at 100 % sit on the frame: drawn whole, not cut. Lines of equal value (often 0 %) lie on each
            // other; their different point shapes and sizes keep each visible, and the legend note says so.
            clip: false,
            pointRadius: 6 - k,
            borderColor: style.color,
            backgroundColor: style.color,
            borderDash: [...style.dash],
            pointStyle: style.point,
            pointHoverRadius: 6,
            borderWidth: 2,
            spanGaps: false,
          };
        }),
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        locale: 'vi-VN',
        interaction: { mode: 'index', intersect: false },
        scales: {
          // Headroom above 100 % so markers there are not clipped; the ticks still stop at 100 %.
          y: { min: 0, max: 108, afterBuildTicks: (axis) => { axis.ticks = axis.ticks.filter((t) => t.value <= 100); }, ticks: { callback: (v) => percent(Number(v)), stepSize: 25 } },
        },
        plugins: {
          legend: { position: 'bottom', labels: { usePointStyle: true, boxWidth: 10 } },
          tooltip: {
            callbacks: {
              label: (ctx) => `${ctx.dataset.label}: ${ctx.parsed.y === null ? 'chưa có số liệu' : percent(ctx.parsed.y)}`,
            },
          },
        },
      },
    };
    const instance = new Chart(el, config);
    return () => instance.destroy();
  }, [chart]);

  return (
    <>
    <div className="leader-chart">
      <canvas ref={canvas} role="img" aria-label={summary}>
        {summary}
      </canvas>
    </div>
    <p className="muted small">Các đường có cùng giá trị (thường là 0 % hoặc 100 %) nằm chồng lên nhau; xem bảng số liệu bên dưới để đọc từng kênh.</p>
    </>
  );
}
