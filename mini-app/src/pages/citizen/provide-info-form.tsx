// "Bổ sung thông tin": the answer to an officer's request. Photos go up first (citizens may upload only while the
// item awaits information), then provide_info resumes the handling; a retry repeats only what has not succeeded.
import { type FormEvent, useState } from 'react';
import { Button, Input, Progress, useSnackbar } from 'zmp-ui';
import { ACTION_DONE_VI } from '../../../../bot-server/src/domain/feedback/feedback-vocabulary';
import { api } from '../../api/endpoints';
import { errorMessage } from '../../components/field-errors';
import { charCounter } from '../../lib/char-count';
import { formatNumber } from '../../lib/format';
import { MAX_PHOTOS, NOTE_MAX } from './feedback-validation';
import { PhotoPicker, useLocalPhotos } from './photo-picker';
import { uploadErrorMessage, uploadPhotos } from './upload-photos';

/** The server keeps at most 10 files per feedback. */
const MAX_FILES_PER_FEEDBACK = 10;

export function validateProvideInfo(note: string, photoCount: number): string | undefined {
  if (!note.trim() && photoCount === 0) return 'Vui lòng nhập thông tin bổ sung hoặc thêm ảnh.';
  if (note.trim().length > NOTE_MAX) return `Thông tin bổ sung không được quá ${formatNumber(NOTE_MAX)} ký tự.`;
  return undefined;
}

export function ProvideInfoForm({ code, attachmentCount, onDone }: { code: string; attachmentCount: number; onDone: () => void }) {
  const [note, setNote] = useState('');
  const { photos, add, remove } = useLocalPhotos();
  const [phase, setPhase] = useState<'editing' | 'uploading' | 'sending'>('editing');
  const [progress, setProgress] = useState(0);
  /** What the server or the upload said; cleared as soon as the citizen changes something. */
  const [error, setError] = useState<string | null>(null);
  /** Set by a press of "Gửi": from then on the form's own check is shown, and follows what is typed and added. */
  const [tried, setTried] = useState(false);
  // Photos already sent count as the added information if only the final step failed and is retried.
  const [uploadedAny, setUploadedAny] = useState(false);
  const { openSnackbar } = useSnackbar() as { openSnackbar: (o: { text: string; type?: string; duration?: number }) => void };
  const maxPhotos = Math.max(0, Math.min(MAX_PHOTOS, MAX_FILES_PER_FEEDBACK - attachmentCount));
  const busy = phase !== 'editing';
  // Computed, not stored: "nhập thông tin hoặc thêm ảnh" goes away the moment there is text or a photo.
  const problem = tried ? validateProvideInfo(note, photos.length + (uploadedAny ? 1 : 0)) : undefined;
  const shown = problem ?? error;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setTried(true);
    setError(null);
    if (validateProvideInfo(note, photos.length + (uploadedAny ? 1 : 0))) return;
    if (photos.length) {
      setPhase('uploading');
      setProgress(0);
      try {
        await uploadPhotos(code, photos, { onProgress: setProgress, onSent: (sent) => {
            setUploadedAny(true);
            remove(sent.map((p) => p.id));
          } });
      } catch (err) {
        setError(`Ảnh chưa tải lên được: ${uploadErrorMessage(err)}`);
        setPhase('editing');
        return;
      }
    }
    setPhase('sending');
    try {
      await api.feedback.act(code, 'provide_info', note.trim() ? { note: note.trim() } : {});
    } catch (err) {
      setError(errorMessage(err));
      setPhase('editing');
      return;
    }
    setNote('');
    setUploadedAny(false);
    setTried(false);
    setPhase('editing');
    openSnackbar({ text: ACTION_DONE_VI.provide_info, type: 'success', duration: 4000 });
    onDone();
  };

  const pct = Math.round(progress * 100);
  return (
    <form onSubmit={submit} noValidate className="stack" aria-labelledby="provide-title">
      <h3 id="provide-title">Bổ sung thông tin</h3>
      <Input.TextArea
        rows={4}
        label="Thông tin bổ sung"
        aria-label="Thông tin bổ sung"
        placeholder="Trả lời đề nghị của cán bộ xử lý…"
        value={note}
        disabled={busy}
        maxLength={NOTE_MAX}
        showCount={charCounter()}
        onChange={(ev: { target: { value: string } }) => {
          setNote(ev.target.value);
          setError(null);
        }}
      />
      {maxPhotos > 0 && (
        <PhotoPicker
          photos={photos}
          onAdd={(items) => {
            add(items);
            setError(null);
          }}
          onRemove={(id) => remove([id])}
          max={maxPhotos}
          disabled={busy}
        />
      )}
      {phase === 'uploading' && (
        <div className="upload-progress" role="status" aria-live="polite">
          <p>{`Đang tải ảnh lên… ${pct}%`}</p>
          <Progress completed={pct} maxCompleted={100} />
        </div>
      )}
      {shown && (
        <p className="error-text" role="alert">
          {shown}
        </p>
      )}
      <Button fullWidth htmlType="submit" loading={busy} disabled={busy}>
        Gửi thông tin bổ sung
      </Button>
    </form>
  );
}
