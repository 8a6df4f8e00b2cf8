// The officer's inbox: feedback of their units, filtered by deadline (tabs) and status, most urgent first.
import { type FormEvent, useState } from 'react';
import { Button, Input, Select, Tabs, useNavigate, useSearchParams } from 'zmp-ui';
import { api } from '../../api/endpoints';
import type { Feedback, FeedbackStatus } from '../../api/types';
import { DeadlineBadge } from '../../components/deadline-badge';
import { ErrorState, LoadState } from '../../components/load-state';
import { OaChatNudge } from '../../components/oa-chat-nudge';
import { Screen } from '../../components/screen';
import { StaffNav } from '../../components/staff-nav';
import { StatusBadge } from '../../components/status-badge';
import { useLoad } from '../../components/use-load';
import { feedbackHeadline, STATUS_LABELS } from '../../lib/feedback-labels';
import { formatDate } from '../../lib/format';
import { paths } from '../../routes';
import {
  ALL_STATUSES,
  emptyMessage,
  filterFromParams,
  INBOX_PAGE,
  INBOX_TABS,
  type InboxFilter,
  type InboxTab,
  listQuery,
  paramsFromFilter,
} from './inbox-filters';
import './officer.css';
import { LabelledSelect } from '../../components/labelled-select';
import { ReadMarks } from './read-marks';
import { useMapConfig } from '../../components/map/map-config';
import { ListMapToggle } from '../../components/map/list-map-toggle';
import { InboxMap, type InboxView } from './inbox-map';

/** Headlines stay within 90 characters, the ellipsis included. */
const INBOX_HEADLINE_CHARS = 89;
const MAX_LIMIT = 200;

function InboxItem({ item, onOpen }: { item: Feedback; onOpen: () => void }) {
  return (
    <button type="button" className="list-item" onClick={onOpen}>
      <span className="spread">
        <span className="item-code">{item.code}</span>
        <StatusBadge status={item.status} />
      </span>
      <span className="item-title">{feedbackHeadline(item, INBOX_HEADLINE_CHARS)}</span>
      <span className="badges">
        <DeadlineBadge deadline={item.deadline} />
        <ReadMarks item={item} />
      </span>
      <span className="item-meta">
        <span>{item.unit.name}</span>
        <span>Nhận ngày {formatDate(item.receivedAt)}</span>
      </span>
    </button>
  );
}

function InboxList({ filter, view = 'list' }: { filter: InboxFilter; view?: InboxView }) {
  const navigate = useNavigate();
  const [limit, setLimit] = useState(INBOX_PAGE);
  const state = useLoad(() => api.feedback.list({ ...listQuery(filter), limit }), [limit]);
  return (
    <LoadState state={state} isEmpty={(d) => d.items.length === 0} empty={<p>{emptyMessage(filter)}</p>}>
      {(data) => (
        <>
          <p className="muted small" aria-live="polite">
            {data.items.length === data.limit ? `${data.items.length}+ phản ánh` : `${data.items.length} phản ánh`}
          </p>
          {view === 'map' ? (
            <InboxMap items={data.items} />
          ) : (
            <div role="list" aria-label="Danh sách phản ánh" className="item-list">
              {data.items.map((item) => (
                <div role="listitem" key={item.code}>
                  <InboxItem item={item} onOpen={() => navigate(paths.officerFeedback(item.code))} />
                </div>
              ))}
            </div>
          )}
          {state.error && <ErrorState error={state.error} onRetry={state.reload} />}
          {data.items.length === data.limit && limit < MAX_LIMIT && (
            <div className="actions">
              <Button variant="secondary" loading={state.loading} onClick={() => setLimit((l) => Math.min(MAX_LIMIT, l + INBOX_PAGE))}>
                Xem thêm
              </Button>
            </div>
          )}
        </>
      )}
    </LoadState>
  );
}

export default function OfficerInbox() {
  const [params, setParams] = useSearchParams();
  const filter = filterFromParams(params);
  const mapsOn = Boolean(useMapConfig());
  const view: InboxView = mapsOn && params.get('view') === 'map' ? 'map' : 'list';
  // The view is kept in the address too, so "back" from an item returns to the map.
  const update = (next: InboxFilter, v: InboxView = view) =>
    setParams({ ...paramsFromFilter(next), ...(v === 'map' ? { view: 'map' } : {}) }, { replace: true });
  const [typed, setTyped] = useState(filter.q ?? '');
  const search = (e: FormEvent) => {
    e.preventDefault();
    update({ ...filter, q: typed.trim() || undefined });
  };

  return (
    <Screen title="Phản ánh cần xử lý" back={false}>
      <OaChatNudge />
      <div className="filters">
        <form className="inbox-search" role="search" onSubmit={search}>
          <Input
            label="Tìm phản ánh"
            aria-label="Tìm phản ánh"
            placeholder="Từ khóa hoặc mã, không cần dấu"
            value={typed}
            maxLength={200}
            onChange={(e) => setTyped(e.target.value)}
          />
          <Button htmlType="submit">Tìm</Button>
        </form>
        <Tabs activeKey={filter.tab} onChange={(key: string) => update({ ...filter, tab: key as InboxTab })}>
          {INBOX_TABS.map((t) => (
            <Tabs.Tab key={t.key} label={t.label} />
          ))}
        </Tabs>
        <LabelledSelect
          label="Trạng thái"
          value={filter.status ?? ALL_STATUSES}
          closeOnSelect
          onChange={(v) => {
            const s = String(v ?? ALL_STATUSES);
            update({ ...filter, status: s === ALL_STATUSES ? undefined : (s as FeedbackStatus) });
          }}
        >
          <Select.Option value={ALL_STATUSES} title="Mọi trạng thái" />
          {(Object.keys(STATUS_LABELS) as FeedbackStatus[]).map((s) => (
            <Select.Option key={s} value={s} title={STATUS_LABELS[s]} />
          ))}
        </LabelledSelect>
      </div>
      {mapsOn && <ListMapToggle view={view} onChange={(v) => update(filter, v)} />}
      <InboxList key={`${filter.tab}|${filter.status ?? ''}|${filter.q ?? ''}`} filter={filter} view={view} />
      <StaffNav />
    </Screen>
  );
}
