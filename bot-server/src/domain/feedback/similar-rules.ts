// "Nearby similar reports": distance on the sphere, the box a radius fits in (so the database narrows first), a plain
// word overlap without diacritics, and how precisely a distance may be told to whom. Pure, unit-tested.

export const SIMILAR_RADIUS_M = 300;
export const SIMILAR_DAYS = 30;
export const SIMILAR_LIMIT = 5;
/** Distinct shared words (without diacritics) that make two texts "similar" when the categories differ. */
export const SIMILAR_MIN_SHARED_WORDS = 3;

const EARTH_RADIUS_M = 6_371_008.8;
const rad = (deg: number) => (deg * Math.PI) / 180;

export interface Point {
  lat: number;
  lng: number;
}

export function haversineMeters(a: Point, b: Point): number {
  const dLat = rad(b.lat - a.lat);
  const dLng = rad(b.lng - a.lng);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A latitude/longitude box that holds every point within `radiusM` of `p` (a little larger, never smaller). */
export function boundingBox(p: Point, radiusM: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const dLat = (radiusM / EARTH_RADIUS_M) * (180 / Math.PI) * 1.01;
  const cos = Math.max(Math.cos(rad(Math.min(89, Math.abs(p.lat) + dLat))), 1e-6);
  const dLng = Math.min(180, dLat / cos);
  return { minLat: p.lat - dLat, maxLat: p.lat + dLat, minLng: p.lng - dLng, maxLng: p.lng + dLng };
}

// Words too common in feedback to say two reports are about the same thing (compared without diacritics; not "den",
// which is both "đến" and "đèn").
const STOP_WORDS = new Set(
  'va cua co la o rat bi da khong nay cho tren cac nhung mot duoc nguoi ngay nhieu tai voi de khi thi ma nen cung roi dang se vi lam tu trong ra vao gan truoc sau lai con hay xin'.split(' '),
);

/** Lower case, without diacritics (đ → d), split on anything that is not a letter or digit. */
export function words(text: string): Set<string> {
  const plain = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
  return new Set(plain.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2 && !STOP_WORDS.has(w)));
}

export function sharedWordCount(a: Set<string>, b: Set<string>): number {
  let n = 0;
  for (const w of a) if (b.has(w)) n++;
  return n;
}

/**
 * Whether a nearby item counts as similar: the same category, or enough words in common. With neither a category
 * nor a text to compare, every nearby item does.
 */
export function isSimilar(
  query: { category?: string | undefined; words?: Set<string> | undefined },
  item: { category: string | null; words: Set<string> },
): boolean {
  if (!query.category && !query.words?.size) return true;
  if (query.category && item.category === query.category) return true;
  return !!query.words && sharedWordCount(query.words, item.words) >= SIMILAR_MIN_SHARED_WORDS;
}

/**
 * A distance as it may be told: to the staff of the item to the metre; of a published item to 10 m; of anyone else's
 * unpublished item only to the next 50 m: roughly where, never the spot.
 */
export function toldDistance(meters: number, precision: 'exact' | 'published' | 'approximate'): number {
  if (precision === 'exact') return Math.round(meters);
  if (precision === 'published') return Math.round(meters / 10) * 10;
  return Math.max(50, Math.ceil(meters / 50) * 50);
}
