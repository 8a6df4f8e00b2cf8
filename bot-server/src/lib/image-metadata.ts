// Metadata out of photos before anyone but staff sees them: phones write the place a photo was taken (EXIF GPS),
// the device, sometimes the owner's name, into JPEG APP segments and PNG text chunks. The pixels are copied byte
// for byte; only the segments that carry metadata are left out. A file that does not parse is not made public.
//
// JPEG: APP1 (EXIF, XMP), APP2 "MPF" (the index of extra pictures appended after the image), APP3–APP13 and APP15
// (Photoshop/IPTC and vendors' blocks) and COM are dropped, and so is everything after EOI (a phone's extra
// pictures, each with its own EXIF). Kept: APP0 (JFIF), APP2 ICC profile, APP14 (Adobe colour transform), and the
// EXIF orientation alone, rewritten as a minimal EXIF block, so portrait photos stay upright.
// PNG: eXIf and the text chunks (tEXt, zTXt, iTXt) are dropped, and whatever follows IEND.

export type PublicImageType = 'image/jpeg' | 'image/png';

export function stripImageMetadata(bytes: Uint8Array, mimeType: string): Uint8Array | null {
  if (mimeType === 'image/jpeg') return stripJpeg(bytes);
  if (mimeType === 'image/png') return stripPng(bytes);
  return null;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const startsWith = (b: Uint8Array, at: number, ascii: string) => {
  for (let k = 0; k < ascii.length; k++) if (b[at + k] !== ascii.charCodeAt(k)) return false;
  return true;
};

/** Which APPn segments stay: JFIF, the ICC profile, Adobe's colour transform. */
function keepSegment(b: Uint8Array, marker: number, dataAt: number): boolean {
  if (marker === 0xfe) return false; // COM
  if (marker < 0xe0 || marker > 0xef) return true; // not an APPn: tables, frame, scan headers
  if (marker === 0xe0 || marker === 0xee) return true;
  if (marker === 0xe2) return startsWith(b, dataAt, 'ICC_PROFILE\0');
  return false;
}

/** The EXIF orientation (1–8) in an APP1 segment's data, or null. */
export function exifOrientation(b: Uint8Array, dataAt: number, dataEnd: number): number | null {
  if (!startsWith(b, dataAt, 'Exif\0\0')) return null;
  const tiff = dataAt + 6;
  if (tiff + 8 > dataEnd) return null;
  const little = startsWith(b, tiff, 'II');
  if (!little && !startsWith(b, tiff, 'MM')) return null;
  const u16 = (at: number) => (little ? b[at]! | (b[at + 1]! << 8) : (b[at]! << 8) | b[at + 1]!);
  const u32 = (at: number) => (little ? u16(at) + u16(at + 2) * 65536 : u16(at) * 65536 + u16(at + 2));
  const ifd = tiff + u32(tiff + 4);
  if (ifd + 2 > dataEnd) return null;
  const count = u16(ifd);
  for (let k = 0; k < count; k++) {
    const entry = ifd + 2 + k * 12;
    if (entry + 12 > dataEnd) return null;
    if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
      const v = u16(entry + 8);
      return v >= 1 && v <= 8 ? v : null;
    }
  }
  return null;
}

/** APP1 holding only IFD0 with the orientation tag (big-endian TIFF). */
function orientationSegment(orientation: number): Uint8Array {
  const tiff = [0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0];
  const data = [0x45, 0x78, 0x69, 0x66, 0, 0, ...tiff];
  const len = data.length + 2;
  return Uint8Array.from([0xff, 0xe1, len >> 8, len & 0xff, ...data]);
}

function stripJpeg(b: Uint8Array): Uint8Array | null {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return null;
  const parts: Uint8Array[] = [];
  let orientation: number | null = null;
  let i = 2;
  while (i < b.length) {
    if (b[i] !== 0xff) return null;
    let m = i + 1;
    while (m < b.length && b[m] === 0xff) m++; // fill bytes
    if (m >= b.length) return null;
    const marker = b[m]!;
    if (marker === 0xd9) {
      parts.push(Uint8Array.of(0xff, 0xd9));
      break; // anything after EOI is dropped
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(Uint8Array.of(0xff, marker));
      i = m + 1;
      continue;
    }
    if (m + 2 >= b.length) return null;
    const len = (b[m + 1]! << 8) | b[m + 2]!;
    const end = m + 1 + len;
    if (len < 2 || end > b.length) return null;
    if (marker === 0xe1 && orientation === null) orientation = exifOrientation(b, m + 3, end);
    if (keepSegment(b, marker, m + 3)) parts.push(Uint8Array.of(0xff, marker), b.subarray(m + 1, end));
    i = end;
    if (marker === 0xda) {
      // Entropy-coded data runs to the next marker that is not a stuffed 0xFF00 or a restart marker.
      let j = i;
      for (;;) {
        j = b.indexOf(0xff, j);
        if (j < 0 || j + 1 >= b.length) {
          parts.push(b.subarray(i)); // no EOI: keep what there is, as decoders do
          return finish(parts, orientation);
        }
        const next = b[j + 1]!;
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) j += 2;
        else if (next === 0xff) j += 1;
        else break;
      }
      parts.push(b.subarray(i, j));
      i = j;
    }
  }
  return finish(parts, orientation);
}

function finish(parts: Uint8Array[], orientation: number | null): Uint8Array {
  const head: Uint8Array[] = [Uint8Array.of(0xff, 0xd8)];
  if (orientation !== null && orientation !== 1) head.push(orientationSegment(orientation));
  return concat([...head, ...parts]);
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'zTXt', 'iTXt']);

function stripPng(b: Uint8Array): Uint8Array | null {
  if (b.length < 8 || PNG_SIGNATURE.some((v, k) => b[k] !== v)) return null;
  const parts: Uint8Array[] = [b.subarray(0, 8)];
  let i = 8;
  while (i + 12 <= b.length) {
    const len = ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
    const end = i + 12 + len;
    if (end > b.length) return null;
    const type = String.fromCharCode(b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!);
    if (!PNG_DROPPED.has(type)) parts.push(b.subarray(i, end));
    i = end;
    if (type === 'IEND') return concat(parts);
  }
  return null;
}
