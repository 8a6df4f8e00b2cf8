// While filing: reports of the last 30 days within 300 m that look like the same problem, so the citizen knows it is
// already known (and can read a published answer). Advice only: the citizen may always go on and send theirs.
import { useEffect, useState } from 'react';
import { Button, useNavigate } from 'zmp-ui';
import { api } from '../../api/endpoints';
import type { Category, SimilarItem } from '../../api/types';
import { STATUS_LABELS } from '../../lib/feedback-labels';
import { formatDate } from '../../lib/format';
import { paths } from '../../routes';
import './similar-nearby.css';

/** Waits for the citizen to stop typing before asking again (the server counts each request). */
const DEBOUNCE_MS = 700;
const TEXT_MAX = 500;

function ItemLine({ item, categoryName }: { item: SimilarItem; categoryName: string }) {
  const navigate = useNavigate();
  const facts = [categoryName, STATUS_LABELS[item.status], `cách khoảng ${item.distanceM} m`, formatDate(item.receivedAt ?? item.receivedDate)]
    .filter(Boolean)
    .join(' · ');
  if (item.code && item.mine) {
    return (
      <li>
        <Button size="small" variant="tertiary" onClick={() => navigate(paths.feedback(item.code!))}>
          {`Xem phản ánh của bạn ${item.code}`}
        </Button>
        <div className="similar-facts muted">{facts}</div>
      </li>
    );
  }
  if (item.code && item.published) {
    return (
      <li>
        <details>
          <summary className="tap">{item.title?.trim() || `Phản ánh ${item.code}`}</summary>
          {item.content && <p className="content-text">{item.content}</p>}
          {item.answer && (
            <p className="content-text">
              <strong>Trả lời: </strong>
              {item.answer}
            </p>
          )}
        </details>
        <div className="similar-facts muted">{`Đã công khai · ${facts}`}</div>
      </li>
    );
  }
  return (
    <li>
      <span className="similar-facts">{facts}</span>
    </li>
  );
}

export function SimilarNearby({
  location,
  category,
  text,
  categories,
}: {
  location: { lat: number; lng: number } | null;
  category: string;
  text: string;
  categories: Category[] | undefined;
}) {
  const [items, setItems] = useState<SimilarItem[]>([]);
  const query = location && category ? { lat: location.lat, lng: location.lng, category, text: text.trim().slice(0, TEXT_MAX) || undefined } : null;
  const key = query ? JSON.stringify(query) : '';

  useEffect(() => {
    if (!query) {
      setItems([]);
      return;
    }
    let alive = true;
    const timer = setTimeout(() => {
      api.feedback
        .similar(query)
        .then((r) => alive && setItems(r.items))
        // Only advice: when it cannot be fetched, filing goes on as if there were none.
        .catch(() => alive && setItems([]));
    }, DEBOUNCE_MS);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  if (!items.length) return null;
  const nameOf = (code: string | null) => categories?.find((c) => c.code === code)?.name ?? 'Chưa rõ lĩnh vực';
  return (
    <section className="card similar-card" aria-labelledby="similar-title" data-testid="similar-notice">
      <h2 id="similar-title">{`Đã có ${items.length} phản ánh tương tự gần đây`}</h2>
      <p className="muted">Trong phạm vi khoảng 300 m, 30 ngày qua. Bạn vẫn có thể tiếp tục gửi phản ánh của mình.</p>
      <ul className="stack">
        {items.map((item, i) => (
          <ItemLine key={item.code ?? `n${i}`} item={item} categoryName={nameOf(item.category)} />
        ))}
      </ul>
    </section>
  );
}
