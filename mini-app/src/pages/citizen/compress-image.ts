// Phone photos are 3–8 MB; re-encoded at 1600 px they are a few hundred KB, which uploads on a weak 3G/4G link
// and stays under the server's 10 MB per request. Any failure keeps the original: a photo is never lost.
export const MAX_SIDE = 1600;
export const JPEG_QUALITY = 0.8;
const DECODE_TIMEOUT_MS = 15_000;

/** The size that fits within `max` px on its longest side, keeping the proportions (never enlarges). */
export function fitWithin(width: number, height: number, max = MAX_SIDE): { width: number; height: number } {
  const longest = Math.max(width, height);
  if (longest <= max || longest <= 0) return { width, height };
  const scale = max / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

interface Decoded {
  source: CanvasImageSource;
  width: number;
  height: number;
  release: () => void;
}

async function decode(blob: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    try {
      // Honors the EXIF orientation, so portrait photos stay upright after re-encoding.
      const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
      return { source: bitmap, width: bitmap.width, height: bitmap.height, release: () => bitmap.close() };
    } catch {
      // older WebViews: fall back to <img>
    }
  }
  const url = URL.createObjectURL(blob);
  try {
    const img = await new Promise<HTMLImageElement>((resolve, reject) => {
      const el = new Image();
      el.onload = () => resolve(el);
      el.onerror = () => reject(new Error('decode failed'));
      el.src = url;
    });
    return { source: img, width: img.naturalWidth, height: img.naturalHeight, release: () => URL.revokeObjectURL(url) };
  } catch (err) {
    URL.revokeObjectURL(url);
    throw err;
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

async function reencode(blob: Blob, maxSide: number, quality: number): Promise<Blob> {
  const img = await decode(blob);
  try {
    if (!img.width || !img.height) throw new Error('empty image');
    const size = fitWithin(img.width, img.height, maxSide);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no canvas');
    // JPEG has no transparency: a transparent PNG would otherwise turn black.
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, size.width, size.height);
    ctx.drawImage(img.source, 0, 0, size.width, size.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((out) => (out ? resolve(out) : reject(new Error('encode failed'))), 'image/jpeg', quality),
    );
  } finally {
    img.release();
  }
}

/**
 * A JPEG whose longest side is at most `maxSide` px, or the original when it cannot be decoded (HEIC in most
 * WebViews), is an animated GIF, or would not get smaller.
 */
export async function compressImage(blob: Blob, opts: { maxSide?: number; quality?: number } = {}): Promise<Blob> {
  if (blob.type === 'image/gif') return blob;
  try {
    const out = await withTimeout(reencode(blob, opts.maxSide ?? MAX_SIDE, opts.quality ?? JPEG_QUALITY), DECODE_TIMEOUT_MS);
    return out.size > 0 && out.size < blob.size ? out : blob;
  } catch {
    return blob;
  }
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/heic': 'heic',
};

/** A file name for the upload; the server checks the type from the bytes, the name is only for display. */
export function photoFileName(blob: Blob, index: number): string {
  return `anh-${index + 1}.${EXTENSIONS[blob.type] ?? 'jpg'}`;
}
