// Feedback lifecycle: creation with a tracking code and a due time, actions with role checks, the timeline.
import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../../db/open-db.js';
import {
  categories,
  feedback,
  feedbackEvents,
  userRoles,
  units,
  type Channel,
  type FeedbackStatus,
  type Urgency,
} from '../../../../db/schema.js';
import { computeDueAt, pausedAmountBetween, type DeadlinePolicy } from '../../domain/calendar/deadline.js';
import { localDateOf } from '../../domain/calendar/local-date.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import { duplicateResolutionNote, handledThroughMain, propagatesToDuplicates } from '../../domain/feedback/duplicate-rules.js';
import { canApply, nextStatus, type FeedbackAction } from '../../domain/feedback/feedback-state.js';
import { ApiError, forbidden, notFound } from '../../lib/api-error.js';
import { type Actor, actorLabel, actorUserId, canActOnUnit, canHandleUnit } from '../auth/actor.js';
import { cancelAlertsFor } from '../alerts/alert-scheduler.js';
import { notifyAction, notifyNewItem, notifyRated } from '../notifications/notification-writer.js';
import { notifyCitizen } from '../zalo/citizen-notifications.js';
import { setPublishedPhotos } from '../public/published-photos.js';
import { resolvePolicy } from './deadline-policy-repository.js';
import { nextTrackingCode } from './tracking-code.js';

export type FeedbackRow = typeof feedback.$inferSelect;

export interface FeedbackInput {
  channel: Channel;
  externalId?: string | undefined;
  categoryCode?: string | undefined;
  unitCode?: string | undefined;
  urgency?: Urgency | undefined;
  title?: string | undefined;
  content: string;
  lat?: number | undefined;
  lng?: number | undefined;
  address?: string | undefined;
  contactName?: string | undefined;
  contactPhone?: string | undefined;
  contactEmail?: string | undefined;
  citizenUserId?: number | undefined;
  receivedAt: Date;
  /** Imports bring another system's records: their arrival is not news to the unit's officers. */
  quiet?: boolean | undefined;
}

export interface ServiceContext {
  actor: Actor;
  now: Date;
  cal: WorkingCalendar;
}

/** A 422 naming the field at fault, in the shape the imports use too. */
export class FieldError extends ApiError {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(422, 'unprocessable', message, { errors: [{ field, message }] });
  }
}

export async function findUnitByCode(db: DbOrTx, code: string) {
  const [unit] = await db.select().from(units).where(eq(units.code, code));
  return unit;
}

export async function findCategoryByCode(db: DbOrTx, code: string) {
  const [category] = await db.select().from(categories).where(eq(categories.code, code));
  return category;
}

/** The root of the unit tree receives what no category or code routes elsewhere. */
export async function rootUnit(db: DbOrTx) {
  const [unit] = await db.select().from(units).where(isNull(units.parentId)).orderBy(asc(units.id)).limit(1);
  if (!unit) throw new ApiError(503, 'not_configured', 'No organisation unit exists yet; import units first');
  return unit;
}

/** Resolves the references of an input; throws FieldError naming the bad field. */
export async function resolveRefs(db: DbOrTx, input: Pick<FeedbackInput, 'categoryCode' | 'unitCode'>) {
  const category = input.categoryCode ? await findCategoryByCode(db, input.categoryCode) : undefined;
  if (input.categoryCode && !category) throw new FieldError('category', `Unknown category code "${input.categoryCode}"`);
  let unit = input.unitCode ? await findUnitByCode(db, input.unitCode) : undefined;
  if (input.unitCode && !unit) throw new FieldError('unit', `Unknown unit code "${input.unitCode}"`);
  if (!unit && category?.defaultUnitId) {
    [unit] = await db.select().from(units).where(eq(units.id, category.defaultUnitId));
  }
  unit ??= await rootUnit(db);
  return { category, unit };
}

export function dueFor(
  row: Pick<FeedbackRow, 'clockStartedAt' | 'policyUnit' | 'policyAmount' | 'pausedAmount'>,
  cal: WorkingCalendar,
): Date {
  const policy: DeadlinePolicy = { unit: row.policyUnit, amount: row.policyAmount };
  return computeDueAt(row.clockStartedAt, policy, cal, row.pausedAmount);
}

export async function createFeedback(tx: Tx, input: FeedbackInput, ctx: ServiceContext): Promise<FeedbackRow> {
  const { category, unit } = await resolveRefs(tx, input);
  const urgency = input.urgency ?? 'normal';
  const policy = await resolvePolicy(tx, category?.id ?? null, urgency);
  const receivedDate = localDateOf(input.receivedAt);
  const code = await nextTrackingCode(tx, Number(receivedDate.slice(0, 4)));
  const clock = {
    clockStartedAt: input.receivedAt,
    policyUnit: policy.unit,
    policyAmount: policy.amount,
    pausedAmount: 0,
  };
  const [row] = await tx
    .insert(feedback)
    .values({
      code,
      channel: input.channel,
      externalId: input.externalId ?? null,
      categoryId: category?.id ?? null,
      unitId: unit.id,
      urgency,
      title: input.title ?? null,
      content: input.content,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      address: input.address ?? null,
      citizenUserId: input.citizenUserId ?? null,
      contactName: input.contactName ?? null,
      contactPhone: input.contactPhone ?? null,
      contactEmail: input.contactEmail ?? null,
      receivedAt: input.receivedAt,
      receivedDate,
      ...clock,
      dueAt: dueFor(clock, ctx.cal),
      createdAt: ctx.now,
      updatedAt: ctx.now,
    })
    .returning();
  const event = await appendEvent(tx, row!.id, ctx, {
    type: 'created',
    toStatus: 'received',
    note: null,
    data: { channel: input.channel, unit: unit.code, dueAt: row!.dueAt?.toISOString() ?? null },
  });
  if (!input.quiet) await notifyNewItem(tx, row!, event.id, ctx.actor, ctx.now);
  return row!;
}

export async function appendEvent(
  tx: DbOrTx,
  feedbackId: number,
  ctx: Pick<ServiceContext, 'actor' | 'now'>,
  event: {
    type: string;
    fromStatus?: FeedbackStatus | null;
    toStatus?: FeedbackStatus | null;
    note: string | null;
    data?: Record<string, unknown>;
  },
) {
  const [row] = await tx
    .insert(feedbackEvents)
    .values({
      feedbackId,
      at: ctx.now,
      actorUserId: actorUserId(ctx.actor),
      actorLabel: actorLabel(ctx.actor),
      type: event.type,
      fromStatus: event.fromStatus ?? null,
      toStatus: event.toStatus ?? null,
      note: event.note,
      data: event.data ?? null,
    })
    .returning();
  return row!;
}

export async function getFeedbackForUpdate(tx: Tx, code: string): Promise<FeedbackRow> {
  const [row] = await tx.select().from(feedback).where(eq(feedback.code, code)).for('update');
  if (!row) throw notFound(`Feedback ${code}`);
  return row;
}

export interface ActionPayload {
  note?: string | undefined;
  answer?: string | undefined;
  reason?: string | undefined;
  unitCode?: string | undefined;
  assigneeUserId?: number | undefined;
  photoIds?: number[] | undefined;
}

/** Applies one handling action inside the caller's transaction and records it on the timeline. */
export async function applyAction(
  tx: Tx,
  code: string,
  action: FeedbackAction,
  payload: ActionPayload,
  ctx: ServiceContext,
): Promise<FeedbackRow> {
  const row = await getFeedbackForUpdate(tx, code);
  const [unit] = await tx.select().from(units).where(eq(units.id, row.unitId));
  const isOwner = ctx.actor.kind === 'user' && row.citizenUserId === ctx.actor.userId;
  const handler = canHandleUnit(ctx.actor, unit!);
  // Whoever may not see the item gets the same 404 as for an unknown code: its existence is not disclosed.
  if (!handler && !isOwner) throw notFound(`Feedback ${code}`);
  if (!handler && action !== 'provide_info') throw forbidden('Only the handling unit can do this');
  // Leaders see the item (handler) and assign it (phân công is theirs), but do not handle it unless they are also its
  // unit's officers.
  if (handler && action !== 'assign' && !canActOnUnit(ctx.actor, unit!) && !(isOwner && action === 'provide_info')) {
    throw forbidden("Leaders see this item; the handling unit's officers act on it");
  }
  if (handledThroughMain(row)) {
    const [main] = await tx.select({ code: feedback.code }).from(feedback).where(eq(feedback.id, row.duplicateOfId!));
    throw new ApiError(
      409,
      'linked_duplicate',
      `${code} is linked to the main item ${main!.code}: act on ${main!.code}, or unlink it first`,
      { main: main!.code },
    );
  }
  if (!canApply(action, row.status)) {
    throw new ApiError(409, 'invalid_transition', `Cannot ${action} a feedback that is ${row.status}`, {
      status: row.status,
    });
  }
  const updated = await transition(tx, row, unit!, action, payload, ctx);
  if (propagatesToDuplicates(action) && row.duplicateOfId === null) await resolveDuplicates(tx, updated, action, ctx);
  return updated;
}

/**
 * Answers (or rejects) every open duplicate of a main item with the main item's text, in the same transaction. Each
 * keeps its own receipt and due time, gets its own event and answeredAt, and its citizen is told as the main one is.
 */
async function resolveDuplicates(tx: Tx, main: FeedbackRow, action: 'answer' | 'reject', ctx: ServiceContext) {
  const open = await tx
    .select()
    .from(feedback)
    .where(and(eq(feedback.duplicateOfId, main.id), inArray(feedback.status, OPEN_STATUSES)))
    .orderBy(asc(feedback.id))
    .for('update');
  const payload: ActionPayload = action === 'answer' ? { answer: main.answer ?? '' } : { reason: main.rejectReason ?? '' };
  for (const dup of open) {
    const [unit] = await tx.select().from(units).where(eq(units.id, dup.unitId));
    await transition(tx, dup, unit!, action, payload, ctx, {
      note: duplicateResolutionNote(action, main.code),
      data: { main: main.code },
    });
  }
}

const OPEN_STATUSES: FeedbackStatus[] = ['received', 'accepted', 'in_progress', 'needs_info'];

/** The state change of one item (checked by the caller), its event, its citizen's message and its alerts. */
async function transition(
  tx: Tx,
  row: FeedbackRow,
  unit: typeof units.$inferSelect,
  action: FeedbackAction,
  payload: ActionPayload,
  ctx: ServiceContext,
  resolvedBy?: { note: string; data: Record<string, unknown> },
): Promise<FeedbackRow> {
  const toStatus = nextStatus(action, row.status);
  const patch: Partial<typeof feedback.$inferInsert> = { status: toStatus, updatedAt: ctx.now };
  const data: Record<string, unknown> = { ...resolvedBy?.data };

  // Leaving needs_info resumes the clock: the citizen's time is added to the allowance.
  let clock = { clockStartedAt: row.clockStartedAt, pausedAmount: row.pausedAmount };
  if (row.status === 'needs_info' && row.pausedAt && action !== 'request_info') {
    const policy: DeadlinePolicy = { unit: row.policyUnit, amount: row.policyAmount };
    const extra = pausedAmountBetween(row.pausedAt, ctx.now, policy, ctx.cal);
    clock = { ...clock, pausedAmount: row.pausedAmount + extra };
    Object.assign(patch, { pausedAt: null, pausedAmount: clock.pausedAmount });
    data.pausedFor = extra;
  }
  const recomputeDue = () => {
    patch.dueAt = dueFor({ ...clock, policyUnit: row.policyUnit, policyAmount: row.policyAmount }, ctx.cal);
    data.dueAt = patch.dueAt.toISOString();
  };

  switch (action) {
    case 'request_info':
      if (!payload.note) throw new FieldError('note', 'Say what information the citizen must add');
      Object.assign(patch, { pausedAt: ctx.now, dueAt: null });
      break;
    case 'provide_info':
      recomputeDue();
      break;
    case 'transfer': {
      if (!payload.unitCode) throw new FieldError('unitCode', 'Name the unit to transfer to');
      const target = await findUnitByCode(tx, payload.unitCode);
      if (!target) throw new FieldError('unitCode', `Unknown unit code "${payload.unitCode}"`);
      if (target.id === row.unitId) throw new FieldError('unitCode', 'The feedback is already at this unit');
      // 766 rule: the clock restarts from the latest transfer.
      clock = { clockStartedAt: ctx.now, pausedAmount: 0 };
      Object.assign(patch, { unitId: target.id, assignedUserId: null, pausedAt: null, ...clock });
      data.fromUnit = unit.code;
      data.toUnit = target.code;
      recomputeDue();
      break;
    }
    case 'answer':
      if (!payload.answer?.trim()) throw new FieldError('answer', 'The answer text is required');
      if (row.status === 'needs_info') recomputeDue();
      Object.assign(patch, { answer: payload.answer.trim(), answeredAt: ctx.now });
      break;
    case 'reject':
      if (!payload.reason?.trim()) throw new FieldError('reason', 'A reason is required to reject');
      if (row.status === 'needs_info') recomputeDue();
      // A reasoned refusal is the office's response: it stops the clock like an answer.
      Object.assign(patch, { rejectReason: payload.reason.trim(), answeredAt: ctx.now });
      break;
    case 'close':
      patch.closedAt = ctx.now;
      break;
    case 'publish':
    case 'unpublish':
      patch.published = action === 'publish';
      data.photoIds = await setPublishedPhotos(tx, row.id, action === 'publish' ? (payload.photoIds ?? []) : []);
      break;
    case 'assign': {
      if (payload.assigneeUserId === undefined) throw new FieldError('assigneeUserId', 'Name the officer');
      const [grant] = await tx
        .select()
        .from(userRoles)
        .where(and(eq(userRoles.userId, payload.assigneeUserId), eq(userRoles.unitId, row.unitId)));
      if (!grant) throw new FieldError('assigneeUserId', 'That person is not staff of the handling unit');
      patch.assignedUserId = payload.assigneeUserId;
      data.assigneeUserId = payload.assigneeUserId;
      break;
    }
    default:
      break;
  }

  const [updated] = await tx.update(feedback).set(patch).where(eq(feedback.id, row.id)).returning();
  const note = resolvedBy?.note ?? payload.note ?? payload.reason ?? payload.answer ?? null;
  const event = await appendEvent(tx, row.id, ctx, { type: action, fromStatus: row.status, toStatus, note, data });
  await notifyCitizen(tx, updated!, action, note, event.id, ctx.now);
  await notifyAction(tx, updated!, action, event.id, ctx.actor, ctx.now);
  if (action === 'answer' || action === 'reject' || action === 'transfer' || action === 'request_info') {
    await cancelAlertsFor(tx, row.id, `${action} before the alert went out`, ctx.now);
  }
  return updated!;
}

export async function rateFeedback(
  tx: Tx,
  code: string,
  rating: { value: number; comment?: string | undefined; channel: Channel },
  ctx: ServiceContext,
): Promise<FeedbackRow> {
  const row = await getFeedbackForUpdate(tx, code);
  if (!(ctx.actor.kind === 'user' && row.citizenUserId === ctx.actor.userId)) {
    const [unit] = await tx.select().from(units).where(eq(units.id, row.unitId));
    // Staff who handle it know it exists; anyone else gets the 404 of an unknown code.
    if (!canHandleUnit(ctx.actor, unit!)) throw notFound(`Feedback ${code}`);
    throw forbidden('Only the citizen who sent this feedback can rate it');
  }
  if (row.status !== 'answered' && row.status !== 'closed') {
    throw new ApiError(409, 'not_answered', 'A feedback can be rated once it has been answered');
  }
  const [updated] = await tx
    .update(feedback)
    .set({
      rating: rating.value,
      ratingComment: rating.comment ?? null,
      ratingChannel: rating.channel,
      ratedAt: ctx.now,
      updatedAt: ctx.now,
    })
    .where(eq(feedback.id, row.id))
    .returning();
  const event = await appendEvent(tx, row.id, ctx, {
    type: 'rated',
    note: rating.comment ?? null,
    data: { rating: rating.value, channel: rating.channel },
  });
  await notifyRated(tx, updated!, rating.value, event.id, ctx.actor, ctx.now);
  return updated!;
}
