// Sections (a), (b) and (f) of the dashboard: the on-time and satisfaction indicators of the period, and the Excel.
import { useState } from 'react';
import { Button, useNavigate } from 'zmp-ui';
import { api } from '../../api/endpoints';
import { errorMessage } from '../../components/field-errors';
import { LoadState } from '../../components/load-state';
import { useLoad } from '../../components/use-load';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { paths } from '../../routes';
import { type IndicatorCard, type IndicatorFigure, onTimeCards, onTimeOverall, satisfactionCards } from './indicator-cards';

interface Scope {
  from: string;
  to: string;
  unit: string | undefined;
}

/** One count of a card, as a button opening the items behind it. */
function Figure({ figure, code, scope }: { figure: IndicatorFigure; code: string; scope: Scope }) {
  const navigate = useNavigate();
  return (
    <button
      type="button"
      className="figure"
      data-bucket={figure.bucket}
      onClick={() => navigate(paths.leaderItems({ ...scope, code, bucket: figure.bucket }))}
      aria-label={`${figure.label}: ${formatNumber(figure.value)}. Xem danh sách`}
    >
      <span className="figure-value">{formatNumber(figure.value)}</span>
      <span className="figure-label">
        {figure.label}
        {figure.note && <span className="muted small figure-note">{figure.note}</span>}
      </span>
    </button>
  );
}

function Card({ card, scope, figureCode = card.code }: { card: IndicatorCard; scope: Scope; figureCode?: string }) {
  const id = `ind-${card.testId}`;
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
      {card.channels && card.channels !== card.name && <p className="muted small indicator-line">Kênh: {card.channels}</p>}
      <p className="muted small indicator-line" data-role="rate-note">
        Tỷ lệ: {card.rateNote}
      </p>
      <div className="figures">
        {card.figures.map((f) => (
          <Figure key={f.bucket} figure={f} code={figureCode} scope={scope} />
        ))}
      </div>
      {card.extra && <p className="indicator-line small">{card.extra}</p>}
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
                <Card card={overall} scope={{ from, to, unit }} figureCode="all" />
                <div className="indicator-grid">
                  {onTimeCards(r).map((c) => (
                    <Card key={c.code} card={c} scope={{ from, to, unit }} />
                  ))}
                </div>
              </section>
              <section className="leader-section" aria-labelledby="satisfaction-heading">
                <h2 id="satisfaction-heading">Mức độ hài lòng</h2>
                <p className="muted small">Hài lòng: đánh giá 4 hoặc 5 sao trên thang 5 sao.</p>
                <div className="indicator-grid">
                  {satisfactionCards(r).map((c) => (
                    <Card key={c.code} card={c} scope={{ from, to, unit }} />
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
