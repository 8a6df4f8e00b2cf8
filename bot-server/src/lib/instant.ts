import { z } from 'zod';

// Years an instant may fall in: the working calendar is computed for 2000–2100, and PostgreSQL's timestamptz
// cannot hold what JavaScript's Date can (year 275760), so anything outside is refused at the boundary.
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
const MIN_MS = Date.UTC(MIN_YEAR, 0, 1) - 7 * 3600_000;
const MAX_MS = Date.UTC(MAX_YEAR + 1, 0, 1) - 7 * 3600_000;

export function inSupportedRange(d: Date): boolean {
  const t = d.getTime();
  return Number.isFinite(t) && t >= MIN_MS && t < MAX_MS;
}

/** An ISO 8601 instant with its offset, within MIN_YEAR–MAX_YEAR (Vietnam time), as a Date. */
export const isoInstant = z
  .string()
  .pipe(z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with a time zone, e.g. 2026-01-05T09:00:00+07:00' }))
  .transform((v, ctx) => {
    const d = new Date(v);
    if (!inSupportedRange(d)) {
      ctx.addIssue({ code: 'custom', message: `must be between the years ${MIN_YEAR} and ${MAX_YEAR}` });
      return z.NEVER;
    }
    return d;
  });
