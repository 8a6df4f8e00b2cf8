// The real type of an uploaded file, from its first bytes: a declared Content-Type or file name proves nothing.

export type SniffedType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp' | 'image/heic' | 'application/pdf' | 'video/mp4';

const startsWith = (b: Uint8Array, sig: number[], at = 0) => sig.every((v, i) => b[at + i] === v);
const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to));

export function sniffFileType(b: Uint8Array): SniffedType | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a') return 'image/gif';
  if (ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp';
  if (ascii(b, 0, 5) === '%PDF-') return 'application/pdf';
  if (ascii(b, 4, 8) === 'ftyp') {
    const brand = ascii(b, 8, 12);
    if (['heic', 'heix', 'mif1', 'msf1', 'hevc'].includes(brand)) return 'image/heic';
    if (['isom', 'iso2', 'mp41', 'mp42', 'avc1', 'M4V '].includes(brand)) return 'video/mp4';
  }
  return null;
}

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
