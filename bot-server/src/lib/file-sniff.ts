// The real type of an uploaded file, from its first bytes: a declared Content-Type or file name proves nothing.

import type { SniffedType } from '../domain/files/file-type.js';

export { type SniffedType, sniffFileType, isImageType } from '../domain/files/file-type.js';

/** A display name safe to store and to send back in Content-Disposition: no folders, no control characters. */
export function safeFileName(name: string, fallback = 'tep'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '')
    .replace(/^\.+/, '')
    .trim();
  // By code points: cutting UTF-16 units could leave half of a surrogate pair, which jsonb refuses.
  const short = Array.from(cleaned).slice(0, 200).join('');
  return short || fallback;
}

/** File name extensions of each type; the first is the one added to a name that lacks them. */
const EXTENSIONS: Record<SniffedType, string[]> = {
  'image/jpeg': ['jpg', 'jpeg', 'jpe', 'jfif'],
  'image/png': ['png'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
  'image/heic': ['heic', 'heif'],
  'application/pdf': ['pdf'],
  'video/mp4': ['mp4', 'm4v'],
};

/**
 * The name with an extension of its real type: a JPEG named x.html becomes x.html.jpg, so a saved copy opens as
 * the image it is, not as a page. The name the citizen gave stays readable in front of it. Unknown types: as is.
 */
export function nameForType(name: string, type: string): string {
  const extensions = (EXTENSIONS as Record<string, string[] | undefined>)[type];
  if (!extensions) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
  return extensions.includes(ext) ? name : `${name}.${extensions[0]}`;
}
