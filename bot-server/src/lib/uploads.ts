// Multipart uploads: the type comes from the bytes, the name is cleaned, and files are stored content-addressed
// in the data folder, outside anything served statically. Access goes through the routes that check rights.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiError } from './api-error.js';
import { nameForType, safeFileName, type SniffedType, sniffFileType } from './file-sniff.js';
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
    out.push({ fileName: nameForType(safeFileName(f.name), mimeType), mimeType, size: bytes.length, sha256: sha256Hex(bytes), bytes });
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

/**
 * Headers for a stored file. Only images are shown in place; PDF and video are downloaded (a browser's PDF viewer
 * or player on this origin is more than a look at a photo). The name gets the extension of the sniffed type here
 * too, for files stored before names were given one. The sandbox policy and nosniff come from securityHeaders.
 */
export function fileHeaders(file: { fileName: string; mimeType: string }): Record<string, string> {
  const disposition = file.mimeType.startsWith('image/') ? 'inline' : 'attachment';
  const name = nameForType(safeFileName(file.fileName), file.mimeType);
  return {
    'content-type': file.mimeType,
    'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(name)}`,
  };
}

export const IMAGES_AND_PDF: readonly SniffedType[] = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/heic', 'application/pdf'];
