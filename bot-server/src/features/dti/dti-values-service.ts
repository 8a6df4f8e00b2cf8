// Quick updates of DTI values: drafts, submission by the lead unit, review, and the audit trail of every change.
import { and, asc, eq, inArray, like, or, type SQL } from 'drizzle-orm';
import type { DbOrTx, Tx } from '../../../../db/open-db.js';
import {
  dtiAssignments,
  dtiEvidence,
  dtiIndicators,
  dtiPeriods,
  dtiSets,
  dtiValueEvents,
  dtiReviewers,
  dtiValues,
  type DtiValueStatus,
  units,
} from '../../../../db/schema.js';
import { isLocked, isOnTime } from '../../domain/dti/reporting-periods.js';
import { type ScoringRule, validateValue, type ValueType } from '../../domain/dti/scoring.js';
import { ApiError, forbidden, notFound } from '../../lib/api-error.js';
import { type Actor, actorLabel, actorUserId, canLeadUnit, isAdmin } from '../auth/actor.js';

export type ValueRow = typeof dtiValues.$inferSelect;

export interface ValueKey {
  set: string;
  period: string;
  indicator: string;
  unit: string;
}

export interface Citation {
  number?: string | undefined;
  date?: string | undefined;
  issuer?: string | undefined;
  title?: string | undefined;
}

/** Everything a value operation needs to know, loaded in one place. */
export async function resolveKey(db: DbOrTx, key: ValueKey) {
  const [set] = await db.select().from(dtiSets).where(eq(dtiSets.code, key.set));
  if (!set) throw notFound(`Indicator set ${key.set}`);
  const [period] = await db.select().from(dtiPeriods).where(and(eq(dtiPeriods.setId, set.id), eq(dtiPeriods.code, key.period)));
  if (!period) throw notFound(`Period ${key.period} of ${key.set}`);
  const [indicator] = await db.select().from(dtiIndicators).where(and(eq(dtiIndicators.setId, set.id), eq(dtiIndicators.code, key.indicator)));
  if (!indicator) throw notFound(`Indicator ${key.indicator} of ${key.set}`);
  const [unit] = await db.select().from(units).where(eq(units.code, key.unit));
  if (!unit) throw notFound(`Unit ${key.unit}`);
  const [assignment] = await db
    .select()
    .from(dtiAssignments)
    .where(and(eq(dtiAssignments.indicatorId, indicator.id), eq(dtiAssignments.unitId, unit.id)));
  if (!assignment) throw new ApiError(422, 'not_assigned', `Indicator ${key.indicator} is not assigned to ${key.unit}`, {
    errors: [{ field: 'unit', message: `indicator ${key.indicator} is not assigned to this unit` }],
  });
  return { set, period, indicator, unit, role: assignment.role };
}

type Resolved = Awaited<ReturnType<typeof resolveKey>>;

/** Officers and leaders of the unit itself enter its values; admins may correct anything. */
function canEnter(actor: Actor, unitId: number): boolean {
  if (isAdmin(actor)) return true;
  return actor.kind === 'user' && actor.roles.some((r) => r.unitId === unitId && (r.role === 'officer' || r.role === 'leader'));
}

/**
 * Leaders of the unit (or above) review; so do admins and the reviewers an admin designated for the unit.
 * reviewQueue() states the same rule in SQL.
 */
async function canReview(tx: DbOrTx, actor: Actor, unit: { id: number; path: string }): Promise<boolean> {
  if (canLeadUnit(actor, unit)) return true;
  if (actor.kind !== 'user') return false;
  const [designated] = await tx
    .select({ userId: dtiReviewers.userId })
    .from(dtiReviewers)
    .where(and(eq(dtiReviewers.unitId, unit.id), eq(dtiReviewers.userId, actor.userId)));
  return Boolean(designated);
}

async function lockedRow(tx: Tx, r: Resolved): Promise<ValueRow | undefined> {
  const [row] = await tx
    .select()
    .from(dtiValues)
    .where(and(eq(dtiValues.periodId, r.period.id), eq(dtiValues.indicatorId, r.indicator.id), eq(dtiValues.unitId, r.unit.id)))
    .for('update');
  return row;
}

async function audit(
  tx: Tx,
  row: ValueRow,
  actor: Actor,
  now: Date,
  e: { action: string; from: DtiValueStatus | null; to: DtiValueStatus | null; note?: string | null },
) {
  await tx.insert(dtiValueEvents).values({
    valueId: row.id,
    at: now,
    actorUserId: actorUserId(actor),
    actorLabel: actorLabel(actor),
    action: e.action,
    fromStatus: e.from,
    toStatus: e.to,
    value: row.value,
    note: e.note ?? null,
  });
}

function refuseIfLocked(r: Resolved, actor: Actor, now: Date) {
  if (isLocked(r.period, now) && !isAdmin(actor)) {
    throw new ApiError(409, 'period_locked', `Period ${r.period.code} is locked since the end of its grace period; ask an administrator to reopen it`);
  }
}

export interface DraftInput {
  value?: unknown;
  comment?: string | undefined;
  citation?: Citation | undefined;
}

/**
 * Saves (creates or updates) a draft. Submitted and approved values are edited only by their reviewers' decisions.
 * `record: false` leaves the history alone: attaching evidence, and the save that is part of a submit, are not a
 * "Lưu nháp" of their own (one press of a button is one history entry).
 */
export async function saveDraft(
  tx: Tx,
  key: ValueKey,
  input: DraftInput,
  actor: Actor,
  now: Date,
  opts: { record?: boolean } = {},
): Promise<ValueRow> {
  const record = opts.record ?? true;
  const r = await resolveKey(tx, key);
  if (!canEnter(actor, r.unit.id)) throw forbidden(`Only staff of ${r.unit.code} can enter its values`);
  refuseIfLocked(r, actor, now);
  let value: Record<string, unknown> | null = null;
  if (input.value !== undefined) {
    const checked = validateValue(r.indicator.valueType as ValueType, input.value, r.indicator.scoring as ScoringRule | null);
    if (!checked.ok) throw new ApiError(422, 'invalid_value', `Invalid value for indicator ${r.indicator.code}`, { errors: checked.errors });
    value = checked.value as unknown as Record<string, unknown>;
  }
  const existing = await lockedRow(tx, r);
  if (existing?.status === 'submitted' && !isAdmin(actor)) {
    throw new ApiError(409, 'under_review', 'The value is submitted and waiting for review; it can be changed once returned');
  }
  if (existing?.status === 'approved' && !isAdmin(actor)) {
    throw new ApiError(409, 'approved', 'The value is approved and locked; an administrator can correct it');
  }
  const patch = {
    ...(value !== null ? { value } : {}),
    ...(input.comment !== undefined ? { comment: input.comment } : {}),
    ...(input.citation !== undefined ? { citation: input.citation } : {}),
    updatedAt: now,
  };
  if (!existing) {
    const [row] = await tx
      .insert(dtiValues)
      .values({ periodId: r.period.id, indicatorId: r.indicator.id, unitId: r.unit.id, status: 'draft', ...patch })
      .returning();
    if (record) await audit(tx, row!, actor, now, { action: 'save', from: null, to: 'draft' });
    return row!;
  }
  // An administrator's correction of an approved value keeps it approved, and flags it.
  const approvedCorrection = existing.status === 'approved';
  const status: DtiValueStatus = approvedCorrection || existing.status === 'submitted' ? existing.status : existing.status === 'returned' ? 'returned' : 'draft';
  const [row] = await tx
    .update(dtiValues)
    .set({ ...patch, status, ...(approvedCorrection ? { changedAfterApproval: true } : {}) })
    .where(eq(dtiValues.id, existing.id))
    .returning();
  // An approved value's correction is always on record, whatever the path.
  if (record || approvedCorrection) await audit(tx, row!, actor, now, {
    action: approvedCorrection ? 'correct_after_approval' : 'save',
    from: existing.status,
    to: status,
    note: input.comment ?? null,
  });
  return row!;
}

/** The lead unit submits the consolidated value; coordinating units only contribute drafts. */
export async function submitValue(tx: Tx, key: ValueKey, actor: Actor, now: Date, input: DraftInput = {}): Promise<ValueRow> {
  const r = await resolveKey(tx, key);
  if (!canEnter(actor, r.unit.id)) throw forbidden(`Only staff of ${r.unit.code} can submit its values`);
  if (r.role !== 'lead') {
    throw forbidden(`${r.unit.code} coordinates indicator ${r.indicator.code}; only its lead unit submits the consolidated value`);
  }
  refuseIfLocked(r, actor, now);
  // "Gửi duyệt" with what was typed: saved and submitted at once, one entry in the history.
  if (input.value !== undefined || input.comment !== undefined || input.citation !== undefined) {
    await saveDraft(tx, key, input, actor, now, { record: false });
  }
  const row = await lockedRow(tx, r);
  if (!row || row.value === null) {
    throw new ApiError(422, 'no_value', 'Save a value before submitting', { errors: [{ field: 'value', message: 'required before submitting' }] });
  }
  if (row.status !== 'draft' && row.status !== 'returned') {
    throw new ApiError(409, 'invalid_transition', `Cannot submit a value that is ${row.status}`);
  }
  if (r.indicator.evidenceRequired) {
    const [file] = await tx.select({ id: dtiEvidence.id }).from(dtiEvidence).where(eq(dtiEvidence.valueId, row.id)).limit(1);
    const cited = row.citation && (row.citation.number || row.citation.title);
    if (!file && !cited) {
      throw new ApiError(422, 'evidence_required', `Indicator ${r.indicator.code} needs evidence: a file, a photo or a document citation`, {
        errors: [{ field: 'evidence', message: 'add a file or a document citation (number, date, issuer, title)' }],
      });
    }
  }
  const [updated] = await tx
    .update(dtiValues)
    .set({ status: 'submitted', submittedAt: now, submittedBy: actorUserId(actor), updatedAt: now })
    .where(eq(dtiValues.id, row.id))
    .returning();
  await audit(tx, updated!, actor, now, {
    action: 'submit',
    from: row.status,
    to: 'submitted',
    note: isOnTime(now, r.period.dueOn) ? null : `nộp muộn (hạn ${r.period.dueOn})`,
  });
  return updated!;
}

export async function reviewValue(
  tx: Tx,
  key: ValueKey,
  decision: 'approve' | 'return',
  comment: string | undefined,
  actor: Actor,
  now: Date,
): Promise<ValueRow> {
  const r = await resolveKey(tx, key);
  if (!(await canReview(tx, actor, r.unit))) {
    throw forbidden(`Only a leader of ${r.unit.code} (or above), or its designated reviewer, can review its values`);
  }
  const row = await lockedRow(tx, r);
  if (!row || row.status !== 'submitted') {
    throw new ApiError(409, 'invalid_transition', `Only a submitted value can be ${decision === 'approve' ? 'approved' : 'returned'}`);
  }
  if (decision === 'return' && !comment?.trim()) {
    throw new ApiError(422, 'comment_required', 'Say what must be corrected', { errors: [{ field: 'comment', message: 'required to return a value' }] });
  }
  const to: DtiValueStatus = decision === 'approve' ? 'approved' : 'returned';
  const [updated] = await tx
    .update(dtiValues)
    .set({ status: to, reviewedAt: now, reviewedBy: actorUserId(actor), reviewComment: comment?.trim() ?? null, updatedAt: now })
    .where(eq(dtiValues.id, row.id))
    .returning();
  await audit(tx, updated!, actor, now, { action: decision, from: 'submitted', to, note: comment?.trim() ?? null });
  return updated!;
}

export async function valueHistory(db: DbOrTx, valueId: number) {
  return db.select().from(dtiValueEvents).where(eq(dtiValueEvents.valueId, valueId)).orderBy(asc(dtiValueEvents.id));
}

/** The indicators assigned to a unit for a period, with their state: the officer's "Chỉ số DTI" list. */
export async function assignedIndicators(db: DbOrTx, setId: number, periodId: number, unitId: number) {
  const rows = await db
    .select({ indicator: dtiIndicators, role: dtiAssignments.role })
    .from(dtiAssignments)
    .innerJoin(dtiIndicators, eq(dtiIndicators.id, dtiAssignments.indicatorId))
    .where(and(eq(dtiAssignments.unitId, unitId), eq(dtiIndicators.setId, setId)))
    .orderBy(asc(dtiIndicators.indexId), asc(dtiIndicators.sort));
  const ids = rows.map((r) => r.indicator.id);
  const values = ids.length
    ? await db.select().from(dtiValues).where(and(eq(dtiValues.periodId, periodId), inArray(dtiValues.indicatorId, ids)))
    : [];
  return rows.map((r) => ({
    ...r,
    own: values.find((v) => v.indicatorId === r.indicator.id && v.unitId === unitId) ?? null,
    // The lead unit sees what its coordinating units contributed.
    contributions: r.role === 'lead' ? values.filter((v) => v.indicatorId === r.indicator.id && v.unitId !== unitId) : [],
  }));
}

/**
 * Submitted values of a set (optionally one period) that the actor may review, oldest submission first: the rule of
 * canReview() as a filter (every unit for admins; leaders' subtrees; units the actor is a designated reviewer of).
 */
export async function reviewQueue(db: DbOrTx, actor: Actor, setId: number, periodId?: number) {
  const where: (SQL | undefined)[] = [eq(dtiPeriods.setId, setId), eq(dtiValues.status, 'submitted')];
  if (periodId !== undefined) where.push(eq(dtiPeriods.id, periodId));
  if (!isAdmin(actor)) {
    if (actor.kind !== 'user') return [];
    const led = actor.roles.filter((r) => r.role === 'leader').map((r) => like(units.path, `${r.unitPath}%`));
    const designated = db.select({ unitId: dtiReviewers.unitId }).from(dtiReviewers).where(eq(dtiReviewers.userId, actor.userId));
    where.push(or(...led, inArray(dtiValues.unitId, designated)));
  }
  const rows = await db
    .select({
      value: dtiValues,
      period: dtiPeriods.code,
      indicator: { code: dtiIndicators.code, name: dtiIndicators.name, valueType: dtiIndicators.valueType, unitOfMeasure: dtiIndicators.unitOfMeasure },
      unit: { code: units.code, name: units.name },
    })
    .from(dtiValues)
    .innerJoin(dtiPeriods, eq(dtiPeriods.id, dtiValues.periodId))
    .innerJoin(dtiIndicators, eq(dtiIndicators.id, dtiValues.indicatorId))
    .innerJoin(units, eq(units.id, dtiValues.unitId))
    .where(and(...where))
    .orderBy(asc(dtiValues.submittedAt), asc(dtiValues.id));
  const evidence = rows.length
    ? await db
        .select({ valueId: dtiEvidence.valueId, id: dtiEvidence.id, fileName: dtiEvidence.fileName, mimeType: dtiEvidence.mimeType, size: dtiEvidence.size })
        .from(dtiEvidence)
        .where(inArray(dtiEvidence.valueId, rows.map((r) => r.value.id)))
        .orderBy(asc(dtiEvidence.id))
    : [];
  return rows.map((r) => ({
    ...r,
    evidence: evidence.filter((e) => e.valueId === r.value.id).map(({ valueId: _, ...file }) => file),
  }));
}
