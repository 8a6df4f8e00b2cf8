// The items behind one figure of the dashboard (an on-time or satisfaction count). The server lists them with the same
// SQL the report counts, so the number here is the number that was tapped.
import { useSearchParams } from 'react-router-dom';
import { Button, useNavigate } from 'zmp-ui';
import { useState } from 'react';
import { api } from '../../api/endpoints';
import type { IndicatorItem } from '../../api/types';
import { LoadState } from '../../components/load-state';
import { Screen } from '../../components/screen';
import { useLoad } from '../../components/use-load';
import { CHANNEL_LABELS, STATUS_LABELS } from '../../lib/feedback-labels';
import { formatDate, formatDateTime, formatNumber } from '../../lib/format';
import { paths } from '../../routes';
import { FIGURE_LABELS, type FigureBucket, INDICATOR_NAMES } from './indicator-cards';
import './leader.css';

const PAGE = 50;

/** Where an item stands, in words: for late ones, whether it was answered late or is still unanswered. */
export function standingText(item: Pick<IndicatorItem, 'standing' | 'answeredAt'>): string {
  if (item.standing === 'onTime') return 'Trả lời đúng hạn';
  if (item.standing === 'late') return item.answeredAt ? 'Trả lời sau hạn' : 'Chưa trả lời, đã quá hạn';
  return item.answeredAt ? STATUS_LABELS.answered : 'Còn trong hạn';
}

export default function LeaderItems() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const unit = params.get('unit') ?? undefined;
  const code = params.get('code') ?? 'all';
  const bucket = (params.get('bucket') ?? 'total') as FigureBucket;
  const [pages, setPages] = useState(1);
  const list = useLoad(
    () => api.indicators.items({ from, to, unit, code, bucket, limit: PAGE * pages }),
    [from, to, unit, code, bucket, pages],
  );
  const label = FIGURE_LABELS[bucket] ?? bucket;

  return (
    <Screen title={label}>
      <p className="muted small">
        {code === 'all' ? 'Tất cả các kênh' : `${code}. ${INDICATOR_NAMES[code] ?? ''}`} · từ {formatDate(from)} đến {formatDate(to)}
      </p>
      <LoadState state={list} isEmpty={(l) => l.total === 0} empty="Không có phản ánh nào.">
        {(l) => (
          <>
            <h2 data-testid="items-total">
              {label}: {formatNumber(l.total)} phản ánh
            </h2>
            <ul className="stack" aria-label={`Danh sách: ${label}`}>
              {l.items.map((item) => (
                <li key={item.code}>
                  <button type="button" className="list-item" data-testid="drill-item" onClick={() => navigate(paths.leaderFeedback(item.code))}>
                    <span className="spread">
                      <span className="list-item-title">{item.code}</span>
                      <span className="small">{standingText(item)}</span>
                    </span>
                    <span className="excerpt">{item.title || 'Phản ánh, kiến nghị'}</span>
                    <span className="muted small">
                      {item.unit.name} · {CHANNEL_LABELS[item.channel] ?? item.channel}
                    </span>
                    <span className="muted small">
                      Nhận {formatDateTime(item.receivedAt)} · hạn {item.dueAt ? formatDateTime(item.dueAt) : 'tạm dừng'}
                      {item.answeredAt ? ` · trả lời ${formatDateTime(item.answeredAt)}` : ''}
                      {item.rating !== null ? ` · ${item.rating}/5 sao` : ''}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
            {l.items.length < l.total && (
              <Button fullWidth variant="secondary" onClick={() => setPages((p) => p + 1)}>
                Xem thêm
              </Button>
            )}
          </>
        )}
      </LoadState>
    </Screen>
  );
}
