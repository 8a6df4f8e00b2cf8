// The photos and files of a feedback. <img> cannot send the session header, so each photo is fetched with it and
// shown from an object URL, revoked when the screen closes.
import { useEffect, useRef, useState } from 'react';
import { Button, ImageViewer } from 'zmp-ui';
import { download, fileObjectUrl } from '../../api/client';
import { api } from '../../api/endpoints';
import type { AttachmentInfo } from '../../api/types';
import { errorMessage } from '../../components/field-errors';

type ImageState = 'loading' | 'error' | { url: string };

const isImage = (a: AttachmentInfo) => a.mimeType.startsWith('image/');

function revoke(url: string) {
  try {
    URL.revokeObjectURL(url);
  } catch {
    // already gone
  }
}

export function AttachmentGallery({
  code,
  attachments,
  title = 'Ảnh, tệp đính kèm',
  id = 'attachments-title',
}: {
  code: string;
  attachments: AttachmentInfo[];
  title?: string;
  id?: string;
}) {
  const images = attachments.filter(isImage);
  const files = attachments.filter((a) => !isImage(a));
  const urls = useRef(new Map<number, string>());
  const [states, setStates] = useState<Record<number, ImageState>>({});
  const [attempt, setAttempt] = useState(0);
  const [viewing, setViewing] = useState<number | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const idsKey = images.map((i) => i.id).join(',');

  useEffect(
    () => () => {
      urls.current.forEach(revoke);
      urls.current.clear();
    },
    [],
  );

  useEffect(() => {
    let alive = true;
    for (const img of images) {
      if (urls.current.has(img.id)) continue;
      setStates((s) => ({ ...s, [img.id]: 'loading' }));
      fileObjectUrl(api.feedback.attachmentPath(code, img.id)).then(
        (url) => {
          if (!alive || urls.current.has(img.id)) {
            revoke(url);
            return;
          }
          urls.current.set(img.id, url);
          setStates((s) => ({ ...s, [img.id]: { url } }));
        },
        () => {
          if (alive) setStates((s) => ({ ...s, [img.id]: 'error' }));
        },
      );
    }
    return () => {
      alive = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [code, idsKey, attempt]);

  const openFile = async (a: AttachmentInfo) => {
    setFileError(null);
    try {
      await download(api.feedback.attachmentPath(code, a.id), {}, a.fileName);
    } catch (err) {
      setFileError(errorMessage(err));
    }
  };

  if (!attachments.length) return null;
  const loaded = images.map((img, i) => {
    const s = states[img.id];
    return { src: typeof s === 'object' ? s.url : '', alt: `${title}: ảnh ${i + 1}` };
  });

  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {images.length > 0 && (
        <ul className="thumbs photo-thumbs">
          {images.map((img, i) => {
            const s = states[img.id] ?? 'loading';
            const alt = `${title}: ảnh ${i + 1}`;
            return (
              <li key={img.id} className="thumb">
                {typeof s === 'object' ? (
                  <button type="button" className="thumb-button" onClick={() => setViewing(i)}>
                    <img src={s.url} alt={alt} />
                  </button>
                ) : s === 'error' ? (
                  <button type="button" className="thumb-missing" onClick={() => setAttempt((a) => a + 1)}>
                    {`Không tải được ảnh ${i + 1}. Thử lại`}
                  </button>
                ) : (
                  <span className="thumb-missing" role="status">
                    Đang tải ảnh…
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {files.length > 0 && (
        <ul className="file-list stack">
          {files.map((f) => (
            <li key={f.id}>
              <Button variant="tertiary" size="medium" onClick={() => void openFile(f)}>
                {`Mở tệp ${f.fileName}`}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {fileError && (
        <p className="error-text" role="alert">
          {fileError}
        </p>
      )}
      {viewing !== null && (
        <ImageViewer
          images={loaded.filter((l) => l.src)}
          activeIndex={Math.max(0, loaded.slice(0, viewing).filter((l) => l.src).length)}
          visible
          onClose={() => setViewing(null)}
        />
      )}
    </section>
  );
}
