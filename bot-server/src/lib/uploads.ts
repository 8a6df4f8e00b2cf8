// Multipart uploads: the type comes from the bytes, the name is cleaned, and files are stored content-addressed
// in the data folder, outside anything served statically. Access goes through the routes that check rights.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from './api-error.js';
import { safeFileName, type SniffedType, sniffFileType } from './file-sniff.js';
import { sha256Hex } from './secrets.js';

export interface Upload {
  fileName: string;
  mimeType: SniffedType;
  size: number;
  sha256: string;
  bytes: Uint8Array;
}

type FormFile = { name: string; type: string; size: number; arrayBuffer(): Promise<ArrayBuffer> };

export async function readUploads(req: Request, allowed: readonly SniffedType[], field = 'file'): Promise<Upload[]> {
  let form: FormData;
  try {
    form = await req.formData();
  } catch {
    throw new ApiError(400, 'invalid_multipart', `Send files as multipart/form-data in the field "${field}"`);
  }
  const files = form.getAll(field).filter((f) => typeof f !== 'string') as unknown as FormFile[];
  if (!files.length) {
    throw new ApiError(400, 'invalid_request', `No file in the field "${field}"`, { issues: [{ field, message: 'required' }] });
  }
  const out: Upload[] = [];
  for (const f of files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    const mimeType = sniffFileType(bytes);
    if (!mimeType || !allowed.includes(mimeType)) {
      throw new ApiError(415, 'unsupported_media_type', `${safeFileName(f.name)}: only ${allowed.join(', ')} files are accepted (checked from the file's content)`, {
        field,
      });
    }
    out.push({ fileName: safeFileName(f.name), mimeType, size: bytes.length, sha256: sha256Hex(bytes), bytes });
  }
  return out;
}

/** Content-addressed: a retried upload writes the same file; the database row is what makes it part of a record. */
export async function storeUploads(filesDir: string, uploads: Upload[]): Promise<void> {
  await mkdir(filesDir, { recursive: true });
  for (const u of uploads) await writeFile(join(filesDir, u.sha256), u.bytes);
}

export function readStoredFile(filesDir: string, sha256: string): Promise<Buffer> {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw new ApiError(404, 'not_found', 'File not found');
  return readFile(join(filesDir, sha256));
}

export function contentDisposition(fileName: string): string {
  return `inline; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

export const IMAGES_AND_PDF: readonly SniffedType[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'application/pdf'];
