// Quick update of one DTI indicator of the officer's unit for a period: the value by its type, a comment, evidence
// (camera or file), "Lưu nháp" and "Gửi duyệt". What is typed stays on the device; without a connection the update
// waits in the outbox and is sent when the network is back.
import { useOnlineAgain } from '../../lib/use-online';
import { charCounter } from '../../lib/char-count';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Button, Input, Progress, useParams, useSnackbar } from 'zmp-ui';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import type { AssignedIndicator, AssignedList, DtiKey, DtiValueDetail } from '../../api/types';
import { Badge } from '../../components/badge';
import { ErrorState, LoadState } from '../../components/load-state';
import { Screen } from '../../components/screen';
import { useLoad } from '../../components/use-load';
import { buildValue, describeValue, DTI_STATUS_LABELS, DTI_STATUS_TONES, type DtiFormInput } from '../../lib/dti-values';
import { formatDate, formatDateTime } from '../../lib/format';
import { storage } from '../../zalo';
import { clearLocalForm, inputFromServer, readLocalForm, sameAsServer, withType, writeLocalForm } from './dti-form';
import { loadWithCache } from './dti-cache';
import { deviceOffline, dtiOutbox, isOfflineError, startOutboxSync, useOutbox } from './dti-outbox-store';
import { DtiValueFields } from './dti-value-fields';
import { dtiErrorMessage, historyLabel, keyId, periodLabel, ROLE_LABELS, sameKey } from './dti-wording';
import { FilePicker } from './file-picker';
import { checkFiles, type PickedFile, uploadOneByOne } from './files';
import { OutboxBanner } from './outbox-banner';
import { ProtectedFiles } from './protected-files';
import './officer.css';

type Snackbar = { openSnackbar(o: { text: string; type?: 'success' | 'error' | 'info'; duration?: number }): void };

export const QUEUED_MESSAGE = 'Đã lưu trên máy. Sẽ tự gửi khi có mạng.';
export const SYNCED_MESSAGE = 'Đã gửi các cập nhật lưu trên máy.';
export const HELD_MESSAGE = 'Đã lưu trên máy. Cập nhật trước đó của chỉ số này chưa gửi được; vui lòng gửi lại hoặc bỏ cập nhật đó ở khung phía trên.';
export const REFUSED_MESSAGE = 'Hệ thống chưa nhận cập nhật này. Xem lý do ở khung phía trên để gửi lại hoặc bỏ cập nhật.';
export const EVIDENCE_REQUIRED_MESSAGE = 'Chỉ số này cần minh chứng. Vui lòng chụp ảnh hoặc chọn tệp trước khi gửi duyệt.';
const COMMENT_MAX = 4000;

interface Loaded {
  detail: DtiValueDetail;
  meta: AssignedIndicator;
  period: AssignedList['period'];
}

/** Server field names of a refused value → the form's fields, in Vietnamese. */
function serverFieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const f of err.fields) {
    const field = f.field.split('.')[0] ?? '';
    if (field === 'numerator') out.numerator = 'Tử số chưa hợp lệ.';
    else if (field === 'denominator') out.denominator = 'Mẫu số chưa hợp lệ.';
    else if (field === 'value' || field === 'type') out.value = 'Giá trị chưa hợp lệ.';
    else if (field === 'comment') out.comment = 'Ghi chú chưa hợp lệ (tối đa 4.000 ký tự).';
  }
  return out;
}

function Editor({ k, data, reload }: { k: DtiKey; data: Loaded; reload: () => void }) {
  const { detail, meta, period } = data;
  const snackbar = useSnackbar() as Snackbar;
  const status = detail.value?.status ?? 'missing';
  const readOnly = status === 'submitted' || status === 'approved' || period.locked;
  const lead = (detail.role || meta.role) === 'lead';
  const [message, setMessage] = useState<{ tone: 'error' | 'queued'; text: string } | null>(null);
  const queued = useOutbox().filter((e) => sameKey(e.key, k));
  const queuedFiles = queued.flatMap((e) => e.files);
  // When a queued update of this indicator reaches the server, show what the server now has.
  const pendingHere = queued.filter((e) => !e.error).length;
  const lastPending = useRef(pendingHere);
  useEffect(() => {
    if (pendingHere < lastPending.current) {
      reload();
      // "Đã lưu trên máy…" is no longer true once the queue has gone: say that it was sent instead.
      if (pendingHere === 0) {
        setMessage((m) => (m?.tone === 'queued' ? null : m));
        snackbar.openSnackbar({ text: SYNCED_MESSAGE, type: 'success', duration: 3000 });
      }
    }
    lastPending.current = pendingHere;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pendingHere, reload]);

  // The form starts from what the officer typed on this device, unless it says the same as the server.
  const initial = useMemo(() => {
    const server = { input: inputFromServer(detail.value?.value ?? null, meta.valueType), comment: detail.value?.comment ?? '' };
    const local = readOnly ? null : readLocalForm(storage, k);
    if (local && !sameAsServer(local, detail.value, meta.valueType, meta.parts)) return { ...local, restored: true };
    if (local) clearLocalForm(storage, k);
    return { ...server, restored: false };
    // Only on first render: later loads must not overwrite what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const [input, setInput] = useState<DtiFormInput>(initial.input);
  const [comment, setComment] = useState(initial.comment);
  const [restored, setRestored] = useState(initial.restored);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [files, setFiles] = useState<PickedFile[]>([]);
  const [busy, setBusy] = useState<'draft' | 'submit' | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const dirty = useRef(false);

  useEffect(() => {
    if (dirty.current) writeLocalForm(storage, k, { input, comment });
  }, [input, comment, k]);

  const change = (patch: Partial<DtiFormInput>) => {
    dirty.current = true;
    setInput((i) => ({ ...i, ...patch }));
    setErrors((e) => {
      const next = { ...e };
      for (const f of Object.keys(patch)) delete next[f === 'parts' ? 'value' : f];
      return next;
    });
  };

  const applyServerValues = () => {
    clearLocalForm(storage, k);
    dirty.current = false;
    setInput(inputFromServer(detail.value?.value ?? null, meta.valueType));
    setComment(detail.value?.comment ?? '');
    setRestored(false);
    setErrors({});
  };

  const auto = meta.auto;
  const autoValue: unknown = auto?.value ? withType(auto.value, meta.valueType) : null;
  const applyAuto = () => {
    if (!autoValue || !auto) return;
    change(inputFromServer(autoValue, meta.valueType));
    if (!comment.trim()) setComment(`Hệ thống tự tính: ${auto.formula}`);
  };

  const queue = async (op: { value?: unknown; comment?: string; submit: boolean; files: PickedFile[] }) => {
    if (op.value === undefined && op.comment === undefined && !op.submit && op.files.length === 0) return;
    try {
      await dtiOutbox.enqueue({ key: k, ...op, files: op.files.map((f) => ({ blob: f.blob, name: f.name })) });
      setFiles([]);
      setMessage({ tone: 'queued', text: QUEUED_MESSAGE });
    } catch {
      setMessage({ tone: 'error', text: 'Không lưu được trên máy. Vui lòng thử lại khi có mạng.' });
    }
  };

  const onSaved = (submit: boolean) => {
    clearLocalForm(storage, k);
    dirty.current = false;
    setRestored(false);
    snackbar.openSnackbar({ text: submit ? 'Đã gửi duyệt.' : 'Đã lưu nháp.', type: 'success', duration: 3000 });
  };

  // Earlier updates of this indicator still wait in the outbox: this one goes behind them, then the outbox is sent,
  // so the server gets them in order (saving directly would be overwritten by the older value when it is sent).
  const queueAndSend = async (op: { value: unknown; comment: string; submit: boolean; files: PickedFile[] }) => {
    setBusy(op.submit ? 'submit' : 'draft');
    try {
      let id: string;
      try {
        ({ id } = await dtiOutbox.enqueue({ key: k, ...op, files: op.files.map((f) => ({ blob: f.blob, name: f.name })) }));
      } catch {
        setMessage({ tone: 'error', text: 'Không lưu được trên máy. Vui lòng thử lại.' });
        return;
      }
      setFiles([]);
      let offline = true;
      try {
        offline = (await dtiOutbox.flush()).offline;
      } catch {
        // kept in the outbox for the next flush
      }
      const left = dtiOutbox.list().find((e) => e.id === id);
      // Sent: the screen reloads by itself when the outbox of this indicator shrinks.
      if (!left) onSaved(op.submit);
      else if (left.error) setMessage({ tone: 'error', text: REFUSED_MESSAGE });
      else setMessage({ tone: 'queued', text: offline ? QUEUED_MESSAGE : HELD_MESSAGE });
    } finally {
      setBusy(null);
    }
  };

  const save = async (submit: boolean) => {
    setMessage(null);
    const built = buildValue(meta.valueType, input, meta.parts);
    const fieldErrors: Record<string, string> = built.ok ? {} : { ...built.errors };
    if (comment.length > COMMENT_MAX) fieldErrors.comment = 'Ghi chú tối đa 4.000 ký tự.';
    if (!built.ok || Object.keys(fieldErrors).length) {
      setErrors(fieldErrors);
      setMessage({ tone: 'error', text: 'Vui lòng kiểm tra lại các ô được đánh dấu.' });
      document.getElementById('value-title')?.scrollIntoView?.({ behavior: 'smooth', block: 'center' });
      return;
    }
    if (submit && meta.evidenceRequired && detail.evidence.length === 0 && files.length === 0 && queuedFiles.length === 0) {
      setMessage({ tone: 'error', text: EVIDENCE_REQUIRED_MESSAGE });
      return;
    }
    const fileProblem = checkFiles(files, detail.evidence.length + queuedFiles.length);
    if (fileProblem) {
      setMessage({ tone: 'error', text: fileProblem });
      return;
    }
    const body = { value: built.value, comment: comment.trim() };
    if (deviceOffline()) {
      await queue({ ...body, submit, files });
      return;
    }
    if (dtiOutbox.list().some((e) => !e.error && sameKey(e.key, k))) {
      await queueAndSend({ ...body, submit, files });
      return;
    }
    setBusy(submit ? 'submit' : 'draft');
    let accepted = false;
    let remaining = files;
    try {
      // A submit sends the files first and the value with the submit: one "Gửi duyệt" in the history.
      if (!submit) {
        await api.dti.saveDraft(k, body);
        accepted = true;
      }
      if (files.length) {
        setProgress(0);
        await uploadOneByOne(
          files,
          (file, onProgress) => api.dti.addEvidence(k, [file], onProgress),
          setProgress,
          (done) => {
            remaining = remaining.filter((f) => f.id !== done.id);
            setFiles(remaining);
          },
        );
      }
      if (submit) {
        await api.dti.submit(k, body);
        accepted = true;
      }
      onSaved(submit);
      reload();
    } catch (err) {
      if ((err instanceof ApiError && err.offline) || deviceOffline()) {
        // What the server has not taken yet waits on the device.
        await queue(accepted ? { submit, files: remaining } : { ...body, submit, files: remaining });
      } else {
        setErrors(serverFieldErrors(err));
        setMessage({ tone: 'error', text: accepted ? `Đã lưu giá trị. ${dtiErrorMessage(err)}` : dtiErrorMessage(err) });
        if (accepted || remaining.length < files.length) reload();
      }
    } finally {
      setBusy(null);
      setProgress(null);
    }
  };

  return (
    <>
      <section className="card" aria-labelledby="ind-title">
        <span className="item-code">
          {meta.code} · {periodLabel(k.period)}
        </span>
        <h2 id="ind-title">{meta.name}</h2>
        <div className="badges">
          <Badge tone="neutral">{ROLE_LABELS[detail.role || meta.role] ?? meta.role}</Badge>
          <Badge tone={DTI_STATUS_TONES[status]}>{DTI_STATUS_LABELS[status]}</Badge>
          {period.locked && <Badge tone="danger">Đã khóa</Badge>}
        </div>
        <p className="small">
          Hạn nộp: {formatDate(detail.dueOn || period.dueOn)}
          {meta.unitOfMeasure ? ` · Đơn vị tính: ${meta.unitOfMeasure}` : ''}
        </p>
        {meta.guidance && (
          <details className="guidance">
            <summary>Hướng dẫn nhập</summary>
            <p className="pre-wrap small">{meta.guidance}</p>
          </details>
        )}
      </section>

      {status === 'returned' && detail.value?.reviewComment && (
        <div className="offline-banner" role="note">
          <strong>Lý do trả lại: </strong>
          <span className="pre-wrap">{detail.value.reviewComment}</span>
        </div>
      )}
      {status === 'submitted' && (
        <p className="notice">
          Đã gửi duyệt{detail.value?.submittedAt ? ` lúc ${formatDateTime(detail.value.submittedAt)}` : ''}. Không sửa được cho đến khi được duyệt hoặc trả lại.
        </p>
      )}
      {status === 'approved' && (
        <p className="notice">
          Đã được duyệt{detail.value?.reviewedAt ? ` lúc ${formatDateTime(detail.value.reviewedAt)}` : ''}.
          {detail.value?.reviewComment ? ` Nhận xét: ${detail.value.reviewComment}` : ''}
        </p>
      )}
      {period.locked && <p className="notice">Kỳ báo cáo đã khóa. Chỉ xem được số liệu; muốn sửa, vui lòng liên hệ quản trị viên.</p>}

      <OutboxBanner only={k} />

      <section className="card" aria-labelledby="value-title">
        <h2 id="value-title">{readOnly ? 'Giá trị' : 'Nhập giá trị'}</h2>
        {readOnly ? (
          <>
            <p>
              <strong>{describeValue(withType(detail.value?.value ?? null, meta.valueType), meta.unitOfMeasure)}</strong>
            </p>
            {detail.value?.comment && <p className="pre-wrap small">Ghi chú: {detail.value.comment}</p>}
          </>
        ) : (
          <div className="form-grid">
            {restored && (
              <div className="notice">
                <p>Đang hiển thị số liệu bạn nhập dở trên máy (chưa lưu lên hệ thống).</p>
                <Button size="small" variant="tertiary" onClick={applyServerValues}>
                  Dùng số liệu trên hệ thống
                </Button>
              </div>
            )}
            {auto && (
              <div className="notice">
                <p>
                  Hệ thống tính được: <strong>{autoValue ? describeValue(autoValue, meta.unitOfMeasure) : 'chưa có dữ liệu trong kỳ'}</strong>
                </p>
                <p className="small">{auto.formula}</p>
                {autoValue !== null && (
                  <Button size="small" variant="secondary" onClick={applyAuto} disabled={busy !== null}>
                    Dùng giá trị này
                  </Button>
                )}
              </div>
            )}
            <DtiValueFields
              type={meta.valueType}
              parts={meta.parts}
              unitOfMeasure={meta.unitOfMeasure}
              input={input}
              errors={errors}
              onChange={change}
              disabled={busy !== null}
            />
            <Input.TextArea
              label="Ghi chú"
              aria-label="Ghi chú"
              placeholder="Nguồn số liệu, cách tính, văn bản liên quan…"
              value={comment}
              onChange={(e) => {
                dirty.current = true;
                setComment(e.target.value);
                setErrors(({ comment: _c, ...rest }) => rest);
              }}
              rows={4}
              maxLength={COMMENT_MAX}
              showCount={charCounter()}
              disabled={busy !== null}
              {...(errors.comment ? { errorText: errors.comment, status: 'error' as const } : {})}
            />
          </div>
        )}
      </section>

      <section className="card" aria-labelledby="evidence-title">
        <h2 id="evidence-title">Minh chứng</h2>
        <p className="muted small">{meta.evidenceRequired ? 'Bắt buộc khi gửi duyệt.' : 'Không bắt buộc.'}</p>
        {detail.evidence.length > 0 ? (
          <ProtectedFiles files={detail.evidence} pathOf={(id) => api.dti.evidencePath(k, id)} altPrefix="Ảnh minh chứng" />
        ) : (
          <p className="muted">Chưa có minh chứng trên hệ thống.</p>
        )}
        {queuedFiles.length > 0 && (
          <>
            <h3>Đang chờ gửi</h3>
            <ul className="bullets">
              {queuedFiles.map((f) => (
                <li key={f.blobKey}>{f.name}</li>
              ))}
            </ul>
          </>
        )}
        {!readOnly && <FilePicker files={files} onChange={setFiles} already={detail.evidence.length + queuedFiles.length} disabled={busy !== null} />}
      </section>

      {!readOnly && (
        <div className="actions">
          {progress !== null && (
            <div role="status" aria-live="polite">
              <p className="small">Đang tải minh chứng… {Math.round(progress * 100)}%</p>
              <Progress completed={Math.round(progress * 100)} maxCompleted={100} />
            </div>
          )}
          {message && (
            <p className={message.tone === 'error' ? 'error-text' : 'offline-banner'} role={message.tone === 'error' ? 'alert' : 'status'}>
              {message.text}
            </p>
          )}
          <Button variant="secondary" loading={busy === 'draft'} disabled={busy !== null} onClick={() => void save(false)}>
            Lưu nháp
          </Button>
          {lead ? (
            <Button variant="primary" loading={busy === 'submit'} disabled={busy !== null} onClick={() => void save(true)}>
              Gửi duyệt
            </Button>
          ) : (
            <p className="muted small">Đơn vị phối hợp lưu số liệu đóng góp; đơn vị chủ trì sẽ tổng hợp và gửi duyệt.</p>
          )}
        </div>
      )}

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">Lịch sử</h2>
        {detail.history.length === 0 ? (
          <p className="muted">Chưa có thay đổi nào.</p>
        ) : (
          <ol className="timeline">
            {detail.history.map((h, i) => (
              <li key={`${h.at}-${i}`}>
                <strong>{historyLabel(h.action)}</strong>
                <div className="small muted">
                  {formatDateTime(h.at)} · {h.actor}
                </div>
                {h.value !== null && h.value !== undefined && (
                  <div className="small">Giá trị: {describeValue(withType(h.value, meta.valueType), meta.unitOfMeasure)}</div>
                )}
                {h.note && <p className="pre-wrap small">{h.note}</p>}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

export default function DtiEdit() {
  const params = useParams();
  const id = keyId({ set: params.set ?? '', period: params.period ?? '', indicator: params.indicator ?? '', unit: params.unit ?? '' });
  const k = useMemo<DtiKey>(
    () => ({ set: params.set ?? '', period: params.period ?? '', indicator: params.indicator ?? '', unit: params.unit ?? '' }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [id],
  );
  const state = useLoad(
    () =>
      loadWithCache(
        storage,
        `edit.${id}`,
        async (): Promise<Loaded> => {
          const [detail, assigned] = await Promise.all([api.dti.value(k), api.dti.assigned({ set: k.set, period: k.period, unit: k.unit })]);
          const meta = assigned.indicators.find((i) => i.code === k.indicator);
          if (!meta) throw new Error('Chỉ số này không được giao cho đơn vị trong kỳ báo cáo.');
          return { detail, meta, period: assigned.period };
        },
        isOfflineError,
      ),
    [id],
  );

  useEffect(() => {
    void startOutboxSync();
  }, []);
  // Showing the device's copy: load again when the network is back.
  useOnlineAgain(() => {
    if (state.data?.cachedAt !== undefined) state.reload();
  });

  return (
    <Screen title={`Chỉ số ${k.indicator}`}>
      <LoadState state={state}>
        {({ data, cachedAt }) => (
          <>
            {state.error && <ErrorState error={state.error} onRetry={state.reload} />}
            {cachedAt !== undefined && (
              <div className="offline-banner" role="status">
                <p>Không có mạng. Đang hiển thị số liệu tải lúc {formatDateTime(new Date(cachedAt).toISOString())}; cập nhật sẽ được gửi khi có mạng.</p>
                <Button size="small" variant="secondary" onClick={state.reload} loading={state.loading}>
                  Thử lại
                </Button>
              </div>
            )}
            <Editor key={id} k={k} data={data} reload={state.reload} />
          </>
        )}
      </LoadState>
    </Screen>
  );
}
