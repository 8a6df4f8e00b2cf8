// Feedback categories and deadline policies, maintained by administrators.
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx, Tx } from '../../../../db/open-db.js';
import { categories, deadlinePolicies, units, URGENCIES } from '../../../../db/schema.js';
import { ImportRejected, type RowError } from '../../lib/row-errors.js';
import type { ParsedRows } from './org-import.js';

export const categoryRowSchema = z.object({
  code: z.string().trim().min(1, 'required').max(100).regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and dashes only'),
  name: z.string().trim().min(1, 'required').max(200),
  description: z.string().trim().max(2000).nullish(),
  unit: z.string().trim().max(100).nullish(),
  active: z.boolean().default(true),
});
export type CategoryRow = z.infer<typeof categoryRowSchema>;

export const policySchema = z.object({
  category: z.string().trim().min(1).max(100).nullable(),
  urgency: z.enum(URGENCIES).default('normal'),
  unit: z.enum(['working_days', 'working_hours']),
  amount: z.number().int().min(1).max(365),
  dueSoon: z.number().int().min(0).max(365).nullable().optional(),
});

export async function importCategories(tx: Tx, parsed: ParsedRows<CategoryRow>) {
  const errors: RowError[] = [...parsed.errors];
  const unitIds = new Map((await tx.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.code, u.id]));
  const seen = new Set<string>();
  for (const { row, data } of parsed.rows) {
    if (seen.has(data.code)) errors.push({ row, field: 'code', message: 'duplicate code in this file' });
    seen.add(data.code);
    if (data.unit && !unitIds.has(data.unit)) errors.push({ row, field: 'unit', message: `unknown unit code "${data.unit}"` });
  }
  if (errors.length) throw new ImportRejected(errors.sort((a, b) => a.row - b.row));
  let imported = 0;
  let updated = 0;
  for (const { data } of parsed.rows) {
    const values = {
      name: data.name,
      description: data.description ?? null,
      defaultUnitId: data.unit ? unitIds.get(data.unit)! : null,
      active: data.active,
    };
    const [row] = await tx
      .insert(categories)
      .values({ code: data.code, ...values })
      .onConflictDoUpdate({ target: categories.code, set: values })
      .returning({ inserted: sql<boolean>`(xmax = 0)` });
    if (row!.inserted) imported++;
    else updated++;
  }
  return { imported, updated };
}

export async function listCategories(db: DbOrTx, activeOnly: boolean) {
  const rows = await db
    .select({ code: categories.code, name: categories.name, description: categories.description, active: categories.active, unit: units.code })
    .from(categories)
    .leftJoin(units, eq(units.id, categories.defaultUnitId))
    .where(activeOnly ? eq(categories.active, true) : undefined)
    .orderBy(categories.id);
  return rows;
}

export async function listPolicies(db: DbOrTx) {
  return db
    .select({ category: categories.code, urgency: deadlinePolicies.urgency, unit: deadlinePolicies.unit, amount: deadlinePolicies.amount, dueSoon: deadlinePolicies.dueSoon })
    .from(deadlinePolicies)
    .leftJoin(categories, eq(categories.id, deadlinePolicies.categoryId))
    .orderBy(deadlinePolicies.id);
}

/**
 * Sets the policy for a (category, urgency) scope. Items already received keep the policy they were received under:
 * the rule in force at receipt is the one that binds the office.
 */
export async function upsertPolicy(tx: Tx, p: z.infer<typeof policySchema>) {
  let categoryId: number | null = null;
  if (p.category) {
    const [c] = await tx.select().from(categories).where(eq(categories.code, p.category));
    if (!c) throw new ImportRejected([{ row: 0, field: 'category', message: `unknown category code "${p.category}"` }]);
    categoryId = c.id;
  }
  const scope = and(
    categoryId === null ? isNull(deadlinePolicies.categoryId) : eq(deadlinePolicies.categoryId, categoryId),
    eq(deadlinePolicies.urgency, p.urgency),
  );
  const [existing] = await tx.select().from(deadlinePolicies).where(scope);
  const dueSoon = p.dueSoon ?? null;
  if (existing) await tx.update(deadlinePolicies).set({ unit: p.unit, amount: p.amount, dueSoon }).where(eq(deadlinePolicies.id, existing.id));
  else await tx.insert(deadlinePolicies).values({ categoryId, urgency: p.urgency, unit: p.unit, amount: p.amount, dueSoon });
  return { category: p.category, urgency: p.urgency, unit: p.unit, amount: p.amount, dueSoon };
}
