// The DTI indicators assigned to the officer's unit for a reporting period, with their state and value.
import { useOnlineAgain } from '../../lib/use-online';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Button, Select, useNavigate } from 'zmp-ui';
import { api } from '../../api/endpoints';
import type { AssignedList, DtiSetSummary } from '../../api/types';
import { unitsWithRole, useSession } from '../../auth/session-context';
import { Badge } from '../../components/badge';
import { ErrorState, LoadState } from '../../components/load-state';
import { Screen } from '../../components/screen';
import { StaffNav } from '../../components/staff-nav';
import { useLoad } from '../../components/use-load';
import { describeValue, DTI_STATUS_LABELS, DTI_STATUS_TONES } from '../../lib/dti-values';
import { formatDate, formatDateTime } from '../../lib/format';
import { paths } from '../../routes';
import { storage } from '../../zalo';
import { type Cached, loadWithCache } from './dti-cache';
import { isOfflineError, startOutboxSync, useOutbox } from './dti-outbox-store';
import { periodLabel, ROLE_LABELS, sameKey } from './dti-wording';
import { withType } from './dti-form';
import { OutboxBanner } from './outbox-banner';
import './officer.css';
import { LabelledSelect } from '../../components/labelled-select';
import { useQueryState } from '../../components/use-query-state';

interface SetWithList {
  set: DtiSetSummary;
  list: AssignedList;
}

/** The sets with indicators assigned to the unit (a set without periods or assignments is left out). */
async function loadSets(unit: string): Promise<SetWithList[]> {
  const { sets } = await api.dti.sets();
  const results = await Promise.all(
    sets.map((set) =>
      api.dti.assigned({ set: set.code, unit }).then(
        (list) => ({ set, list }),
        (error: Error) => ({ set, error }),
      ),
    ),
  );
  const found = results.filter((r): r is SetWithList => 'list' in r && r.list.indicators.length > 0);
  if (!found.length) {
    // Nothing assigned: a real answer, unless the calls failed (no network…), which deserves "Thử lại".
    const failed = results.find((r): r is { set: DtiSetSummary; error: Error } => 'error' in r);
    if (failed && results.every((r) => 'error' in r)) throw failed.error;
  }
  return found;
}

function Indicators({ list, unit, periodSelect }: { list: AssignedList; unit: string; periodSelect: ReactNode }) {
  const navigate = useNavigate();
  const outbox = useOutbox();
  const done = list.indicators.filter((i) => i.status === 'submitted' || i.status === 'approved').length;
  const missing = list.indicators.filter((i) => i.status === 'missing').length;
  return (
    <>
      <section className="card" aria-labelledby="period-title">
        <div className="spread">
          <h2 id="period-title">
            {`Kỳ báo cáo ${periodLabel(list.period.code)}`}
          </h2>
          {list.period.locked && <Badge tone="danger">Đã khóa</Badge>}
        </div>
        <p>Hạn nộp: {formatDate(list.period.dueOn)}</p>
        {list.period.locked && <p className="muted small">Kỳ báo cáo đã khóa, chỉ xem được số liệu.</p>}
        <p className="muted small">
          {list.indicators.length} chỉ số · {done} đã gửi · {missing} chưa nhập
        </p>
        {periodSelect}
      </section>
      <div role="list" aria-label="Chỉ số được giao" className="item-list">
        {list.indicators.map((ind) => {
          const key = { set: list.set, period: list.period.code, indicator: ind.code, unit };
          const queued = outbox.some((e) => sameKey(e.key, key));
          return (
            <div role="listitem" key={ind.code}>
              <button type="button" className="list-item" onClick={() => navigate(paths.officerDtiEdit(key))}>
                <span className="item-code">{ind.code}</span>
                <span className="item-title">{ind.name}</span>
                <span className="badges">
                  <Badge tone="neutral">{ROLE_LABELS[ind.role] ?? ind.role}</Badge>
                  <Badge tone={DTI_STATUS_TONES[ind.status]}>{DTI_STATUS_LABELS[ind.status]}</Badge>
                  {queued && <Badge tone="warning">Chờ gửi</Badge>}
                </span>
                <span className="item-meta">
                  <span>{describeValue(withType(ind.value?.value ?? null, ind.valueType), ind.unitOfMeasure)}</span>
                  {ind.evidenceRequired && <span>Cần minh chứng</span>}
                </span>
              </button>
            </div>
          );
        })}
      </div>
    </>
  );
}

function SetView({ initial, unit, version, offline }: { initial: AssignedList; unit: string; version: number; offline: boolean }) {
  const [period, setPeriod] = useQueryState('period');
  const periods = useLoad(() => (offline ? Promise.resolve({ periods: [] }) : api.dti.periods(initial.set)), [initial.set, offline]);
  const state = useLoad(
    () => (period === undefined && version === 0 ? Promise.resolve(initial) : api.dti.assigned({ set: initial.set, unit, ...(period ? { period } : {}) })),
    [initial, unit, period, version],
  );
  const current = period ?? state.data?.period.code ?? initial.period.code;
  const periodSelect =
    periods.data && periods.data.periods.length > 1 ? (
      <LabelledSelect label="Kỳ báo cáo" value={current} closeOnSelect onChange={(v) => setPeriod(String(v ?? ''))}>
        {periods.data.periods.map((p) => (
          <Select.Option
            key={p.code}
            value={p.code}
            // Short enough for the one-line field at 360 px; the due date is shown above it.
            title={`${periodLabel(p.code)}${p.locked ? ' (đã khóa)' : ''}`}
          />
        ))}
      </LabelledSelect>
    ) : null;
  return (
    <LoadState state={state} isEmpty={(d) => d.indicators.length === 0} empty={<p>Đơn vị không có chỉ số nào trong kỳ này.</p>}>
      {(list) => (
        <>
          {state.error && <ErrorState error={state.error} onRetry={state.reload} />}
          <Indicators list={list} unit={unit} periodSelect={periodSelect} />
        </>
      )}
    </LoadState>
  );
}

export default function DtiList() {
  const { me } = useSession();
  const staffUnits = unitsWithRole(me, ['officer', 'leader']);
  const units = staffUnits.length ? staffUnits : unitsWithRole(me, ['admin']);
  const [unitParam, setUnit] = useQueryState('unit');
  const unit = unitParam && units.some((u) => u.code === unitParam) ? unitParam : (units[0]?.code ?? '');
  const [setCode, setSetCode] = useQueryState('set');
  const sets = useLoad<Cached<SetWithList[]>>(
    () => (unit ? loadWithCache(storage, `list.${unit}`, () => loadSets(unit), isOfflineError) : Promise.resolve({ data: [] as SetWithList[] })),
    [unit],
  );
  const outbox = useOutbox();
  const pending = outbox.filter((e) => !e.error).length;
  const [version, setVersion] = useState(0);

  useEffect(() => {
    void startOutboxSync();
  }, []);
  // When queued updates leave the outbox, the list shows what the server now has.
  const lastPending = useRef(pending);
  useEffect(() => {
    if (pending < lastPending.current) {
      setVersion((v) => v + 1);
      // The queue got through, so the network is back: replace the device's copy (and its "Không có mạng").
      if (sets.data?.cachedAt !== undefined) sets.reload();
    }
    lastPending.current = pending;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pending]);
  useOnlineAgain(() => {
    if (sets.data?.cachedAt !== undefined) sets.reload();
  });

  return (
    <Screen title="Chỉ số DTI" back={false}>
      <OutboxBanner />
      {units.length === 0 ? (
        <div className="state state-empty">
          <p>Tài khoản chưa được gán vào đơn vị nào nên chưa có chỉ số để cập nhật.</p>
        </div>
      ) : (
        <>
          {units.length > 1 && (
            <LabelledSelect
              label="Đơn vị"
              value={unit}
              closeOnSelect
              onChange={(v) => {
                setUnit(String(v ?? ''), ['set', 'period']);
              }}
            >
              {units.map((u) => (
                <Select.Option key={u.code} value={u.code} title={u.name} />
              ))}
            </LabelledSelect>
          )}
          <LoadState state={sets} isEmpty={(d) => d.data.length === 0} empty={<p>Đơn vị chưa được giao chỉ số DTI nào.</p>}>
            {({ data: found, cachedAt }) => {
              const chosen = found.find((s) => s.set.code === setCode) ?? found[0]!;
              return (
                <>
                  {cachedAt !== undefined && (
                    <div className="offline-banner" role="status">
                      <p>Không có mạng. Đang hiển thị số liệu tải lúc {formatDateTime(new Date(cachedAt).toISOString())}.</p>
                      <Button size="small" variant="secondary" onClick={sets.reload} loading={sets.loading}>
                        Thử lại
                      </Button>
                    </div>
                  )}
                  {found.length > 1 ? (
                    // Buttons, not a select: a set's name is longer than a one-line field at 360 px would show.
                    <div role="radiogroup" aria-label="Bộ chỉ số" className="choice-list">
                      <span className="field-label" aria-hidden="true">
                        Bộ chỉ số
                      </span>
                      {found.map((s) => (
                        <Button
                          key={s.set.code}
                          role="radio"
                          aria-checked={s.set.code === chosen.set.code}
                          variant={s.set.code === chosen.set.code ? 'primary' : 'secondary'}
                          size="medium"
                          fullWidth
                          onClick={() => setSetCode(s.set.code, ['period'])}
                        >
                          {s.set.year ? `${s.set.name} (${s.set.year})` : s.set.name}
                        </Button>
                      ))}
                    </div>
                  ) : (
                    <p className="muted">{chosen.set.name}</p>
                  )}
                  <SetView key={`${unit}|${chosen.set.code}|${cachedAt ?? ''}`} initial={chosen.list} unit={unit} version={version} offline={cachedAt !== undefined} />
                </>
              );
            }}
          </LoadState>
        </>
      )}
      <StaffNav />
    </Screen>
  );
}
