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
            borderColor: style.color,
            backgroundColor: style.color,
            borderDash: [...style.dash],
            pointStyle: style.point,
            pointRadius: 4,
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
          y: { min: 0, max: 100, ticks: { callback: (v) => percent(Number(v)), stepSize: 25 } },
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
    <div className="leader-chart">
      <canvas ref={canvas} role="img" aria-label={summary}>
        {summary}
      </canvas>
    </div>
  );
}
