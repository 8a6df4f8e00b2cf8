// Results officers have published, for anyone (no sign-in): search without diacritics, filters, and each item's
// answer. Nothing personal reaches this page: the server sends only the public view.
import { type FormEvent, useState } from 'react';
import { Button, Input, Select, useNavigate, useSearchParams } from 'zmp-ui';
import { api } from '../../api/endpoints';
import type { FeedbackStatus, PublicFeedback } from '../../api/types';
import { LabelledSelect } from '../../components/labelled-select';
import { FeedbackMap } from '../../components/map/feedback-map';
import { type ListOrMap, ListMapToggle } from '../../components/map/list-map-toggle';
import { useMapConfig } from '../../components/map/map-config';
import { ErrorState, LoadState } from '../../components/load-state';
import { Screen } from '../../components/screen';
import { StatusBadge } from '../../components/status-badge';
import { useLoad } from '../../components/use-load';
import { feedbackHeadline, STATUS_LABELS } from '../../lib/feedback-labels';
import { paths } from '../../routes';
import { ALL, datesText, placeText, PUBLIC_STATUSES, workingDaysText } from './public-labels';
import './public.css';

const PAGE = 20;
const MAX_ITEMS = 100;
const Q_MAX = 200;

function PublicCard({ item, onOpen }: { item: PublicFeedback; onOpen: () => void }) {
  const days = workingDaysText(item);
  return (
    <button type="button" className="list-item public-card" onClick={onOpen}>
      <span className="spread">
        <span className="category">{item.categoryName ?? 'Phản ánh'}</span>
        <StatusBadge status={item.status} />
      </span>
      <span className="item-title">{feedbackHeadline(item, 89)}</span>
      <span className="item-meta">{placeText(item)}</span>
      <span className="item-meta">{datesText(item)}</span>
      {days && <span className="item-meta">{days}</span>}
    </button>
  );
}

interface Filter {
  q: string;
  category: string | undefined;
  unit: string | undefined;
  status: FeedbackStatus | undefined;
}

function Results({ filter }: { filter: Filter }) {
  const navigate = useNavigate();
  const [limit, setLimit] = useState(PAGE);
  const mapsOn = Boolean(useMapConfig());
  const [view, setView] = useState<ListOrMap>('list');
  const state = useLoad(
    () => api.public.list({ q: filter.q || undefined, category: filter.category, unit: filter.unit, status: filter.status, limit }),
    [limit],
  );
  return (
    <LoadState
      state={state}
      isEmpty={(d) => d.items.length === 0}
      empty={<p>{filter.q || filter.category || filter.unit || filter.status ? 'Không có kết quả phù hợp.' : 'Chưa có phản ánh nào được công khai.'}</p>}
    >
      {(data) => (
        <>
          <p className="muted small" aria-live="polite">{`${data.total} phản ánh đã công khai`}</p>
          {mapsOn && <ListMapToggle view={view} onChange={setView} />}
          {view === 'map' ? (
            // Locations here are the public view's, rounded to about 110 m.
            <FeedbackMap
              items={data.items.flatMap((i) => (i.location ? [{ code: i.code, title: feedbackHeadline(i, 89), lat: i.location.lat, lng: i.location.lng }] : []))}
              label="Bản đồ kết quả đã công khai"
              onOpen={(code) => navigate(paths.publicFeedback(code))}
            />
          ) : (
            <div role="list" aria-label="Kết quả đã công khai" className="item-list">
              {data.items.map((item) => (
                <div role="listitem" key={item.code}>
                  <PublicCard item={item} onOpen={() => navigate(paths.publicFeedback(item.code))} />
                </div>
              ))}
            </div>
          )}
          {state.error && <ErrorState error={state.error} onRetry={state.reload} />}
          {data.items.length < data.total && limit < MAX_ITEMS && (
            <div className="actions">
              <Button variant="secondary" loading={state.loading} onClick={() => setLimit((l) => Math.min(MAX_ITEMS, l + PAGE))}>
                Xem thêm
              </Button>
            </div>
          )}
        </>
      )}
    </LoadState>
  );
}

export default function PublicList() {
  const [params, setParams] = useSearchParams();
  const filter: Filter = {
    q: params.get('q') ?? '',
    category: params.get('category') ?? undefined,
    unit: params.get('unit') ?? undefined,
    status: PUBLIC_STATUSES.find((s) => s === params.get('status')),
  };
  const [typed, setTyped] = useState(filter.q);
  const filters = useLoad(() => api.public.filters(), []);
  const update = (next: Filter) => {
    const out: Record<string, string> = {};
    if (next.q.trim()) out.q = next.q.trim();
    if (next.category) out.category = next.category;
    if (next.unit) out.unit = next.unit;
    if (next.status) out.status = next.status;
    setParams(out, { replace: true });
  };
  const search = (e: FormEvent) => {
    e.preventDefault();
    update({ ...filter, q: typed });
  };
  const pick = (v: unknown) => (v === undefined || v === null || String(v) === ALL ? undefined : String(v));

  return (
    <Screen title="Kết quả đã công khai">
      <p className="muted">Phản ánh của người dân đã được cơ quan trả lời và công khai.</p>
      <form className="search-form" role="search" onSubmit={search}>
        <Input
          label="Tìm kiếm"
          aria-label="Tìm kiếm"
          placeholder="Ví dụ: o ga, den duong"
          value={typed}
          maxLength={Q_MAX}
          onChange={(e) => setTyped(e.target.value)}
        />
        <Button htmlType="submit">Tìm</Button>
      </form>
      <div className="filters">
        {filters.data && (
          <>
            <LabelledSelect label="Lĩnh vực" value={filter.category ?? ALL} closeOnSelect onChange={(v) => update({ ...filter, category: pick(v) })}>
              <Select.Option value={ALL} title="Mọi lĩnh vực" />
              {filters.data.categories.map((c) => (
                <Select.Option key={c.code} value={c.code} title={c.name} />
              ))}
            </LabelledSelect>
            <LabelledSelect label="Đơn vị" value={filter.unit ?? ALL} closeOnSelect onChange={(v) => update({ ...filter, unit: pick(v) })}>
              <Select.Option value={ALL} title="Mọi đơn vị" />
              {filters.data.units.map((u) => (
                <Select.Option key={u.code} value={u.code} title={u.name} />
              ))}
            </LabelledSelect>
          </>
        )}
        <LabelledSelect
          label="Trạng thái"
          value={filter.status ?? ALL}
          closeOnSelect
          onChange={(v) => update({ ...filter, status: pick(v) as FeedbackStatus | undefined })}
        >
          <Select.Option value={ALL} title="Mọi trạng thái" />
          {PUBLIC_STATUSES.map((s) => (
            <Select.Option key={s} value={s} title={STATUS_LABELS[s]} />
          ))}
        </LabelledSelect>
      </div>
      <Results key={`${filter.q}|${filter.category ?? ''}|${filter.unit ?? ''}|${filter.status ?? ''}`} filter={filter} />
    </Screen>
  );
}
