// "Chụp ảnh" (Zalo's camera or album) and "Chọn tệp" (an image or a PDF), with the chosen files listed before they
// are sent. Nothing is uploaded here: the screen sends the files with its own action.
import { useEffect, useId, useRef, useState } from 'react';
import { Button } from 'zmp-ui';
import { errorMessage } from '../../components/field-errors';
import { pickPhotos, warmZaloSdk } from '../../zalo';
import { checkFiles, FILE_ACCEPT, fileSize, isImage, MAX_FILES, type PickedFile, toPicked } from './files';

function LocalPreview({ file }: { file: PickedFile }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!isImage(file.blob.type) || typeof URL.createObjectURL !== 'function') return undefined;
    const u = URL.createObjectURL(file.blob);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file.blob]);
  return url ? <img src={url} alt={`Ảnh đã chọn: ${file.name}`} className="picked-thumb" /> : <span className="picked-icon doc-badge" aria-hidden="true">{file.blob.type === 'application/pdf' ? 'PDF' : 'Tệp'}</span>;
}

export function FilePicker({
  files,
  onChange,
  already = 0,
  disabled = false,
}: {
  files: PickedFile[];
  onChange: (files: PickedFile[]) => void;
  /** Files already stored on the server (they count toward the limit). */
  already?: number;
  disabled?: boolean;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const room = MAX_FILES - already - files.length;
  useEffect(warmZaloSdk, []);

  const add = (picked: PickedFile[]) => {
    if (!picked.length) return;
    const problem = checkFiles(picked, already + files.length);
    setError(problem);
    if (!problem) onChange([...files, ...picked]);
  };

  const takePhoto = async () => {
    setError(null);
    setBusy(true);
    try {
      const blobs = await pickPhotos(Math.max(1, Math.min(room, 5)));
      add(blobs.map((b) => toPicked(b)));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="file-picker">
      <div className="row">
        <Button size="medium" variant="secondary" onClick={takePhoto} loading={busy} disabled={disabled || room <= 0}>
          Chụp ảnh
        </Button>
        <Button size="medium" variant="secondary" onClick={() => inputRef.current?.click()} disabled={disabled || room <= 0}>
          Chọn tệp
        </Button>
        <input
          ref={inputRef}
          id={inputId}
          type="file"
          accept={FILE_ACCEPT}
          multiple
          hidden
          aria-label="Chọn tệp ảnh hoặc PDF"
          onChange={(e) => {
            const list = Array.from(e.target.files ?? []);
            e.target.value = '';
            add(list.map((f) => toPicked(f, f.name)));
          }}
        />
      </div>
      <p className="muted small">Ảnh hoặc tệp PDF, mỗi tệp tối đa 10 MB, tối đa {MAX_FILES} tệp.</p>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {files.length > 0 && (
        <ul className="stack picked-list" aria-label="Tệp đã chọn, chưa gửi">
          {files.map((f) => (
            <li key={f.id} className="picked-item">
              <LocalPreview file={f} />
              <span className="picked-name">
                {f.name}
                <span className="muted small"> · {fileSize(f.blob.size)}</span>
              </span>
              <button
                type="button"
                className="icon-button"
                aria-label={`Bỏ tệp ${f.name}`}
                disabled={disabled}
                onClick={() => onChange(files.filter((x) => x.id !== f.id))}
              >
                ✕
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
