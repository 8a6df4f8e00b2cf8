import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../../db/open-db.js';
import { codeCounters } from '../../../../db/schema.js';
import { formatTrackingCode } from '../../domain/feedback/feedback-state.js';

/** Next code for a year. The counter row stays locked until the caller's transaction ends, so codes are gapless. */
export async function nextTrackingCode(tx: DbOrTx, year: number): Promise<string> {
  const [row] = await tx
    .insert(codeCounters)
    .values({ year, last: 1 })
    .onConflictDoUpdate({ target: codeCounters.year, set: { last: sql`${codeCounters.last} + 1` } })
    .returning({ last: codeCounters.last });
  return formatTrackingCode(year, row!.last);
}
