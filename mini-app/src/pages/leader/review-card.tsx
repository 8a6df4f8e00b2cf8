// One submitted DTI value in the leader's review queue: what was submitted, its evidence, and approve or return
// (returning needs a reason, which the officer sees).
import { useEffect, useId, useState } from 'react';
import { Button, Input } from 'zmp-ui';
import { fileObjectUrl } from '../../api/client';
import { api } from '../../api/endpoints';
import type { AttachmentInfo, DtiKey, ReviewItem } from '../../api/types';
import { errorMessage } from '../../components/field-errors';
import { describeValue } from '../../lib/dti-values';
import { formatDateTime, formatNumber } from '../../lib/format';
import { isInZalo } from '../../zalo';
import { periodCodeLabel } from './leader-periods';
import { isImage, RETURN_COMMENT_MAX, reviewKey, validateReturnComment } from './review-rules';

const fileSize = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${formatNumber(bytes / (1024 * 1024), 1)} MB` : `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;

/** Hands a file to the browser: in the window opened on the tap (popup blockers allow that one), else as a download. */
function showFile(url: string, name: string, win: Window | null) {
  if (win && !win.closed) {
    win.location.href = url;
  } else {
    const a = document.createElement('a');
    a.href = url;
    a.download = name;
    a.target = '_blank';
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function EvidenceFile({ dtiKey, file }: { dtiKey: DtiKey; file: AttachmentInfo }) {
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const image = isImage(file.mimeType);

  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  const open = async () => {
    if (image && preview) {
      setPreview(null);
      return;
    }
    // Opened now, while the tap still counts as the user's: after the download a popup blocker would refuse it.
    // Zalo's webview hands new windows to another browser, which cannot read our blob: URL, so there: a download.
    const win = image || isInZalo() ? null : window.open('', '_blank');
    setBusy(true);
    setError(null);
    try {
      const url = await fileObjectUrl(api.dti.evidencePath(dtiKey, file.id));
      if (image) setPreview(url);
      else showFile(url, file.fileName, win);
    } catch (err) {
      win?.close();
      setError(`Không mở được tệp. ${errorMessage(err)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li>
      <Button size="medium" variant="tertiary" fullWidth loading={busy} onClick={open}>
        {image ? (preview ? 'Ẩn ảnh' : 'Xem ảnh') : 'Mở tệp'}: {file.fileName} ({fileSize(file.size)})
      </Button>
      {preview && <img className="evidence-preview" src={preview} alt={`Ảnh minh chứng: ${file.fileName}`} />}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

export function ReviewCard({
  item,
  onReviewed,
}: {
  item: ReviewItem;
  /** After a decision: the screen reloads the queue and says what happened. */
  onReviewed: (message: string) => void;
}) {
  const key = reviewKey(item);
  const [returning, setReturning] = useState(false);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'approve' | 'return' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const uid = useId();
  const fieldId = `${uid}-reason`;
  const errorId = `${uid}-reason-error`;
  const headingId = `${uid}-title`;

  useEffect(() => {
    if (returning) document.getElementById(fieldId)?.focus();
  }, [returning, fieldId]);

  const decide = async (decision: 'approve' | 'return') => {
    let reason: string | undefined;
    if (decision === 'return') {
      const invalid = validateReturnComment(comment);
      setCommentError(invalid);
      if (invalid) {
        document.getElementById(fieldId)?.focus();
        return;
      }
      reason = comment.trim();
    }
    setBusy(decision);
    setError(null);
    try {
      await api.dti.review(key, decision, reason);
      onReviewed(
        decision === 'approve'
          ? `Đã duyệt chỉ số ${item.indicator.code} của ${item.unit.name}.`
          : `Đã trả lại chỉ số ${item.indicator.code} cho ${item.unit.name}.`,
      );
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  const v = item.value;
  return (
    <li className="card" data-testid="review-item" aria-labelledby={headingId}>
      <p className="muted small">
        {item.unit.name} · {periodCodeLabel(item.period)}
      </p>
      <h3 id={headingId}>
        {item.indicator.code}. {item.indicator.name}
      </h3>
      <dl className="facts">
        <dt>Giá trị</dt>
        <dd>
          <strong>{describeValue(v.value, item.indicator.unitOfMeasure)}</strong>
        </dd>
        {v.comment && (
          <>
            <dt>Ghi chú</dt>
            <dd className="preserve-lines">{v.comment}</dd>
          </>
        )}
        {v.submittedAt && (
          <>
            <dt>Gửi lúc</dt>
            <dd>
              <time dateTime={v.submittedAt}>{formatDateTime(v.submittedAt)}</time>
            </dd>
          </>
        )}
      </dl>
      {v.changedAfterApproval && <p className="small error-text">Giá trị đã được sửa sau khi duyệt lần trước.</p>}
      {item.evidence.length > 0 ? (
        <>
          <h4>Minh chứng ({item.evidence.length})</h4>
          <ul className="evidence-list stack">
            {item.evidence.map((f) => (
              <EvidenceFile key={f.id} dtiKey={key} file={f} />
            ))}
          </ul>
        </>
      ) : (
        <p className="muted small">Không có tệp minh chứng.</p>
      )}

      {returning && (
        <div>
          <label className="field-label" htmlFor={fieldId}>
            Lý do trả lại <span aria-hidden="true">*</span>
          </label>
          <Input.TextArea
            id={fieldId}
            value={comment}
            maxLength={RETURN_COMMENT_MAX}
            rows={4}
            required
            aria-required="true"
            aria-invalid={commentError ? true : undefined}
            aria-describedby={commentError ? errorId : undefined}
            status={commentError ? 'error' : undefined}
            placeholder="Nêu rõ nội dung cần sửa hoặc bổ sung"
            onChange={(e: { target: { value: string } }) => {
              setComment(e.target.value);
              if (commentError) setCommentError(null);
            }}
          />
          {commentError && (
            <p className="error-text" id={errorId} role="alert">
              {commentError}
            </p>
          )}
        </div>
      )}

      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}

      <div className="review-actions">
        {returning ? (
          <>
            <Button variant="secondary" disabled={busy !== null} onClick={() => {
                setReturning(false);
                setCommentError(null);
              }}>
              Hủy
            </Button>
            <Button type="danger" loading={busy === 'return'} disabled={busy === 'approve'} onClick={() => decide('return')}>
              Gửi trả lại
            </Button>
          </>
        ) : (
          <>
            <Button variant="secondary" type="danger" disabled={busy !== null} onClick={() => setReturning(true)}>
              Trả lại
            </Button>
            <Button loading={busy === 'approve'} disabled={busy !== null} onClick={() => decide('approve')}>
              Duyệt
            </Button>
          </>
        )}
      </div>
    </li>
  );
}
