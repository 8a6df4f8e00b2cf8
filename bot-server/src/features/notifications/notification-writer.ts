// Writes the notification centre's rows, in the transaction of the event that causes them: a step on a citizen's
// item tells the citizen; a new item, a citizen's added information or rating tells the officers who handle it.
// (Alerts join the centre when they are released: alert-scheduler.ts.)
import { and, eq, inArray } from 'drizzle-orm';
import type { Tx } from '../../../../db/open-db.js';
import { notifications, outbox, units, userRoles } from '../../../../db/schema.js';
import type { FeedbackAction } from '../../domain/feedback/feedback-state.js';
import { type Actor, actorUserId } from '../auth/actor.js';

export interface NotifiedItem {
  id: number;
  code: string;
  unitId: number;
  citizenUserId: number | null;
  assignedUserId: number | null;
}

/** Steps the citizen hears about in the app (the OA message of the same step, if any, is linked). */
const CITIZEN_KINDS: ReadonlySet<FeedbackAction> = new Set(['accept', 'request_info', 'transfer', 'answer', 'reject', 'close']);

export const notificationTexts = {
  newItem: (code: string, unitName: string) => `Phản ánh mới ${code} gửi đến ${unitName}. Mở để tiếp nhận.`,
  transferredIn: (code: string, unitName: string) => `Phản ánh ${code} đã chuyển đến ${unitName}. Mở để tiếp nhận.`,
  providedInfo: (code: string) => `Công dân đã bổ sung thông tin cho phản ánh ${code}. Mở để tiếp tục xử lý.`,
  rated: (code: string, value: number) => `Công dân đã gửi đánh giá ${value}/5 cho phản ánh ${code}.`,
  closed: (code: string) => `Phản ánh ${code}: Đã đóng. Cảm ơn bạn đã gửi phản ánh.`,
};

interface Row {
  dedupeKey: string;
  userId: number;
  kind: string;
  feedbackId: number;
  outboxId?: number | null;
  text: string;
  data?: Record<string, unknown>;
}

async function insert(tx: Tx, rows: Row[], now: Date): Promise<void> {
  if (!rows.length) return;
  await tx
    .insert(notifications)
    .values(rows.map((r) => ({ ...r, outboxId: r.outboxId ?? null, data: r.data ?? null, createdAt: now })))
    .onConflictDoNothing({ target: notifications.dedupeKey });
}

/** The assignee if there is one, else every officer of the handling unit; never the person who caused it. */
async function handlers(tx: Tx, item: Pick<NotifiedItem, 'unitId' | 'assignedUserId'>, actor: Actor): Promise<number[]> {
  const self = actorUserId(actor);
  const ids =
    item.assignedUserId !== null
      ? [item.assignedUserId]
      : (
          await tx
            .selectDistinct({ userId: userRoles.userId })
            .from(userRoles)
            .where(and(eq(userRoles.unitId, item.unitId), inArray(userRoles.role, ['officer'])))
        ).map((r) => r.userId);
  return [...new Set(ids)].filter((id) => id !== self).sort((a, b) => a - b);
}

async function unitName(tx: Tx, unitId: number): Promise<string> {
  const [u] = await tx.select({ name: units.name }).from(units).where(eq(units.id, unitId));
  return u?.name ?? '';
}

/** A new item in a unit: its officers are told. */
export async function notifyNewItem(tx: Tx, item: NotifiedItem, eventId: number, actor: Actor, now: Date): Promise<void> {
  const name = await unitName(tx, item.unitId);
  const rows = (await handlers(tx, item, actor)).map((userId) => ({
    dedupeKey: `event:${eventId}:${userId}`,
    userId,
    kind: 'new_item',
    feedbackId: item.id,
    text: notificationTexts.newItem(item.code, name),
  }));
  await insert(tx, rows, now);
}

/**
 * One handling step: the citizen hears of the steps that concern them (with the text of the OA message of the same
 * event, `notify:<event>:0` in the outbox, so both say the same), and the officers of a transfer's new unit or of an
 * item the citizen added information to hear of theirs.
 */
export async function notifyAction(tx: Tx, item: NotifiedItem, action: FeedbackAction, eventId: number, actor: Actor, now: Date): Promise<void> {
  const rows: Row[] = [];
  if (CITIZEN_KINDS.has(action) && item.citizenUserId !== null && item.citizenUserId !== actorUserId(actor)) {
    const [message] = await tx.select({ id: outbox.id, text: outbox.text }).from(outbox).where(eq(outbox.dedupeKey, `notify:${eventId}:0`));
    const text = message?.text ?? (action === 'close' ? notificationTexts.closed(item.code) : null);
    if (text) rows.push({ dedupeKey: `event:${eventId}:${item.citizenUserId}`, userId: item.citizenUserId, kind: action, feedbackId: item.id, outboxId: message?.id ?? null, text });
  }
  if (action === 'transfer' || action === 'provide_info') {
    const text = action === 'transfer' ? notificationTexts.transferredIn(item.code, await unitName(tx, item.unitId)) : notificationTexts.providedInfo(item.code);
    for (const userId of await handlers(tx, item, actor)) {
      rows.push({ dedupeKey: `event:${eventId}:${userId}`, userId, kind: action === 'transfer' ? 'new_item' : 'provide_info', feedbackId: item.id, text });
    }
  }
  await insert(tx, rows, now);
}

/** The citizen rated the answer: the officers who handle the item are told. */
export async function notifyRated(tx: Tx, item: NotifiedItem, value: number, eventId: number, actor: Actor, now: Date): Promise<void> {
  const rows = (await handlers(tx, item, actor)).map((userId) => ({
    dedupeKey: `event:${eventId}:${userId}`,
    userId,
    kind: 'rated',
    feedbackId: item.id,
    text: notificationTexts.rated(item.code, value),
    data: { rating: value },
  }));
  await insert(tx, rows, now);
}
