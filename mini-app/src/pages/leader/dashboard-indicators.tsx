// Sections (a), (b) and (f) of the dashboard: the on-time and satisfaction indicators of the period, and the Excel.
import { useState } from 'react';
import { Button } from 'zmp-ui';
import { api } from '../../api/endpoints';
import { errorMessage } from '../../components/field-errors';
import { LoadState } from '../../components/load-state';
import { useLoad } from '../../components/use-load';
import { formatDate, formatDateTime } from '../../lib/format';
import { type IndicatorCard, onTimeCards, onTimeOverall, satisfactionCards } from './indicator-cards';

function Card({ card }: { card: IndicatorCard }) {
  const id = `ind-${card.code.replace('.', '-')}`;
  return (
    <article className="card" data-testid={card.testId} aria-labelledby={id}>
      <div className="indicator-head">
        <span className="indicator-code">{card.code === 'all' ? 'Chung' : card.code}</span>
        <span className="indicator-rate" data-role="rate">
          {card.rateText}
        </span>
      </div>
      <h3 className="indicator-name" id={id}>
        {card.name}
      </h3>
      {card.channels && <p className="muted small indicator-line">Kênh: {card.channels}</p>}
      {card.lines.map((line) => (
        <p className="indicator-line" key={line}>
          {line}
        </p>
      ))}
    </article>
  );
}

function ExcelButton({ from, to, unit }: { from: string; to: string; unit: string | undefined }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.indicators.downloadXlsx({ from, to, unit });
    } catch (err) {
      setError(`Không tải được tệp Excel. ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="actions">
      <Button fullWidth variant="secondary" loading={busy} onClick={download}>
        Tải Excel
      </Button>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function IndicatorSections({ from, to, unit }: { from: string; to: string; unit: string | undefined }) {
  const report = useLoad(() => api.indicators.feedback({ from, to, unit }), [from, to, unit]);
  return (
    <>
      <LoadState
        state={report}
        isEmpty={(r) => (r.onTime.find((i) => i.code === 'all')?.total ?? 0) === 0}
        empty={
          <>
            <p>Chưa có phản ánh nào trong kỳ này.</p>
            <p className="small">
              Kỳ báo cáo từ {formatDate(from)} đến {formatDate(to)}.
            </p>
          </>
        }
      >
        {(r) => {
          const overall = onTimeOverall(r);
          return (
            <>
              <p className="muted small">
                Kỳ báo cáo từ {formatDate(r.from)} đến {formatDate(r.to)}; số liệu tính đến {formatDateTime(r.asOf)}.
              </p>
              <section className="leader-section" aria-labelledby="ontime-heading">
                <h2 id="ontime-heading">Tỷ lệ xử lý đúng hạn</h2>
                <p className="overall" data-testid={overall.testId}>
                  <span>Tất cả các kênh:</span> <strong>{overall.rateText}</strong>
                  <span className="muted small">{overall.lines.join(' · ')}</span>
                </p>
                <div className="indicator-grid">
                  {onTimeCards(r).map((c) => (
                    <Card key={c.code} card={c} />
                  ))}
                </div>
              </section>
              <section className="leader-section" aria-labelledby="satisfaction-heading">
                <h2 id="satisfaction-heading">Mức độ hài lòng</h2>
                <p className="muted small">Hài lòng: đánh giá 4 hoặc 5 sao trên thang 5 sao.</p>
                <div className="indicator-grid">
                  {satisfactionCards(r).map((c) => (
                    <Card key={c.code} card={c} />
                  ))}
                </div>
              </section>
            </>
          );
        }}
      </LoadState>
      <ExcelButton from={from} to={to} unit={unit} />
    </>
  );
}
