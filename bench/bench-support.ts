// Helpers the benchmark scripts share.
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/open-db.js';

export { withDatabase } from '../db/open-db.js';

/**
 * Empties the feedback table and every table that references it, directly or not (events, attachments, outbox and
 * its attempts, alerts, and whatever a later migration adds): PostgreSQL refuses to truncate a referenced table
 * alone, even an empty one. Only for a benchmark's own database.
 */
export async function truncateFeedback(db: Db): Promise<void> {
  await db.execute(sql`truncate feedback restart identity cascade`);
}

/** min, median and 95th percentile of a list of timings. */
export function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { min: s[0]!, median: (s[Math.floor((s.length - 1) / 2)]! + s[Math.ceil((s.length - 1) / 2)]!) / 2, p95: at(0.95) };
}

/** The single value of a one-row, one-column query. */
export async function scalar<T>(db: Db, query: ReturnType<typeof sql>): Promise<T> {
  const [row] = rowsOf<Record<string, T>>(await db.execute(query));
  return Object.values(row ?? {})[0] as T;
}
