// Files kept on the server behind the session (feedback attachments, DTI evidence): images as thumbnails, other files
// (PDF) as a link, both loaded with the session header since <img> cannot send it.
import { useEffect, useState } from 'react';
import { Button } from 'zmp-ui';
import { fileObjectUrl } from '../../api/client';
import type { AttachmentInfo } from '../../api/types';
import { fileSize, isImage } from './files';

function useObjectUrl(path: string, enabled: boolean) {
  const [state, setState] = useState<{ url?: string; error?: boolean }>({});
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (!enabled) return undefined;
    let url: string | undefined;
    let cancelled = false;
    setState({});
    fileObjectUrl(path).then(
      (u) => {
        url = u;
        if (cancelled) URL.revokeObjectURL(u);
        else setState({ url: u });
      },
      () => !cancelled && setState({ error: true }),
    );
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [path, enabled, attempt]);
  return { ...state, retry: () => setAttempt((a) => a + 1) };
}

const docLabel = (mime: string) => (mime === 'application/pdf' ? 'PDF' : mime.startsWith('video/') ? 'Video' : 'Tệp');

function ProtectedFile({ file, path, altPrefix }: { file: AttachmentInfo; path: string; altPrefix: string }) {
  const image = isImage(file.mimeType);
  const [open, setOpen] = useState(image);
  const { url, error, retry } = useObjectUrl(path, open);
  if (error) {
    return (
      <div className="file-tile file-tile-error">
        <span>Không tải được “{file.fileName}”.</span>
        <Button size="small" variant="tertiary" onClick={retry}>
          Thử lại
        </Button>
      </div>
    );
  }
  if (image) {
    return url ? (
      <a href={url} target="_blank" rel="noopener noreferrer" className="file-tile" aria-label={`Mở ảnh ${file.fileName}`}>
        <img src={url} alt={`${altPrefix}: ${file.fileName}`} />
      </a>
    ) : (
      <div className="file-tile" role="status" aria-label={`Đang tải ảnh ${file.fileName}`}>
        <span className="muted">Đang tải…</span>
      </div>
    );
  }
  if (!open) {
    return (
      <button type="button" className="file-tile file-tile-doc" onClick={() => setOpen(true)}>
        <span className="doc-badge" aria-hidden="true">{docLabel(file.mimeType)}</span>
        <span>{file.fileName}</span>
        <span className="muted">{fileSize(file.size)}</span>
      </button>
    );
  }
  return url ? (
    <a href={url} target="_blank" rel="noopener noreferrer" download={file.fileName} className="file-tile file-tile-doc">
      <span className="doc-badge" aria-hidden="true">{docLabel(file.mimeType)}</span>
      <span>Mở {file.fileName}</span>
    </a>
  ) : (
    <div className="file-tile file-tile-doc" role="status">
      <span className="muted">Đang tải tệp…</span>
    </div>
  );
}

/** A grid of the files; `pathOf` gives each one's server path. */
export function ProtectedFiles({
  files,
  pathOf,
  altPrefix,
}: {
  files: AttachmentInfo[];
  pathOf: (id: number) => string;
  altPrefix: string;
}) {
  return (
    <ul className="thumbs file-grid">
      {files.map((f) => (
        <li key={f.id}>
          <ProtectedFile file={f} path={pathOf(f.id)} altPrefix={altPrefix} />
        </li>
      ))}
    </ul>
  );
}
