import { createLimiter, limitPerPerson } from '../rate-limit/rate-limiter.js';
import { isoInstant } from '../../lib/instant.js';
import { and, asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { dtiEvidence, dtiPeriods, dtiReviewers, dtiSets, dtiValues, units, users } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { toIsoWithOffset } from '../../domain/calendar/local-date.js';
import { actorDisplayName } from '../../domain/feedback/feedback-vocabulary.js';
import { adjustDueDate, defaultPeriods, isLocked } from '../../domain/dti/reporting-periods.js';
import { ApiError, forbidden, notFound } from '../../lib/api-error.js';
import { normalizePhone } from '../../lib/phone.js';
import { fileHeaders, IMAGES_AND_PDF, readStoredFile, readUploads, storeUploads } from '../../lib/uploads.js';
import { jsonBody, params, query } from '../../lib/validate.js';
import { actorUserId, canLeadUnit, isAdmin, isStaff, type Actor } from '../auth/actor.js';
import { type AppEnv, requireAdmin } from '../auth/auth-middleware.js';
import { loadCalendar } from '../calendar/calendar-repository.js';
import { autoValue, isAutoSource } from './dti-auto-values.js';
import {
  assignedIndicators,
  resolveKey,
  reviewQueue,
  reviewValue,
  saveDraft,
  submitValue,
  type ValueRow,
  valueHistory,
} from './dti-values-service.js';

const iso = (d: Date | null) => (d ? toIsoWithOffset(d) : null);
const code = z.string().trim().min(1).max(100);
const keyParams = z.object({ set: code, period: code, indicator: code, unit: code });
const MAX_EVIDENCE_FILES = 10;

const citation = z.object({
  number: z.string().trim().max(100).optional(),
  date: z.iso.date().optional(),
  issuer: z.string().trim().max(300).optional(),
  title: z.string().trim().max(500).optional(),
});

function valueView(v: ValueRow | null) {
  if (!v) return null;
  return {
    status: v.status,
    value: v.value,
    comment: v.comment,
    citation: v.citation,
    submittedAt: iso(v.submittedAt),
    reviewedAt: iso(v.reviewedAt),
    reviewComment: v.reviewComment,
    changedAfterApproval: v.changedAfterApproval,
    updatedAt: iso(v.updatedAt),
  };
}

function additiveParts(scoring: unknown): { key: string; label: string; points: number }[] | null {
  const rule = scoring as { kind?: string; parts?: { key: string; label?: string; points: number }[] } | null;
  if (rule?.kind !== 'additive' || !Array.isArray(rule.parts)) return null;
  return rule.parts.map((p) => ({ key: p.key, label: p.label ?? p.key, points: p.points }));
}

/** Who may read a unit's values: its own staff, leaders above it, admins. */
function canRead(actor: Actor, unit: { id: number; path: string }): boolean {
  if (isAdmin(actor) || canLeadUnit(actor, unit)) return true;
  return actor.kind === 'user' && actor.roles.some((r) => r.unitId === unit.id);
}

async function setAndPeriod(deps: AppDeps, setCode: string, periodCode?: string) {
  const [set] = await deps.db.select().from(dtiSets).where(eq(dtiSets.code, setCode));
  if (!set) throw notFound(`Indicator set ${setCode}`);
  const periods = await deps.db.select().from(dtiPeriods).where(eq(dtiPeriods.setId, set.id)).orderBy(asc(dtiPeriods.startsOn), asc(dtiPeriods.kind));
  return { set, periods, period: periodCode ? periods.find((p) => p.code === periodCode) : undefined };
}

export function dtiValueRoutes(deps: AppDeps) {
  const limiter = createLimiter(deps);
  return new Hono<AppEnv>()
    .get('/periods', async (c) => {
      const q = query(c, z.object({ set: code }));
      const { periods } = await setAndPeriod(deps, q.set);
      const now = deps.now();
      return c.json({
        periods: periods.map((p) => ({ code: p.code, kind: p.kind, startsOn: p.startsOn, endsOn: p.endsOn, dueOn: p.dueOn, locked: isLocked(p, now) })),
      });
    })
    .get('/assigned', async (c) => {
      const q = query(c, z.object({ set: code, period: code.optional(), unit: code.optional() }));
      const actor = c.get('actor');
      const { set, periods, period: chosen } = await setAndPeriod(deps, q.set, q.period);
      const today = toIsoWithOffset(deps.now()).slice(0, 10);
      // Default: the earliest open quarter whose due date has not passed, else the last one.
      const period = chosen ?? periods.find((p) => p.kind === 'quarter' && p.dueOn >= today) ?? periods.at(-1);
      if (!period) throw notFound(`A period of ${q.set}`);
      const unitCode = q.unit ?? (actor.kind === 'user' && actor.roles.length === 1 ? actor.roles[0]!.unitCode : undefined);
      if (!unitCode) throw new ApiError(400, 'invalid_request', 'Say which unit', { issues: [{ field: 'unit', message: 'required' }] });
      const [unit] = await deps.db.select().from(units).where(eq(units.code, unitCode));
      if (!unit) throw notFound(`Unit ${unitCode}`);
      if (!canRead(actor, unit)) throw forbidden();
      const rows = await assignedIndicators(deps.db, set.id, period.id, unit.id);
      const now = deps.now();
      const autos = new Map<string, Awaited<ReturnType<typeof autoValue>>>();
      for (const r of rows) {
        if (r.indicator.autoSource && isAutoSource(r.indicator.autoSource)) {
          autos.set(r.indicator.code, await autoValue(deps.db, r.indicator.autoSource, unit, period, now));
        }
      }
      const unitCodes = new Map((await deps.db.select({ id: units.id, code: units.code }).from(units)).map((u) => [u.id, u.code]));
      return c.json({
        set: set.code,
        period: { code: period.code, dueOn: period.dueOn, locked: isLocked(period, deps.now()) },
        unit: unit.code,
        indicators: rows.map((r) => ({
          code: r.indicator.code,
          name: r.indicator.name,
          role: r.role,
          valueType: r.indicator.valueType,
          unitOfMeasure: r.indicator.unitOfMeasure,
          guidance: r.indicator.guidance,
          /** A yes/no indicator scored part by part (additive rule) is answered per part. */
          parts: additiveParts(r.indicator.scoring),
          evidenceRequired: r.indicator.evidenceRequired,
          status: r.own?.status ?? 'missing',
          value: valueView(r.own),
          contributions: r.contributions.map((v) => ({ unit: unitCodes.get(v.unitId), status: v.status, value: v.value, comment: v.comment })),
          auto: autos.get(r.indicator.code) ?? null,
        })),
      });
    })
    .get('/review-queue', async (c) => {
      const q = query(c, z.object({ set: code, period: code.optional() }));
      if (!isStaff(c.get('actor'))) throw forbidden('Staff only');
      const { set, period } = await setAndPeriod(deps, q.set, q.period);
      if (q.period && !period) throw notFound(`Period ${q.period} of ${q.set}`);
      // Officers without review rights get an empty queue, not an error: the mini app shows the tab to all staff.
      const rows = await reviewQueue(deps.db, c.get('actor'), set.id, period?.id);
      return c.json({
        items: rows.map((r) => ({
          set: set.code,
          period: r.period,
          indicator: r.indicator,
          unit: r.unit,
          value: valueView(r.value),
          evidence: r.evidence,
        })),
      });
    })
    .get('/values/:set/:period/:indicator/:unit', async (c) => {
      const key = params(c, keyParams);
      const r = await resolveKey(deps.db, key);
      if (!canRead(c.get('actor'), r.unit)) throw forbidden();
      const [row] = await deps.db
        .select()
        .from(dtiValues)
        .where(and(eq(dtiValues.periodId, r.period.id), eq(dtiValues.indicatorId, r.indicator.id), eq(dtiValues.unitId, r.unit.id)));
      const history = row ? await valueHistory(deps.db, row.id) : [];
      const evidence = row
        ? await deps.db.select({ id: dtiEvidence.id, fileName: dtiEvidence.fileName, mimeType: dtiEvidence.mimeType, size: dtiEvidence.size }).from(dtiEvidence).where(eq(dtiEvidence.valueId, row.id))
        : [];
      return c.json({
        ...key,
        role: r.role,
        dueOn: r.period.dueOn,
        value: valueView(row ?? null),
        evidence,
        history: history.map((h) => ({ at: iso(h.at), actor: actorDisplayName(h), action: h.action, from: h.fromStatus, to: h.toStatus, value: h.value, note: h.note })),
      });
    })
    .put('/values/:set/:period/:indicator/:unit', async (c) => {
      const key = params(c, keyParams);
      const body = await jsonBody(
        c,
        z.object({
          value: z.unknown().optional(),
          /** true: take the value the system computes for this indicator (autoSource), with its formula as comment. */
          auto: z.literal(true).optional(),
          comment: z.string().trim().max(4000).optional(),
          citation: citation.optional(),
        }),
      );
      if (body.auto) {
        const r = await resolveKey(deps.db, key);
        const computed = r.indicator.autoSource ? await autoValue(deps.db, r.indicator.autoSource, r.unit, r.period, deps.now()) : null;
        if (!computed) throw new ApiError(422, 'not_computed', `Indicator ${key.indicator} is not computed by the system`, { errors: [{ field: 'auto', message: 'this indicator has no automatic source' }] });
        if (!computed.value) throw new ApiError(422, 'no_data', 'There is nothing to compute yet for this period', { errors: [{ field: 'auto', message: computed.formula }] });
        body.value = computed.value;
        body.comment ??= `Hệ thống tự tính: ${computed.formula}`;
      }
      const row = await deps.db.transaction((tx) => saveDraft(tx, key, body, c.get('actor'), deps.now()));
      return c.json({ ...key, value: valueView(row) });
    })
    .post('/values/:set/:period/:indicator/:unit/submit', async (c) => {
      const key = params(c, keyParams);
      // The body may carry the value typed with the press of "Gửi duyệt" (older clients send {} or nothing).
      const hasJson = (c.req.header('content-type') ?? '').toLowerCase().includes('application/json');
      const body = hasJson
        ? await jsonBody(c, z.object({ value: z.unknown().optional(), comment: z.string().trim().max(4000).optional(), citation: citation.optional() }))
        : {};
      const row = await deps.db.transaction((tx) => submitValue(tx, key, c.get('actor'), deps.now(), body));
      return c.json({ ...key, value: valueView(row) });
    })
    .post('/values/:set/:period/:indicator/:unit/:decision{approve|return}', async (c) => {
      const key = params(c, keyParams);
      const decision = c.req.param('decision') as 'approve' | 'return';
      const body = await jsonBody(c, z.object({ comment: z.string().trim().max(4000).optional() }));
      const row = await deps.db.transaction((tx) => reviewValue(tx, key, decision, body.comment, c.get('actor'), deps.now()));
      return c.json({ ...key, value: valueView(row) });
    })
    .post('/values/:set/:period/:indicator/:unit/evidence', limitPerPerson(limiter, 'upload.user', 'upload.ip'), async (c) => {
      const key = params(c, keyParams);
      const actor = c.get('actor');
      const uploads = await readUploads(c.req.raw, IMAGES_AND_PDF);
      await storeUploads(deps.filesDir, uploads);
      const now = deps.now();
      const saved = await deps.db.transaction(async (tx) => {
        // Attaching evidence is an edit: the same rights and locks as saving a draft (it creates the draft if needed).
        // Not a "Lưu nháp" in the history: the files are listed with their uploader and time.
        const row = await saveDraft(tx, key, {}, actor, now, { record: false });
        const existing = await tx.select({ id: dtiEvidence.id }).from(dtiEvidence).where(eq(dtiEvidence.valueId, row.id));
        if (existing.length + uploads.length > MAX_EVIDENCE_FILES) {
          throw new ApiError(422, 'too_many_files', `At most ${MAX_EVIDENCE_FILES} evidence files per value`, {
            errors: [{ field: 'file', message: `at most ${MAX_EVIDENCE_FILES} files` }],
          });
        }
        return tx
          .insert(dtiEvidence)
          .values(uploads.map((u) => ({ valueId: row.id, fileName: u.fileName, mimeType: u.mimeType, size: u.size, sha256: u.sha256, uploadedBy: actorUserId(actor), createdAt: now })))
          .returning({ id: dtiEvidence.id, fileName: dtiEvidence.fileName, mimeType: dtiEvidence.mimeType, size: dtiEvidence.size });
      });
      return c.json({ evidence: saved }, 201);
    })
    .get('/values/:set/:period/:indicator/:unit/evidence/:id', async (c) => {
      const key = params(c, keyParams);
      const { id } = params(c, z.object({ id: z.coerce.number().int().positive() }));
      const r = await resolveKey(deps.db, key);
      if (!canRead(c.get('actor'), r.unit)) throw forbidden();
      const [file] = await deps.db
        .select({ e: dtiEvidence })
        .from(dtiEvidence)
        .innerJoin(dtiValues, eq(dtiValues.id, dtiEvidence.valueId))
        .where(and(eq(dtiEvidence.id, id), eq(dtiValues.periodId, r.period.id), eq(dtiValues.indicatorId, r.indicator.id), eq(dtiValues.unitId, r.unit.id)));
      if (!file) throw notFound('Evidence file');
      const bytes = await readStoredFile(deps.filesDir, file.e.sha256);
      return c.body(new Uint8Array(bytes), 200, fileHeaders(file.e));
    });
}

/** Admin: periods of a set with explicit due dates, their lock, and reopening. */
export function dtiPeriodAdminRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('*', requireAdmin)
    .post('/generate', async (c) => {
      const body = await jsonBody(c, z.object({ set: code, year: z.number().int().min(2000).max(2100), graceDays: z.number().int().min(0).max(60).optional() }));
      const { set } = await setAndPeriod(deps, body.set);
      const cal = await loadCalendar(deps.db);
      const plans = defaultPeriods(body.year, cal);
      const created = await deps.db
        .insert(dtiPeriods)
        .values(plans.map((p) => ({ setId: set.id, ...p, ...(body.graceDays !== undefined ? { graceDays: body.graceDays } : {}) })))
        .onConflictDoNothing()
        .returning({ code: dtiPeriods.code, dueOn: dtiPeriods.dueOn });
      return c.json({ created }, 201);
    })
    .put('/:set/:period', async (c) => {
      const p = params(c, z.object({ set: code, period: code }));
      const body = await jsonBody(c, z.object({ dueOn: z.iso.date().optional(), graceDays: z.number().int().min(0).max(60).optional() }));
      const { period } = await setAndPeriod(deps, p.set, p.period);
      if (!period) throw notFound(`Period ${p.period}`);
      // A due date on a day off moves to the previous working day.
      const dueOn = body.dueOn ? adjustDueDate(body.dueOn, await loadCalendar(deps.db)) : period.dueOn;
      const [row] = await deps.db
        .update(dtiPeriods)
        .set({ dueOn, ...(body.graceDays !== undefined ? { graceDays: body.graceDays } : {}) })
        .where(eq(dtiPeriods.id, period.id))
        .returning();
      return c.json({ code: row!.code, dueOn: row!.dueOn, graceDays: row!.graceDays });
    })
    .post('/:set/:period/reopen', async (c) => {
      const p = params(c, z.object({ set: code, period: code }));
      const body = await jsonBody(c, z.object({ until: isoInstant }));
      const { period } = await setAndPeriod(deps, p.set, p.period);
      if (!period) throw notFound(`Period ${p.period}`);
      const [row] = await deps.db.update(dtiPeriods).set({ reopenedUntil: body.until }).where(eq(dtiPeriods.id, period.id)).returning();
      return c.json({ code: row!.code, reopenedUntil: iso(row!.reopenedUntil), locked: isLocked(row!, deps.now()) });
    });
}

/** Admin: people designated to review a unit's DTI values besides its leaders (e.g. the DTI focal officer). */
export function dtiReviewerAdminRoutes(deps: AppDeps) {
  const body = z.object({ unit: code, phone: z.string().trim().min(8).max(20) });
  const resolve = async (input: z.infer<typeof body>) => {
    const [unit] = await deps.db.select().from(units).where(eq(units.code, input.unit));
    if (!unit) throw new ApiError(422, 'unprocessable', `Unknown unit code "${input.unit}"`, { errors: [{ field: 'unit', message: 'unknown unit code' }] });
    const phone = normalizePhone(input.phone);
    const [user] = phone ? await deps.db.select().from(users).where(eq(users.phone, phone)) : [];
    if (!user) throw new ApiError(422, 'unprocessable', 'No registered person has this phone number', { errors: [{ field: 'phone', message: 'not registered; import the person first' }] });
    return { unit, user };
  };
  return new Hono<AppEnv>()
    .use('*', requireAdmin)
    .get('/', async (c) => {
      const rows = await deps.db
        .select({ unit: units.code, name: users.name })
        .from(dtiReviewers)
        .innerJoin(units, eq(units.id, dtiReviewers.unitId))
        .innerJoin(users, eq(users.id, dtiReviewers.userId))
        .orderBy(asc(units.code));
      return c.json({ reviewers: rows });
    })
    .post('/', async (c) => {
      const { unit, user } = await resolve(await jsonBody(c, body));
      await deps.db.insert(dtiReviewers).values({ unitId: unit.id, userId: user.id, createdAt: deps.now() }).onConflictDoNothing();
      return c.json({ unit: unit.code, name: user.name }, 201);
    })
    .delete('/', async (c) => {
      const { unit, user } = await resolve(await jsonBody(c, body));
      const rows = await deps.db.delete(dtiReviewers).where(and(eq(dtiReviewers.unitId, unit.id), eq(dtiReviewers.userId, user.id))).returning();
      if (!rows.length) throw notFound('Reviewer');
      return c.json({ unit: unit.code, name: user.name, deleted: true });
    });
}
