// "Bổ sung thông tin": the answer to an officer's request. Photos go up first (citizens may upload only while the
// item awaits information), then provide_info resumes the handling; a retry repeats only what has not succeeded.
import { type FormEvent, useState } from 'react';
import { Button, Input, Progress } from 'zmp-ui';
import { api } from '../../api/endpoints';
import { errorMessage } from '../../components/field-errors';
import { MAX_PHOTOS, NOTE_MAX } from './feedback-validation';
import { PhotoPicker, useLocalPhotos } from './photo-picker';
import { uploadErrorMessage, uploadPhotos } from './upload-photos';

/** The server keeps at most 10 files per feedback. */
const MAX_FILES_PER_FEEDBACK = 10;

export function validateProvideInfo(note: string, photoCount: number): string | undefined {
  if (!note.trim() && photoCount === 0) return 'Vui lòng nhập thông tin bổ sung hoặc thêm ảnh.';
  if (note.trim().length > NOTE_MAX) return `Thông tin bổ sung không được quá ${NOTE_MAX} ký tự.`;
  return undefined;
}

export function ProvideInfoForm({ code, attachmentCount, onDone }: { code: string; attachmentCount: number; onDone: () => void }) {
  const [note, setNote] = useState('');
  const { photos, add, remove } = useLocalPhotos();
  const [phase, setPhase] = useState<'editing' | 'uploading' | 'sending'>('editing');
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState<string | null>(null);
  // Photos already sent count as the added information if only the final step failed and is retried.
  const [uploadedAny, setUploadedAny] = useState(false);
  const maxPhotos = Math.max(0, Math.min(MAX_PHOTOS, MAX_FILES_PER_FEEDBACK - attachmentCount));
  const busy = phase !== 'editing';

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    const problem = validateProvideInfo(note, photos.length + (uploadedAny ? 1 : 0));
    setError(problem ?? null);
    if (problem) return;
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
    setPhase('editing');
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
        onChange={(ev: { target: { value: string } }) => setNote(ev.target.value)}
      />
      {maxPhotos > 0 && <PhotoPicker photos={photos} onAdd={add} onRemove={(id) => remove([id])} max={maxPhotos} disabled={busy} />}
      {phase === 'uploading' && (
        <div className="upload-progress" role="status" aria-live="polite">
          <p>{`Đang tải ảnh lên… ${pct}%`}</p>
          <Progress completed={pct} maxCompleted={100} />
        </div>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <Button fullWidth htmlType="submit" loading={busy} disabled={busy}>
        Gửi thông tin bổ sung
      </Button>
    </form>
  );
}
