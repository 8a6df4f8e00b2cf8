// Per-officer read marks: when each staff member last opened an item, so the inbox can say "Mới" (never opened by
// them) and "Công dân đã bổ sung" (the citizen added information after they last opened it).
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../../db/open-db.js';
import { feedbackEvents, feedbackReads } from '../../../../db/schema.js';

export async function markOpened(db: DbOrTx, userId: number, feedbackId: number, now: Date): Promise<void> {
  await db
    .insert(feedbackReads)
    .values({ userId, feedbackId, readAt: now })
    .onConflictDoUpdate({ target: [feedbackReads.userId, feedbackReads.feedbackId], set: { readAt: now } });
}

export interface ReadMarks {
  /** This person never opened the item. */
  isNew: boolean;
  /** The citizen added information after this person last opened it (or before they ever did). */
  citizenReplied: boolean;
}

/** Marks for one page of an inbox: two small queries over the page's ids. */
export async function readMarksFor(db: DbOrTx, userId: number, feedbackIds: number[]): Promise<Map<number, ReadMarks>> {
  const marks = new Map<number, ReadMarks>();
  if (!feedbackIds.length) return marks;
  const [reads, replies] = await Promise.all([
    db
      .select({ feedbackId: feedbackReads.feedbackId, readAt: feedbackReads.readAt })
      .from(feedbackReads)
      .where(and(eq(feedbackReads.userId, userId), inArray(feedbackReads.feedbackId, feedbackIds))),
    db
      .select({ feedbackId: feedbackEvents.feedbackId, at: sql<Date>`max(${feedbackEvents.at})`.mapWith(feedbackEvents.at) })
      .from(feedbackEvents)
      .where(and(inArray(feedbackEvents.feedbackId, feedbackIds), eq(feedbackEvents.type, 'provide_info')))
      .groupBy(feedbackEvents.feedbackId),
  ]);
  const readAt = new Map(reads.map((r) => [r.feedbackId, r.readAt]));
  const repliedAt = new Map(replies.map((r) => [r.feedbackId, r.at]));
  for (const id of feedbackIds) {
    const read = readAt.get(id);
    const replied = repliedAt.get(id);
    marks.set(id, { isNew: !read, citizenReplied: !!replied && (!read || replied.getTime() > read.getTime()) });
  }
  return marks;
}
