// Section (e) of the dashboard: how completely the units have reported the DTI indicators of the current period,
// and the points their submitted values would earn.
import { useMemo } from 'react';
import { Select } from 'zmp-ui';
import { LoadState } from '../../components/load-state';
import { useLoad } from '../../components/use-load';
import { formatDate, formatPercent } from '../../lib/format';
import { completenessSummary } from './completeness-summary';
import { loadDtiCompleteness, loadDtiSets, shownDtiSet, useChosenDtiSet } from './dti-completeness';
import { unitsMissingDti } from './unit-ranking';
import { dtiPeriodLabel } from './leader-periods';
import { LabelledSelect } from '../../components/labelled-select';

function Completeness({ set, unit, today }: { set: string; unit: string | undefined; today: string }) {
  const report = useLoad(() => loadDtiCompleteness(set, unit, today), [set, unit, today]);

  return (
    <LoadState
      state={report}
      isEmpty={(r) => r === null || r.report.rows.length === 0 || r.report.totals.expected === 0}
      empty={report.data === null ? 'Bộ chỉ số chưa có kỳ báo cáo nào.' : 'Không có chỉ số nào phải báo cáo trong kỳ này.'}
    >
      {(r) => {
        if (!r) return null;
        const s = completenessSummary(r.report, unit);
        const missingUnits = unitsMissingDti(r.report.rows);
        return (
          <div className="card" data-testid="dti-completeness">
            <p className="muted small">
              {dtiPeriodLabel(r.period)} · hạn gửi {formatDate(r.period.dueOn)}
              {r.period.locked ? ' · đã khóa' : ''}
            </p>
            <h3>{s.scope}</h3>
            <p className="dti-headline">
              <strong>{formatPercent(s.rate)}</strong>
              chỉ số đã gửi
            </p>
            <ul className="dti-counts">
              <li>{s.submittedText}</li>
              <li>{s.onTimeText}</li>
              <li className={s.missing > 0 ? 'error-text' : undefined}>{s.missingText}</li>
            </ul>
            {missingUnits.length > 0 && (
              <>
                <h3>Đơn vị chưa gửi đủ số liệu ({missingUnits.length})</h3>
                <ul className="ranking" data-testid="dti-missing-units">
                  {missingUnits.map((u) => (
                    <li key={u.code}>
                      <span className="ranking-name">{u.name}</span>
                      <span className="muted small">còn thiếu {u.missing} chỉ số</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            {s.scored ? (
              <>
                <h3>Điểm ước tính theo chỉ số chính{s.averaged ? ' (bình quân mỗi đơn vị)' : ''}</h3>
                <p className="muted small">Tính trên các giá trị đã gửi và đã duyệt; điểm chính thức do cơ quan đánh giá công bố.</p>
                <ul className="points-list">
                  {s.indices.map((x) => (
                    <li key={x.code}>
                      <span>
                        {x.code}. {x.name}
                      </span>
                      <span>{x.text}</span>
                    </li>
                  ))}
                  {s.totalText && (
                    <li>
                      <span>
                        <strong>Tổng điểm ước tính</strong>
                      </span>
                      <span>{s.totalText}</span>
                    </li>
                  )}
                </ul>
              </>
            ) : (
              <p className="muted small">Bộ chỉ số này không quy định điểm cho từng chỉ số, nên không tính được điểm.</p>
            )}
          </div>
        );
      }}
    </LoadState>
  );
}

export function DtiSection({ unit, today }: { unit: string | undefined; today: string }) {
  const sets = useLoad(() => loadDtiSets(unit), [unit]);
  const [chosen, setChosen] = useChosenDtiSet();
  const setCode = useMemo(() => shownDtiSet(chosen, sets.data?.sets ?? [], today), [chosen, sets.data, today]);

  return (
    <section className="leader-section" aria-labelledby="dti-heading">
      <h2 id="dti-heading">Số liệu DTI cần gửi</h2>
      <LoadState state={sets} isEmpty={(d) => d.sets.length === 0} empty="Chưa có bộ chỉ số DTI nào.">
        {(d) => (
          <>
            {d.sets.length > 1 && (
              <LabelledSelect
                label="Bộ chỉ số"
                value={setCode}
                closeOnSelect
                onChange={(v) => typeof v === 'string' && setChosen(v)}
              >
                {d.sets.map((s) => (
                  <Select.Option key={s.code} value={s.code} title={s.name} />
                ))}
              </LabelledSelect>
            )}
            {d.sets.length === 1 && <p className="muted small">{d.sets[0]!.name}</p>}
            {setCode && <Completeness set={setCode} unit={unit} today={today} />}
          </>
        )}
      </LoadState>
    </section>
  );
}
