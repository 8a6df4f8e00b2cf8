// The organisation tree and who works where, as the mini app shows them to staff (never with phone numbers).
import { and, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../../../db/open-db.js';
import { units, userRoles, users } from '../../../../db/schema.js';

/** Every unit with its parent's code, in tree order: by materialised path, compared bytewise on every database. */
export async function listUnits(db: DbOrTx) {
  const parent = alias(units, 'parent');
  return db
    .select({ code: units.code, name: units.name, level: units.level, parent: parent.code })
    .from(units)
    .leftJoin(parent, eq(parent.id, units.parentId))
    .orderBy(sql`${units.path} collate "C"`);
}

export async function findUnit(db: DbOrTx, code: string) {
  const [row] = await db.select({ id: units.id, code: units.code, path: units.path }).from(units).where(eq(units.code, code));
  return row;
}

const VI = new Intl.Collator('vi');

/**
 * Officers and leaders with a grant on exactly this unit (one entry per grant), in Vietnamese alphabetical order of
 * the name (sorted here: the database's collation differs between PGlite and PostgreSQL installs).
 */
export async function unitStaff(db: DbOrTx, unitId: number) {
  const rows = await db
    .select({ id: users.id, name: users.name, role: userRoles.role })
    .from(userRoles)
    .innerJoin(users, eq(users.id, userRoles.userId))
    .where(and(eq(userRoles.unitId, unitId), inArray(userRoles.role, ['officer', 'leader'])));
  return rows.sort((a, b) => VI.compare(a.name, b.name) || a.id - b.id || a.role.localeCompare(b.role));
}
