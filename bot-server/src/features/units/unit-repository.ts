// The organisation tree and who works where, as the mini app shows them to staff (never with phone numbers).
import { and, asc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../../../db/open-db.js';
import { units, userRoles, users } from '../../../../db/schema.js';

/** Every unit with its parent's code, in tree order (by materialised path). */
export async function listUnits(db: DbOrTx) {
  const parent = alias(units, 'parent');
  return db
    .select({ code: units.code, name: units.name, level: units.level, parent: parent.code })
    .from(units)
    .leftJoin(parent, eq(parent.id, units.parentId))
    .orderBy(asc(units.path));
}

export async function findUnit(db: DbOrTx, code: string) {
  const [row] = await db.select({ id: units.id, code: units.code, path: units.path }).from(units).where(eq(units.code, code));
  return row;
}

/** Officers and leaders with a grant on exactly this unit (one entry per grant), by name. */
export async function unitStaff(db: DbOrTx, unitId: number) {
  return db
    .select({ id: users.id, name: users.name, role: userRoles.role })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.unitId, unitId), inArray(userRoles.role, ['officer', 'leader'])))
    .orderBy(asc(users.name), asc(users.id), asc(userRoles.role));
}
