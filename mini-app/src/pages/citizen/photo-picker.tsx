// Photos chosen in Zalo (album or camera), compressed on the phone, shown as thumbnails a thumb can remove.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from 'zmp-ui';
import { errorMessage } from '../../components/field-errors';
import { pickPhotos, warmZaloSdk } from '../../zalo';
import { isImageType, SNIFF_BYTES, sniffFileType } from '../../../../bot-server/src/domain/files/file-type';
import { compressImage, photoFileName } from './compress-image';
import { MAX_PHOTOS } from './feedback-validation';
import { fitsOneRequest } from './upload-photos';

export interface LocalPhoto {
  id: string;
  blob: Blob;
  name: string;
  /** An object URL for the thumbnail; revoked when the photo is removed or the screen closes. */
  url: string;
}

let nextId = 0;
function objectUrl(blob: Blob): string {
  try {
    return URL.createObjectURL(blob);
  } catch {
    return '';
  }
}
function revoke(url: string): void {
  if (!url) return;
  try {
    URL.revokeObjectURL(url);
  } catch {
    // already gone
  }
}

/** The photos of a form, with their object URLs managed. */
export function useLocalPhotos() {
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  const current = useRef(photos);
  current.current = photos;
  useEffect(() => () => current.current.forEach((p) => revoke(p.url)), []);
  useEffect(warmZaloSdk, []);

  const add = useCallback((items: { blob: Blob; name: string }[]) => {
    const added = items.map((i) => ({ id: `p${++nextId}`, blob: i.blob, name: i.name, url: objectUrl(i.blob) }));
    setPhotos((ps) => [...ps, ...added]);
  }, []);
  const remove = useCallback((ids: string[]) => {
    for (const p of current.current) if (ids.includes(p.id)) revoke(p.url);
    setPhotos((ps) => ps.filter((p) => !ids.includes(p.id)));
  }, []);
  const clear = useCallback(() => {
    current.current.forEach((p) => revoke(p.url));
    setPhotos([]);
  }, []);
  return { photos, add, remove, clear };
}

/** Picks up to the remaining number of photos and compresses them; returns the Vietnamese problem, if any. */
export async function pickAndCompress(
  current: number,
  max = MAX_PHOTOS,
): Promise<{ photos: { blob: Blob; name: string }[]; warning: string | null }> {
  const slots = Math.max(0, max - current);
  if (slots === 0) return { photos: [], warning: `Chỉ được đính kèm tối đa ${max} ảnh.` };
  const picked = (await pickPhotos(slots)).slice(0, slots);
  const photos: { blob: Blob; name: string }[] = [];
  let tooBig = 0;
  let notImages = 0;
  for (const picked1 of picked) {
    // The picker's "image/*" is only a hint (a PDF can still be chosen): the bytes decide, as on the server.
    const type = sniffFileType(await leadingBytes(picked1));
    if (!isImageType(type)) {
      notImages++;
      continue;
    }
    const blob = picked1.type === type ? picked1 : new Blob([picked1], { type });
    const small = await compressImage(blob);
    if (!fitsOneRequest(small)) {
      tooBig++;
      continue;
    }
    photos.push({ blob: small, name: photoFileName(small, current + photos.length) });
  }
  const warnings = [
    notImages ? NOT_IMAGE_MESSAGE(notImages) : null,
    tooBig ? `${tooBig} ảnh quá lớn (trên 10 MB) và không nén được nên chưa được thêm. Vui lòng chọn ảnh khác.` : null,
  ].filter(Boolean);
  return { photos, warning: warnings.length ? warnings.join(' ') : null };
}

export const NOT_IMAGE_MESSAGE = (n: number) =>
  `${n === 1 ? 'Tệp đã chọn' : `${n} tệp đã chọn`} không phải ảnh nên chưa được thêm. Chỉ đính kèm được ảnh (JPG, PNG, WEBP, GIF hoặc HEIC).`;

/** The first bytes of a blob (FileReader where Blob.arrayBuffer is missing, as in older WebViews). */
async function leadingBytes(blob: Blob): Promise<Uint8Array> {
  const head = blob.slice(0, SNIFF_BYTES);
  if (typeof head.arrayBuffer === 'function') return new Uint8Array(await head.arrayBuffer());
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsArrayBuffer(head);
  });
}

export function PhotoPicker({
  photos,
  onAdd,
  onRemove,
  max = MAX_PHOTOS,
  disabled = false,
  error,
}: {
  photos: LocalPhoto[];
  onAdd: (items: { blob: Blob; name: string }[]) => void;
  onRemove: (id: string) => void;
  max?: number;
  disabled?: boolean;
  error?: string | undefined;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const full = photos.length >= max;

  const choose = async () => {
    setBusy(true);
    setProblem(null);
    try {
      const { photos: added, warning } = await pickAndCompress(photos.length, max);
      if (added.length) onAdd(added);
      setProblem(warning);
    } catch (err) {
      setProblem(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const shown = error ?? problem;
  return (
    <div className="photo-picker">
      <div className="spread">
        <span className="field-label" id="photos-label">
          Ảnh minh hoạ (không bắt buộc)
        </span>
        <span className="muted photo-count" aria-live="polite">
          {photos.length}/{max} ảnh
        </span>
      </div>
      {photos.length > 0 && (
        <ul className="thumbs photo-thumbs" aria-labelledby="photos-label">
          {photos.map((p, i) => (
            <li key={p.id} className="thumb">
              {p.url ? <img src={p.url} alt={`Ảnh đã chọn ${i + 1}`} /> : <span className="thumb-missing">{`Ảnh ${i + 1}`}</span>}
              <button
                type="button"
                className="thumb-remove"
                aria-label={`Xoá ảnh ${i + 1}`}
                disabled={disabled}
                onClick={() => onRemove(p.id)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {!full && (
        <Button variant="secondary" fullWidth loading={busy} disabled={disabled || busy} onClick={choose}>
          Thêm ảnh
        </Button>
      )}
      {busy && (
        <p className="muted" role="status">
          Đang xử lý ảnh…
        </p>
      )}
      {shown && (
        <p className="error-text" role="alert">
          {shown}
        </p>
      )}
    </div>
  );
}
