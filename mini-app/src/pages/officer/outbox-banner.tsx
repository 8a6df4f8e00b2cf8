// What waits in the DTI outbox: a count of updates not yet sent, and each update the server refused with its reason,
// to try again or drop. `only` limits it to one indicator (the edit screen).
import { useState } from 'react';
import { Button } from 'zmp-ui';
import type { DtiKey } from '../../api/types';
import { dtiOutbox, useOutbox } from './dti-outbox-store';
import { periodLabel, sameKey } from './dti-wording';

export function OutboxBanner({ only }: { only?: DtiKey }) {
  const all = useOutbox();
  const entries = only ? all.filter((e) => sameKey(e.key, only)) : all;
  const pending = entries.filter((e) => !e.error);
  const refused = entries.filter((e) => e.error);
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState<string | null>(null);
  // "Chưa kết nối được…" belongs to the count it was said about: once that changes (something was sent), it goes.
  const [noteFor, setNoteFor] = useState(-1);
  if (note && noteFor !== pending.length) {
    setNote(null);
    setNoteFor(-1);
  }
  if (!entries.length) return null;

  const sendNow = async () => {
    setBusy(true);
    setNote(null);
    try {
      const r = await dtiOutbox.flush();
      if (r.offline) {
        setNote('Chưa kết nối được máy chủ. Sẽ tự gửi khi có mạng.');
        setNoteFor(dtiOutbox.list().filter((e) => !e.error && (!only || sameKey(e.key, only))).length);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="offline-banner" role="status" aria-live="polite">
      {pending.length > 0 && (
        <>
          <p>{pending.length} cập nhật đang chờ gửi khi có mạng</p>
          <Button size="small" variant="secondary" loading={busy} onClick={sendNow}>
            Gửi ngay
          </Button>
          {note && <p className="small">{note}</p>}
        </>
      )}
      {refused.map((e) => (
        <div key={e.id} className="outbox-item" role="alert">
          <p>
            Không gửi được cập nhật chỉ số {e.key.indicator} ({periodLabel(e.key.period)}): {e.error}
          </p>
          <div className="row">
            <Button
              size="small"
              variant="secondary"
              onClick={() => {
                dtiOutbox.retry(e.id);
                void sendNow();
              }}
            >
              Thử gửi lại
            </Button>
            <Button size="small" variant="tertiary" type="danger" onClick={() => void dtiOutbox.discard(e.id)}>
              Bỏ cập nhật này
            </Button>
          </div>
        </div>
      ))}
    </div>
  );
}
