// All-or-nothing imports of units and people (CONTRACT §10). Rows are validated first, then written in one transaction.
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../../../db/open-db.js';
import { ROLES, UNIT_LEVELS, units, userRoles, users } from '../../../../db/schema.js';
import { normalizePhone } from '../../lib/phone.js';
import { ImportRejected, type RowError, rowErrorsFromZod } from '../../lib/row-errors.js';
import { findUnsafeText } from '../../lib/text-safety.js';

export { normalizePhone };

export const unitRowSchema = z.object({
  code: z.string().trim().min(1, 'required').max(100).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore only'),
  name: z.string().trim().min(1, 'required').max(300),
  parent: z.string().trim().max(100).nullish(),
  level: z.enum(UNIT_LEVELS, { message: `must be one of ${UNIT_LEVELS.join(', ')}` }),
});
export type UnitRow = z.infer<typeof unitRowSchema>;


export const userRowSchema = z.object({
  phone: z
    .string()
    .trim()
    .transform((v, ctx) => {
      const p = normalizePhone(v);
      if (!p) ctx.addIssue({ code: 'custom', message: 'must be a Vietnamese phone number such as 0912345678 or +84912345678' });
      return p ?? '';
    }),
  name: z.string().trim().min(1, 'required').max(200),
  unit: z.string().trim().min(1, 'required').max(100),
  role: z.enum(ROLES, { message: `must be one of ${ROLES.join(', ')}` }),
  zaloId: z.string().trim().regex(/^\d{1,30}$/, 'must be a Zalo user id (digits, as a string)').nullish(),
});
export type UserRow = z.infer<typeof userRowSchema>;

/** Rows that passed their schema, with their 1-based row numbers, and the errors of those that did not. */
export interface ParsedRows<T> {
  rows: { row: number; data: T }[];
  errors: RowError[];
}

/** Validates every row; later checks add their errors, so one reply lists everything wrong with the file. */
export function parseRows<S extends z.ZodType>(schema: S, body: unknown): ParsedRows<z.infer<S>> {
  if (!Array.isArray(body)) throw new ImportRejected([{ row: 0, field: '(body)', message: 'must be a JSON array of objects' }]);
  if (body.length === 0) throw new ImportRejected([{ row: 0, field: '(body)', message: 'the array is empty' }]);
  const out: ParsedRows<z.infer<S>> = { rows: [], errors: [] };
  body.forEach((item, i) => {
    const unsafe = findUnsafeText(item);
    if (unsafe.length) {
      out.errors.push(...unsafe.map((u) => ({ row: i + 1, ...u })));
      return;
    }
    const parsed = schema.safeParse(item);
    if (parsed.success) out.rows.push({ row: i + 1, data: parsed.data });
    else out.errors.push(...rowErrorsFromZod(i + 1, parsed.error));
  });
  return out;
}

const byRow = (a: RowError, b: RowError) => a.row - b.row;

export async function importUnits(tx: Tx, parsed: ParsedRows<UnitRow>, now: Date) {
  const errors: RowError[] = [...parsed.errors];
  const seen = new Map<string, number>();
  const numbered = parsed.rows;
  const rows = numbered.map((r) => r.data);
  numbered.forEach(({ row, data: r }) => {
    if (seen.has(r.code)) errors.push({ row, field: 'code', message: `duplicate of row ${seen.get(r.code)}` });
    else seen.set(r.code, row);
    if (r.parent === r.code) errors.push({ row, field: 'parent', message: 'a unit cannot be its own parent' });
  });
  const existing = await tx.select().from(units);
  const byId = new Map(existing.map((u) => [u.id, u]));
  // The tree as it will be after the import: code → parent code.
  const parentOf = new Map<string, string | null>();
  for (const u of existing) parentOf.set(u.code, u.parentId ? (byId.get(u.parentId)?.code ?? null) : null);
  for (const r of rows) parentOf.set(r.code, r.parent ?? null);
  numbered.forEach(({ row, data: r }) => {
    if (r.parent && !parentOf.has(r.parent)) {
      errors.push({ row, field: 'parent', message: `unknown unit code "${r.parent}"` });
    }
  });
  numbered.forEach(({ row, data: r }) => {
    const chain = new Set<string>([r.code]);
    for (let p = parentOf.get(r.code); p; p = parentOf.get(p) ?? null) {
      if (chain.has(p)) {
        errors.push({ row, field: 'parent', message: `would create a cycle through "${p}"` });
        break;
      }
      chain.add(p);
    }
  });
  if (errors.length) throw new ImportRejected(errors.sort(byRow));

  const existingCodes = new Set(existing.map((u) => u.code));
  let imported = 0;
  let updated = 0;
  // Insert or update names/levels first (parents resolved below, once every code has an id).
  for (const r of rows) {
    if (existingCodes.has(r.code)) {
      await tx.update(units).set({ name: r.name, level: r.level, updatedAt: now }).where(eq(units.code, r.code));
      updated++;
    } else {
      await tx.insert(units).values({ code: r.code, name: r.name, level: r.level, path: '/', createdAt: now, updatedAt: now });
      imported++;
    }
  }
  await rebuildPaths(tx, parentOf, now);
  return { imported, updated };
}

/** Recomputes parent ids and materialised paths for the whole tree (units number in the thousands at most). */
async function rebuildPaths(tx: Tx, parentOf: Map<string, string | null>, now: Date) {
  const all = await tx.select().from(units);
  const idOf = new Map(all.map((u) => [u.code, u.id]));
  const pathOf = new Map<string, string>();
  const pathFor = (code: string): string => {
    const cached = pathOf.get(code);
    if (cached) return cached;
    const parent = parentOf.get(code) ?? null;
    const path = `${parent ? pathFor(parent) : '/'}${idOf.get(code)}/`;
    pathOf.set(code, path);
    return path;
  };
  for (const u of all) {
    const parent = parentOf.get(u.code) ?? null;
    const parentId = parent ? idOf.get(parent)! : null;
    const path = pathFor(u.code);
    if (u.path !== path || u.parentId !== parentId) {
      await tx.update(units).set({ parentId, path, updatedAt: now }).where(eq(units.id, u.id));
    }
  }
}

export async function importUsers(tx: Tx, parsed: ParsedRows<UserRow>, now: Date) {
  const errors: RowError[] = [...parsed.errors];
  const numbered = parsed.rows;
  const rows = numbered.map((r) => r.data);
  const unitCodes = [...new Set(rows.map((r) => r.unit))];
  const found = await tx.select({ id: units.id, code: units.code }).from(units).where(inArray(units.code, unitCodes));
  const unitId = new Map(found.map((u) => [u.code, u.id]));
  numbered.forEach(({ row, data: r }) => {
    if (!unitId.has(r.unit)) errors.push({ row, field: 'unit', message: `unknown unit code "${r.unit}"` });
  });
  // Several rows may share a phone (one person, several roles); their name and Zalo id must agree.
  const byPhone = new Map<string, { name: string; zaloId: string | null; row: number; grants: { unitId: number; role: UserRow['role'] }[] }>();
  const zaloOwner = new Map<string, string>();
  numbered.forEach(({ row, data: r }) => {
    const entry = byPhone.get(r.phone);
    const zaloId = r.zaloId ?? null;
    if (entry && (entry.name !== r.name || (zaloId && entry.zaloId && entry.zaloId !== zaloId))) {
      errors.push({ row, field: 'name', message: `conflicts with row ${entry.row} for the same phone` });
    }
    if (zaloId) {
      const owner = zaloOwner.get(zaloId);
      if (owner && owner !== r.phone) errors.push({ row, field: 'zaloId', message: 'already used by another phone in this file' });
      zaloOwner.set(zaloId, r.phone);
    }
    const grant = { unitId: unitId.get(r.unit) ?? 0, role: r.role };
    if (entry) {
      entry.grants.push(grant);
      entry.zaloId ??= zaloId;
    } else byPhone.set(r.phone, { name: r.name, zaloId, row, grants: [grant] });
  });
  const zaloIds = [...zaloOwner.keys()];
  if (zaloIds.length) {
    const taken = await tx.select({ phone: users.phone, zaloId: users.zaloId }).from(users).where(inArray(users.zaloId, zaloIds));
    for (const t of taken) {
      if (t.phone !== zaloOwner.get(t.zaloId!)) {
        const row = numbered.find((r) => r.data.zaloId === t.zaloId)?.row ?? 0;
        errors.push({ row, field: 'zaloId', message: 'already linked to another person' });
      }
    }
  }
  if (errors.length) throw new ImportRejected(errors.sort(byRow));

  let imported = 0;
  let updated = 0;
  for (const [phone, p] of byPhone) {
    const [current] = await tx.select().from(users).where(eq(users.phone, phone));
    let userId: number;
    if (current) {
      await tx
        .update(users)
        .set({ name: p.name, zaloId: p.zaloId ?? current.zaloId, updatedAt: now })
        .where(eq(users.id, current.id));
      userId = current.id;
      updated++;
    } else {
      const [created] = await tx
        .insert(users)
        .values({ phone, name: p.name, zaloId: p.zaloId, createdAt: now, updatedAt: now })
        .returning({ id: users.id });
      userId = created!.id;
      imported++;
    }
    // The file states the person's roles: replace what the previous import said.
    await tx.delete(userRoles).where(eq(userRoles.userId, userId));
    await tx.insert(userRoles).values(p.grants.map((g) => ({ userId, ...g }))).onConflictDoNothing();
  }
  return { imported, updated };
}
