import { and, eq, inArray, isNull, or } from 'drizzle-orm';
import type { DbOrTx } from '../../../../db/open-db.js';
import { deadlinePolicies, type Urgency } from '../../../../db/schema.js';
import { DEFAULT_POLICY, type DeadlinePolicy } from '../../domain/calendar/deadline.js';

/** Most specific wins: category+urgency, urgency, category, province default; else 15 working days. */
export async function resolvePolicy(db: DbOrTx, categoryId: number | null, urgency: Urgency): Promise<DeadlinePolicy> {
  const rows = await db
    .select()
    .from(deadlinePolicies)
    .where(
      and(
        categoryId === null
          ? isNull(deadlinePolicies.categoryId)
          : or(eq(deadlinePolicies.categoryId, categoryId), isNull(deadlinePolicies.categoryId)),
        inArray(deadlinePolicies.urgency, urgency === 'normal' ? ['normal'] : [urgency, 'normal']),
      ),
    );
  const score = (r: (typeof rows)[number]) => (r.urgency === urgency ? 2 : 0) + (r.categoryId !== null ? 1 : 0);
  const best = rows.sort((a, b) => score(b) - score(a))[0];
  return best ? { unit: best.unit, amount: best.amount } : DEFAULT_POLICY;
}
