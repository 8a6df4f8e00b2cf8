/** Vietnamese mobile numbers in any usual form (0912…, +84912…, 84912…) become 84912…, the form Zalo uses. */
export function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/[\s.()-]/g, '');
  const m = digits.match(/^(?:\+?84|0)(\d{9,10})$/);
  return m ? `84${m[1]}` : null;
}
