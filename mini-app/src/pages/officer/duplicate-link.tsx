// Duplicates on the officer's screen: the link both ways (a duplicate shows its main item, a main item its
// duplicates), "Gộp vào phản ánh chính" with a pick of the main item by code or from nearby suggestions, and "Bỏ gộp".
// Rules: bot-server/src/domain/feedback/duplicate-rules.ts (the server checks them again).
import { useState } from 'react';
import { Button, Input, Sheet, useNavigate } from 'zmp-ui';
import { isOpen, TRACKING_CODE_RE } from '../../../../bot-server/src/domain/feedback/feedback-state';
import { DUPLICATE_LABELS_VI } from '../../../../bot-server/src/domain/feedback/duplicate-rules';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import type { DuplicateLinkRef, FeedbackDetail } from '../../api/types';
import { errorMessage } from '../../components/field-errors';
import { StatusBadge } from '../../components/status-badge';
import { useLoad } from '../../components/use-load';
import { formatDate } from '../../lib/format';
import { paths } from '../../routes';

/** The server's refusals (English codes) in the officer's words. */
const REFUSALS: Record<string, string> = {
  already_linked: 'Phản ánh này đã được gộp vào một phản ánh chính khác.',
  has_duplicates: 'Phản ánh này đang là phản ánh chính của phản ánh khác nên không gộp được.',
  main_is_duplicate: 'Phản ánh được chọn đã được gộp vào phản ánh khác. Vui lòng chọn phản ánh chính của nó.',
  main_not_open: 'Phản ánh chính đã được xử lý xong nên không gộp hoặc bỏ gộp được nữa.',
  not_open: 'Phản ánh này đã được xử lý xong.',
  not_linked: 'Phản ánh này chưa được gộp.',
};

function linkErrorMessage(err: unknown, main: string): string {
  if (err instanceof ApiError) {
    if (err.status === 404) return `Không tìm thấy phản ánh ${main} trong các đơn vị bạn xử lý.`;
    if (err.status === 422) return 'Không thể gộp phản ánh vào chính nó.';
    if (REFUSALS[err.code]) return REFUSALS[err.code]!;
  }
  return errorMessage(err);
}

function LinkRow({ item, label }: { item: DuplicateLinkRef; label?: string }) {
  const navigate = useNavigate();
  return (
    <li className="row">
      <Button size="small" variant="tertiary" onClick={() => navigate(paths.officerFeedback(item.code))}>
        {label ? `${label} ${item.code}` : item.code}
      </Button>
      <span className="badges">
        <StatusBadge status={item.status} />
      </span>
      {item.receivedAt && <span className="small muted">{`Nhận ngày ${formatDate(item.receivedAt)}`}</span>}
    </li>
  );
}

/** Nearby open items of the officer's units, as picks for the main item. */
function Suggestions({ f, onPick }: { f: FeedbackDetail; onPick: (code: string) => void }) {
  const location = f.location;
  const similar = useLoad(
    () =>
      location
        ? api.feedback.similar({ lat: location.lat, lng: location.lng, category: f.category ?? undefined, text: f.content.slice(0, 500), exclude: f.code })
        : Promise.resolve({ items: [], radiusM: 300, days: 30 }),
    [f.code],
  );
  if (!location) return <p className="small muted">Phản ánh không có vị trí nên không có gợi ý. Vui lòng nhập mã phản ánh chính.</p>;
  const picks = (similar.data?.items ?? []).filter((i) => i.code && isOpen(i.status));
  if (similar.loading && !similar.data) return <p className="small muted">Đang tìm phản ánh tương tự gần đây…</p>;
  if (!picks.length) return <p className="small muted">Không có phản ánh tương tự nào đang xử lý trong phạm vi 300 m.</p>;
  return (
    <div>
      <p className="field-title">Gợi ý phản ánh tương tự gần đây</p>
      <ul className="stack" data-testid="main-suggestions">
        {picks.map((i) => (
          <li key={i.code}>
            <Button size="small" variant="secondary" fullWidth className="wrap-button" onClick={() => onPick(i.code!)}>
              {`${i.code} · ${i.title?.trim() || i.excerpt || 'Không có tiêu đề'} · cách ${i.distanceM} m`}
            </Button>
          </li>
        ))}
      </ul>
    </div>
  );
}

function LinkSheet({ f, onClose, onDone }: { f: FeedbackDetail; onClose: () => void; onDone: () => void }) {
  const [main, setMain] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    const code = main.trim().toUpperCase();
    if (!TRACKING_CODE_RE.test(code)) {
      setError('Vui lòng nhập mã phản ánh chính, ví dụ PA-2026-000123.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.feedback.linkDuplicate(f.code, code);
      onDone();
    } catch (err) {
      setError(linkErrorMessage(err, code));
      setBusy(false);
    }
  };
  return (
    <Sheet visible title={DUPLICATE_LABELS_VI.link} onClose={() => !busy && onClose()} autoHeight mask handler swipeToClose={!busy}>
      <div className="sheet-body">
        <p className="muted">
          Phản ánh này sẽ được xử lý theo phản ánh chính: khi phản ánh chính được trả lời, người dân gửi phản ánh này cũng nhận được câu trả lời.
        </p>
        <Input
          label="Mã phản ánh chính"
          aria-label="Mã phản ánh chính"
          placeholder="Ví dụ: PA-2026-000123"
          value={main}
          disabled={busy}
          onChange={(e: { target: { value: string } }) => {
            setMain(e.target.value);
            setError(null);
          }}
        />
        <Suggestions f={f} onPick={(code) => { setMain(code); setError(null); }} />
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        {/* One column: the confirm label is long for half of a 360-px screen. */}
        <div className="sheet-buttons stacked">
          <Button variant="primary" loading={busy} onClick={confirm}>
            {DUPLICATE_LABELS_VI.link}
          </Button>
          <Button variant="secondary" disabled={busy} onClick={onClose}>
            Hủy
          </Button>
        </div>
      </div>
    </Sheet>
  );
}

function UnlinkSheet({ f, main, onClose, onDone }: { f: FeedbackDetail; main: string; onClose: () => void; onDone: () => void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.feedback.unlinkDuplicate(f.code);
      onDone();
    } catch (err) {
      setError(linkErrorMessage(err, main));
      setBusy(false);
    }
  };
  return (
    <Sheet visible title={DUPLICATE_LABELS_VI.unlink} onClose={() => !busy && onClose()} autoHeight mask handler swipeToClose={!busy}>
      <div className="sheet-body">
        <p className="muted">{`Tách phản ánh này khỏi phản ánh chính ${main}? Sau đó phản ánh được xử lý riêng.`}</p>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <div className="sheet-buttons">
          <Button variant="secondary" disabled={busy} onClick={onClose}>
            Hủy
          </Button>
          <Button variant="primary" loading={busy} onClick={confirm}>
            {DUPLICATE_LABELS_VI.unlink}
          </Button>
        </div>
      </div>
    </Sheet>
  );
}

/** Whether the item is an open duplicate, handled through its main item (its own actions are then refused). */
export function handledThroughMain(f: FeedbackDetail): boolean {
  return !!f.duplicateOf && isOpen(f.status);
}

export function DuplicateLinks({ f, onChanged }: { f: FeedbackDetail; onChanged: (message: string) => void }) {
  const [sheet, setSheet] = useState<'link' | 'unlink' | null>(null);
  const main = f.duplicateOf ?? null;
  const duplicates = f.duplicates ?? [];
  const canLink = !main && duplicates.length === 0 && isOpen(f.status);
  const canUnlink = !!main && isOpen(main.status) && isOpen(f.status);
  if (!main && !duplicates.length && !canLink) return null;
  return (
    <section className="card" aria-labelledby="dup-title" data-testid="duplicate-links">
      <h2 id="dup-title">Phản ánh trùng</h2>
      {main && (
        <>
          <p>
            {isOpen(f.status)
              ? 'Phản ánh này đã được gộp vào phản ánh chính và được xử lý theo phản ánh chính:'
              : 'Phản ánh này đã được gộp và xử lý theo phản ánh chính:'}
          </p>
          <ul className="stack">
            <LinkRow item={main} label="Phản ánh chính" />
          </ul>
        </>
      )}
      {duplicates.length > 0 && (
        <>
          <p>{`Các phản ánh được gộp vào phản ánh này (${duplicates.length}): khi trả lời phản ánh này, các phản ánh đang chờ cũng được trả lời theo.`}</p>
          <ul className="stack">
            {duplicates.map((d) => (
              <LinkRow key={d.code} item={d} />
            ))}
          </ul>
        </>
      )}
      {!main && !duplicates.length && <p className="muted">Nếu phản ánh này trùng với một phản ánh đang xử lý, gộp vào phản ánh đó để trả lời chung.</p>}
      <div className="action-buttons">
        {canLink && (
          <Button size="medium" variant="secondary" onClick={() => setSheet('link')}>
            {DUPLICATE_LABELS_VI.link}
          </Button>
        )}
        {canUnlink && (
          <Button size="medium" variant="secondary" onClick={() => setSheet('unlink')}>
            {DUPLICATE_LABELS_VI.unlink}
          </Button>
        )}
      </div>
      {sheet === 'link' && (
        <LinkSheet
          f={f}
          onClose={() => setSheet(null)}
          onDone={() => {
            setSheet(null);
            onChanged(DUPLICATE_LABELS_VI.linkDone);
          }}
        />
      )}
      {sheet === 'unlink' && main && (
        <UnlinkSheet
          f={f}
          main={main.code}
          onClose={() => setSheet(null)}
          onDone={() => {
            setSheet(null);
            onChanged(DUPLICATE_LABELS_VI.unlinkDone);
          }}
        />
      )}
    </section>
  );
}
