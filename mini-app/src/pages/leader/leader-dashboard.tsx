// The leader's dashboard: feedback indicators of the period (DTI 3.1–3.4, 4.1–4.2), their monthly course, what is
// overdue or nearly due, and how completely the units have reported the DTI indicators.
import { useMemo, useState } from 'react';
import { Select } from 'zmp-ui';
import { rolesOf, unitsWithRole, useSession } from '../../auth/session-context';
import { Screen } from '../../components/screen';
import { StaffNav } from '../../components/staff-nav';
import { todayInVietnam } from '../../lib/format';
import { ChartSection } from './dashboard-chart';
import { DeadlineSections } from './dashboard-deadlines';
import { DtiSection } from './dashboard-dti';
import { IndicatorSections } from './dashboard-indicators';
import { RankingSection } from './dashboard-ranking';
import { ALL_UNITS, chartRange, periodOptions, unitOptions } from './leader-periods';
import './leader.css';
import { LabelledSelect } from '../../components/labelled-select';
import { useQueryState } from '../../components/use-query-state';

export default function LeaderDashboard() {
  const { me } = useSession();
  const today = useMemo(() => todayInVietnam(), []);
  const periods = useMemo(() => periodOptions(today), [today]);
  const [periodKey, setPeriodKey] = useQueryState('period');
  const period = periods.find((p) => p.key === periodKey) ?? periods[0]!;

  const units = useMemo(() => unitOptions(unitsWithRole(me, ['leader', 'admin']), rolesOf(me).has('admin')), [me]);
  const [unitChoice, setUnitChoice] = useQueryState('unit');
  const unitCode = unitChoice ?? units[0]?.code ?? ALL_UNITS;
  const unit = unitCode === ALL_UNITS ? undefined : unitCode;
  const chart = chartRange(period, today);

  return (
    <Screen title="Tổng quan" back={false}>
      <div className="leader-filters">
        <LabelledSelect
          label="Kỳ báo cáo"
          value={period.key}
          closeOnSelect
          onChange={(v) => typeof v === 'string' && setPeriodKey(v)}
        >
          {periods.map((p) => (
            <Select.Option key={p.key} value={p.key} title={p.label} />
          ))}
        </LabelledSelect>
        {units.length > 1 && (
          <LabelledSelect label="Đơn vị" value={unitCode} closeOnSelect onChange={(v) => typeof v === 'string' && setUnitChoice(v)}>
            {units.map((u) => (
              <Select.Option key={u.code} value={u.code} title={u.name} />
            ))}
          </LabelledSelect>
        )}
        {units.length === 1 && <p className="muted small">Đơn vị: {units[0]!.name} và các đơn vị trực thuộc</p>}
      </div>

      {/* What needs action first: overdue items and units with missing DTI values; then the ranking; then figures. */}
      <DeadlineSections />
      <DtiSection unit={unit} today={today} />
      <RankingSection from={period.from} to={period.to} unit={unit} />
      <IndicatorSections from={period.from} to={period.to} unit={unit} />
      <ChartSection from={chart.from} to={chart.to} unit={unit} />
      <StaffNav />
    </Screen>
  );
}
