// People who write to the OA: their user row, their messaging window and their conversation state.
import { eq } from 'drizzle-orm';
import type { Tx } from '../../../../db/open-db.js';
import { users, zaloContacts } from '../../../../db/schema.js';

export type ContactRow = typeof zaloContacts.$inferSelect;

/** The user behind a Zalo id by OA: a registered officer keeps their account, anyone else becomes a citizen. */
export async function ensureUserForZaloId(tx: Tx, zaloId: string, displayName: string | null, now: Date): Promise<number> {
  const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.zaloId, zaloId));
  if (existing) return existing.id;
  const [created] = await tx
    .insert(users)
    .values({ name: displayName ?? 'Người dùng Zalo', zaloId, createdAt: now, updatedAt: now })
    .onConflictDoNothing({ target: users.zaloId })
    .returning({ id: users.id });
  if (created) return created.id;
  const [again] = await tx.select({ id: users.id }).from(users).where(eq(users.zaloId, zaloId));
  return again!.id;
}

/** The contact row, created if new and locked for this transaction: one event per person is applied at a time. */
export async function lockContact(tx: Tx, zaloId: string, userId: number, now: Date): Promise<ContactRow> {
  await tx.insert(zaloContacts).values({ zaloId, userId, updatedAt: now }).onConflictDoNothing({ target: zaloContacts.zaloId });
  const [row] = await tx.select().from(zaloContacts).where(eq(zaloContacts.zaloId, zaloId)).for('update');
  if (row!.userId !== userId) await tx.update(zaloContacts).set({ userId }).where(eq(zaloContacts.zaloId, zaloId));
  return { ...row!, userId };
}

export const later = (a: Date | null, b: Date): Date => (a && a > b ? a : b);
