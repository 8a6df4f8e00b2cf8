// Files the officer attaches (an answer's attachment, DTI evidence): which are accepted, their names, and uploading
// them one at a time so one request never exceeds the server's 10 MB limit and progress covers the whole batch.
import { formatNumber } from '../../lib/format';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 10;
export const FILE_ACCEPT = 'image/*,application/pdf';

export interface PickedFile {
  /** Stable within the screen (list keys, removal). */
  id: string;
  blob: Blob;
  name: string;
}

let counter = 0;
const EXT: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};

/** A name for a photo from the camera (the SDK hands back nameless blobs). */
export function nameForBlob(blob: Blob, prefix = 'anh'): string {
  counter += 1;
  const ext = EXT[blob.type] ?? 'jpg';
  return `${prefix}-${Date.now().toString(36)}-${counter}.${ext}`;
}

export function toPicked(blob: Blob, name?: string): PickedFile {
  counter += 1;
  return { id: `f${Date.now().toString(36)}-${counter}`, blob, name: name || nameForBlob(blob) };
}

export const isImage = (mime: string) => mime.startsWith('image/');

export function fileSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${formatNumber(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${formatNumber(bytes / 1024 / 1024, 1)} MB`;
}

/** A Vietnamese message for the first file that cannot be sent, or null. `already` counts the files already stored. */
export function checkFiles(files: { name: string; blob: Blob }[], already = 0): string | null {
  if (already + files.length > MAX_FILES) return `Chỉ đính kèm được tối đa ${MAX_FILES} tệp.`;
  for (const f of files) {
    // Some phones give no type for photos; the server checks the content anyway.
    if (f.blob.type && !isImage(f.blob.type) && f.blob.type !== 'application/pdf') return `Tệp “${f.name}” không phải ảnh hoặc PDF.`;
    if (f.blob.size > MAX_FILE_BYTES) return `Tệp “${f.name}” quá lớn (tối đa 10 MB).`;
    if (f.blob.size === 0) return `Tệp “${f.name}” trống.`;
  }
  return null;
}

/**
 * Uploads files one by one. `onProgress` gets the fraction of the whole batch; `onUploaded` is called after each
 * file, so a failure part-way leaves the caller knowing which remain.
 */
export async function uploadOneByOne<F extends { blob: Blob; name: string }>(
  files: F[],
  send: (file: { blob: Blob; name: string }, onProgress: (fraction: number) => void) => Promise<unknown>,
  onProgress?: (fraction: number) => void,
  onUploaded?: (file: F) => void,
): Promise<void> {
  const total = files.length;
  for (let i = 0; i < total; i++) {
    const f = files[i]!;
    await send({ blob: f.blob, name: f.name }, (p) => onProgress?.((i + p) / total));
    onUploaded?.(f);
    onProgress?.((i + 1) / total);
  }
}
