// Linking a duplicate to its main item and undoing it (rules in domain/feedback/duplicate-rules.ts), and the link as
// each audience sees it. Answering the main item answers its duplicates: feedback-service.ts applyAction.
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../../db/open-db.js';
import { feedback, units } from '../../../../db/schema.js';
import { toIsoWithOffset } from '../../domain/calendar/local-date.js';
import { linkRefusal, mergedNoticeVi, type Refusal, unlinkRefusal } from '../../domain/feedback/duplicate-rules.js';
import { ApiError, forbidden, notFound } from '../../lib/api-error.js';
import { canActOnUnit, canHandleUnit } from '../auth/actor.js';
import { appendEvent, type FeedbackRow, type ServiceContext } from './feedback-service.js';

function refuse(r: Refusal, details: Record<string, unknown> = {}): never {
  if (r.field) throw new ApiError(r.status, r.error, r.message, { errors: [{ field: r.field, message: r.message }] });
  throw new ApiError(r.status, r.error, r.message, details);
}

/** The rows of these ids or codes, locked in id order (the order every writer of two items takes them in). */
async function lockInOrder(tx: Tx, where: ReturnType<typeof inArray>) {
  return tx
    .select({ f: feedback, unitPath: units.path })
    .from(feedback)
    .innerJoin(units, eq(units.id, feedback.unitId))
    .where(where)
    .orderBy(asc(feedback.id))
    .for('update', { of: feedback });
}

/** 404 for those who may not see it, 403 for its citizen, nothing for staff who handle it. */
function mustHandle(ctx: ServiceContext, item: { f: FeedbackRow; unitPath: string } | undefined, code: string) {
  if (!item) throw notFound(`Feedback ${code}`);
  const unit = { id: item.f.unitId, path: item.unitPath };
  if (canActOnUnit(ctx.actor, unit)) return item.f;
  // Leaders see the item but, as for every other action, its unit's officers link it.
  if (canHandleUnit(ctx.actor, unit)) throw forbidden("Leaders see this item; the handling unit's officers act on it");
  const owner = ctx.actor.kind === 'user' && item.f.citizenUserId === ctx.actor.userId;
  if (owner) throw forbidden('Only the handling unit can do this');
  throw notFound(`Feedback ${code}`);
}

async function duplicateCount(tx: DbOrTx, id: number): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(feedback)
    .where(eq(feedback.duplicateOfId, id));
  return Number(row?.n ?? 0);
}

/** Links item `code` (the duplicate) to `mainCode`. Both must be items the officer handles; otherwise 404. */
export async function linkDuplicate(tx: Tx, code: string, mainCode: string, ctx: ServiceContext): Promise<FeedbackRow> {
  const rows = await lockInOrder(tx, inArray(feedback.code, [code, mainCode]));
  const dup = mustHandle(ctx, rows.find((r) => r.f.code === code), code);
  const mainRow = rows.find((r) => r.f.code === mainCode);
  // A main item the officer may not handle is as unknown as a missing one.
  if (!mainRow || !canHandleUnit(ctx.actor, { id: mainRow.f.unitId, path: mainRow.unitPath })) throw notFound(`Feedback ${mainCode}`);
  const main = mainRow.f;
  const refusal = linkRefusal(
    { ...dup, duplicateCount: await duplicateCount(tx, dup.id) },
    { ...main, duplicateCount: 0 },
  );
  if (refusal) refuse(refusal, dup.duplicateOfId !== null ? { main: await codeOf(tx, dup.duplicateOfId) } : {});
  const [updated] = await tx
    .update(feedback)
    .set({ duplicateOfId: main.id, updatedAt: ctx.now })
    .where(eq(feedback.id, dup.id))
    .returning();
  await appendEvent(tx, dup.id, ctx, { type: 'link_duplicate', note: `Gộp vào phản ánh chính ${main.code}`, data: { main: main.code } });
  // The main item's citizen sees that something was merged, never whose.
  await appendEvent(tx, main.id, ctx, { type: 'duplicate_linked', note: null, data: { duplicate: dup.code } });
  return updated!;
}

/** Undoes the link of duplicate `code`, while its main item is still open. */
export async function unlinkDuplicate(tx: Tx, code: string, ctx: ServiceContext): Promise<FeedbackRow> {
  const [first] = await tx.select({ id: feedback.id, duplicateOfId: feedback.duplicateOfId }).from(feedback).where(eq(feedback.code, code));
  const ids = first ? [first.id, ...(first.duplicateOfId !== null ? [first.duplicateOfId] : [])] : [];
  const rows = ids.length ? await lockInOrder(tx, inArray(feedback.id, ids)) : [];
  const dup = mustHandle(ctx, rows.find((r) => r.f.code === code), code);
  // Linked elsewhere between the two reads: the rows locked are not the right ones.
  if (dup.duplicateOfId !== first!.duplicateOfId) throw new ApiError(409, 'conflict', 'The link changed meanwhile; try again');
  const main = rows.find((r) => r.f.id === dup.duplicateOfId)?.f ?? null;
  const refusal = unlinkRefusal(dup, main);
  if (refusal) refuse(refusal);
  const [updated] = await tx
    .update(feedback)
    .set({ duplicateOfId: null, updatedAt: ctx.now })
    .where(eq(feedback.id, dup.id))
    .returning();
  await appendEvent(tx, dup.id, ctx, { type: 'unlink_duplicate', note: `Bỏ gộp khỏi phản ánh chính ${main!.code}`, data: { main: main!.code } });
  await appendEvent(tx, main!.id, ctx, { type: 'duplicate_unlinked', note: null, data: { duplicate: dup.code } });
  return updated!;
}

async function codeOf(db: DbOrTx, id: number): Promise<string | null> {
  const [row] = await db.select({ code: feedback.code }).from(feedback).where(eq(feedback.id, id));
  return row?.code ?? null;
}

const iso = (d: Date | null) => (d ? toIsoWithOffset(d) : null);

/**
 * The link as the caller may see it. Staff: the main item (B → A) and the duplicates (A → B…), by code, status and
 * date only. The citizen of a duplicate: the main item's code and a sentence, nothing of the other citizen's.
 */
export async function duplicateLinks(db: DbOrTx, row: FeedbackRow, staff: boolean) {
  const main = row.duplicateOfId !== null
    ? (await db.select({ code: feedback.code, status: feedback.status, receivedAt: feedback.receivedAt }).from(feedback).where(eq(feedback.id, row.duplicateOfId)))[0]
    : undefined;
  if (!staff) return { mergedInto: main ? { code: main.code, notice: mergedNoticeVi(main.code) } : null };
  const duplicates = await db
    .select({ code: feedback.code, status: feedback.status, receivedAt: feedback.receivedAt, answeredAt: feedback.answeredAt })
    .from(feedback)
    .where(and(eq(feedback.duplicateOfId, row.id)))
    .orderBy(asc(feedback.id));
  return {
    duplicateOf: main ? { code: main.code, status: main.status, receivedAt: iso(main.receivedAt) } : null,
    duplicates: duplicates.map((d) => ({ code: d.code, status: d.status, receivedAt: iso(d.receivedAt), answeredAt: iso(d.answeredAt) })),
  };
}
