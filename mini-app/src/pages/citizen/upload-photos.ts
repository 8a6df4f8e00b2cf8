// Photos go up in as few requests as fit under the server's 10 MB request limit; each finished request is
// reported, so a retry after a failure sends only what did not arrive (never the same photo twice).
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { errorMessage } from '../../components/field-errors';
import { MAX_UPLOAD_BYTES } from './feedback-validation';

/** Room for the multipart headers of each part. */
const REQUEST_BUDGET = MAX_UPLOAD_BYTES - 64 * 1024;

export interface UploadFile {
  blob: Blob;
  name: string;
}

/** Whether one photo can be sent at all. */
export const fitsOneRequest = (blob: Blob): boolean => blob.size <= REQUEST_BUDGET;

/** Consecutive groups of files, each under the request budget (a file over it gets a group of its own). */
export function batchBySize<T extends { blob: Blob }>(files: T[], budget = REQUEST_BUDGET): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const f of files) {
    if (current.length && size + f.blob.size > budget) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(f);
    size += f.blob.size;
  }
  if (current.length) batches.push(current);
  return batches;
}

/**
 * Uploads `files` to a feedback. `onProgress` gets the overall fraction (0–1); `onSent` the files the server has
 * just stored, after each request.
 */
export async function uploadPhotos<T extends UploadFile>(
  code: string,
  files: T[],
  handlers: { onProgress?: (fraction: number) => void; onSent?: (sent: T[]) => void } = {},
  attach: typeof api.feedback.attach = api.feedback.attach,
): Promise<void> {
  const total = files.reduce((n, f) => n + f.blob.size, 0) || 1;
  let doneBytes = 0;
  for (const batch of batchBySize(files)) {
    const batchBytes = batch.reduce((n, f) => n + f.blob.size, 0);
    const onProgress = (f: number) => handlers.onProgress?.(Math.min(1, (doneBytes + f * batchBytes) / total));
    await attach(
      code,
      batch.map((f) => ({ blob: f.blob, name: f.name })),
      onProgress,
    );
    doneBytes += batchBytes;
    handlers.onProgress?.(Math.min(1, doneBytes / total));
    handlers.onSent?.(batch);
  }
}

/** Why photos did not go up, in words a citizen can act on. */
export function uploadErrorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 409) return 'Phản ánh đã chuyển sang bước xử lý nên không thể thêm ảnh nữa.';
    if (err.status === 413) return 'Ảnh quá lớn để tải lên. Vui lòng bỏ bớt ảnh rồi thử lại.';
    if (err.status === 415) return 'Có tệp không phải ảnh hợp lệ (chỉ nhận ảnh JPEG, PNG, WebP, GIF, HEIC).';
    if (err.status === 422) return 'Phản ánh đã có quá nhiều tệp đính kèm.';
  }
  return errorMessage(err);
}
