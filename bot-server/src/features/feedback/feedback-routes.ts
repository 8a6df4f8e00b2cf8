import { and, asc, desc, eq, gte, inArray, isNull, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import type { DbOrTx } from '../../../../db/open-db.js';
import { attachments, categories, CHANNELS, type Channel, feedback, feedbackEvents, FEEDBACK_STATUSES, units, URGENCIES } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { endOfLocalDay, localDateOf } from '../../domain/calendar/local-date.js';
import { deadlineStatus, DUE_SOON_WORKING_DAYS } from '../../domain/feedback/deadline-status.js';
import { FEEDBACK_ACTIONS, type FeedbackAction } from '../../domain/feedback/feedback-state.js';
import { decideIntake, type IntakeCaller } from '../../domain/feedback/intake-rules.js';
import { ApiError, forbidden, notFound } from '../../lib/api-error.js';
import { sqlStateOf } from '../../lib/error-summary.js';
import { isoInstant } from '../../lib/instant.js';
import { fileHeaders, IMAGES_AND_PDF, readStoredFile, readUploads, storeUploads } from '../../lib/uploads.js';
import { jsonBody, params, query } from '../../lib/validate.js';
import { type Actor, actorUserId, canActOnUnit, canHandleUnit, isAdmin, isCitizen, isStaff, visibleUnitScopes } from '../auth/actor.js';
import { createLimiter, limitPerPerson, rateLimit } from '../rate-limit/rate-limiter.js';
import type { AppEnv } from '../auth/auth-middleware.js';
import { loadCalendar } from '../calendar/calendar-repository.js';
import { appendEvent, applyAction, createFeedback, FieldError, type FeedbackRow, rateFeedback } from './feedback-service.js';
import { searchCondition, searchParam } from './feedback-search.js';
import { duplicateLinks } from './duplicate-service.js';
import { citizenView, eventView, staffView } from './feedback-views.js';
import { markOpened, readMarksFor } from './feedback-reads.js';

const codeParam = z.object({ code: z.string().regex(/^PA-\d{4}-\d{6,}$/, 'must be a tracking code like PA-2026-000123') });

const createSchema = z.object({
  channel: z.enum(CHANNELS).optional(),
  externalId: z.string().trim().min(1).max(200).optional(),
  category: z.string().trim().min(1).max(100).optional(),
  unit: z.string().trim().min(1).max(100).optional(),
  urgency: z.enum(URGENCIES).optional(),
  title: z.string().trim().max(200).optional(),
  content: z.string().trim().min(10, 'describe the problem in at least 10 characters').max(4000),
  location: z.object({ lat: z.number().min(-90).max(90), lng: z.number().min(-180).max(180) }).optional(),
  address: z.string().trim().max(500).optional(),
  contact: z
    .object({
      name: z.string().trim().max(200).optional(),
      phone: z.string().trim().regex(/^\+?\d{8,15}$/, 'must be a phone number of 8 to 15 digits').optional(),
      email: z.email().optional(),
    })
    .optional(),
  receivedAt: isoInstant.optional(),
});

const actionSchema = z.object({
  note: z.string().trim().max(4000).optional(),
  answer: z.string().trim().max(20000).optional(),
  reason: z.string().trim().max(4000).optional(),
  unitCode: z.string().trim().max(100).optional(),
  assigneeUserId: z.number().int().positive().optional(),
  /** publish: the attachments to show with it; the others stay private. */
  photoIds: z.array(z.number().int().positive()).max(10).optional(),
});

const listSchema = z.object({
  status: z.enum(FEEDBACK_STATUSES).optional(),
  unit: z.string().max(100).optional(),
  due: z.enum(['overdue', 'due_soon']).optional(),
  q: searchParam,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Which surface a caller of POST /feedback is (decideIntake's rules); null for those who may not file. */
function intakeCaller(actor: Actor): IntakeCaller | null {
  if (isAdmin(actor)) return { kind: 'admin' };
  if (isCitizen(actor)) return { kind: 'citizen' };
  if (actor.kind === 'system') return { kind: 'integration', channel: actor.channel ?? 'other' };
  if (isStaff(actor)) return { kind: 'staff' };
  return null;
}

const ATTACHMENT_TYPES = [...IMAGES_AND_PDF, 'video/mp4'] as const;
const CITIZEN_ATTACHMENT_TYPES = IMAGES_AND_PDF.filter((t) => t.startsWith('image/'));
const MAX_FILES_PER_FEEDBACK = 10;

/**
 * Whose file it is, for the screens that keep the citizen's photos apart from the unit's documents: the citizen's
 * own uploads and those the filing channel brought with the item (an integration) are the citizen's; the rest came
 * from staff or an administrator handling it.
 */
function attachmentSource(row: FeedbackRow, uploadedBy: number | null, eventActor: string | null): 'citizen' | 'agency' {
  if (uploadedBy !== null) return uploadedBy === row.citizenUserId ? 'citizen' : 'agency';
  return eventActor?.startsWith('integration:') ? 'citizen' : 'agency';
}

export function feedbackRoutes(deps: AppDeps) {
  const ctx = async (actor: Actor, db: DbOrTx) => ({ actor, now: deps.now(), cal: await loadCalendar(db) });
  /** Each view carries where the item stands against its due time now. */
  const deadlineNow = async () => {
    const now = deps.now();
    const cal = await loadCalendar(deps.db);
    return (row: FeedbackRow) => deadlineStatus(row, now, cal);
  };

  /** Loads an item the caller may see; `view()` gives the right view for their role. */
  async function visible(code: string, actor: Actor) {
    const [found] = await deps.db
      .select({ f: feedback, unitCode: units.code, unitName: units.name, unitPath: units.path, categoryCode: categories.code })
      .from(feedback)
      .innerJoin(units, eq(units.id, feedback.unitId))
      .leftJoin(categories, eq(categories.id, feedback.categoryId))
      .where(eq(feedback.code, code));
    if (!found) throw notFound(`Feedback ${code}`);
    const unit = { code: found.unitCode, name: found.unitName };
    const staff = canHandleUnit(actor, { id: found.f.unitId, path: found.unitPath });
    const owner = actor.kind === 'user' && found.f.citizenUserId === actor.userId;
    // Staff of other units and other citizens get 404, not 403: existence of a code is not disclosed.
    if (!staff && !owner) throw notFound(`Feedback ${code}`);
    const view = async () => {
      const deadline = (await deadlineNow())(found.f);
      return (staff ? staffView : citizenView)(found.f, unit, found.categoryCode, deadline);
    };
    return { row: found.f, staff, actsOn: canActOnUnit(actor, { id: found.f.unitId, path: found.unitPath }), view };
  }

  /** The view of a row the caller has just created or acted on (they may no longer see it, e.g. after a transfer). */
  async function resultView(row: FeedbackRow, actor: Actor) {
    const [unit] = await deps.db.select().from(units).where(eq(units.id, row.unitId));
    const [category] = row.categoryId ? await deps.db.select().from(categories).where(eq(categories.id, row.categoryId)) : [];
    const view = isCitizen(actor) ? citizenView : staffView;
    return view(row, { code: unit!.code, name: unit!.name }, category?.code ?? null, (await deadlineNow())(row));
  }

  const limiter = createLimiter(deps);

  return new Hono<AppEnv>()
    .post(
      '/',
      rateLimit(limiter, (c, address) => {
        const actor = c.get('actor');
        if (isAdmin(actor)) return [];
        if (actor.kind === 'system') return [['open311.create.key', actor.integrationId]];
        // Officers are counted as themselves only: an office's shared address is not a crowd of strangers.
        if (!isCitizen(actor)) return [['feedback.create.staff', actorUserId(actor) ?? undefined]];
        return [
          ['feedback.create.citizen', actor.userId],
          ['feedback.create.ip', address],
        ];
      }),
      async (c) => {
      const body = await jsonBody(c, createSchema);
      const actor = c.get('actor');
      const caller = intakeCaller(actor);
      if (!caller) throw forbidden();
      const intake = decideIntake(caller, body);
      if (intake.refused.length) {
        throw new ApiError(422, 'unprocessable', `You cannot set ${intake.refused.map((r) => r.field).join(', ')}`, {
          errors: intake.refused,
        });
      }
      const now = deps.now();
      if (body.receivedAt && body.receivedAt.getTime() > now.getTime() + 5 * 60_000) {
        throw new FieldError('receivedAt', 'must not be in the future');
      }
      const channel = intake.channel as Channel;
      // A repeated externalId is a retry of the same record: the item already filed is the answer.
      const existing = async () =>
        body.externalId
          ? (await deps.db.select().from(feedback).where(and(eq(feedback.channel, channel), eq(feedback.externalId, body.externalId))))[0]
          : undefined;
      const before = await existing();
      if (before) return c.json(await resultView(before, actor), 200);
      const citizen = isCitizen(actor);
      let row: FeedbackRow;
      try {
        row = await deps.db.transaction(async (tx) =>
          createFeedback(
            tx,
            {
              channel,
              externalId: body.externalId,
              categoryCode: body.category,
              unitCode: body.unit,
              urgency: body.urgency,
              title: body.title,
              content: body.content,
              lat: body.location?.lat,
              lng: body.location?.lng,
              address: body.address,
              contactName: body.contact?.name,
              contactPhone: body.contact?.phone,
              contactEmail: body.contact?.email,
              citizenUserId: citizen ? actor.userId : undefined,
              receivedAt: body.receivedAt ?? now,
            },
            { actor, now, cal: await loadCalendar(tx) },
          ),
        );
      } catch (err) {
        // Two retries at once: the other one filed it.
        const raced = sqlStateOf(err) === '23505' ? await existing() : undefined;
        if (!raced) throw err;
        return c.json(await resultView(raced, actor), 200);
      }
      return c.json(await resultView(row, actor), 201);
      },
    )
    .get('/', async (c) => {
      const q = query(c, listSchema);
      const actor = c.get('actor');
      const where: (SQL | undefined)[] = [];
      if (isCitizen(actor)) {
        where.push(eq(feedback.citizenUserId, actor.userId));
      } else {
        const scope = visibleUnitScopes(actor);
        if (scope) {
          const parts: SQL[] = [];
          if (scope.unitIds.length) parts.push(inArray(feedback.unitId, scope.unitIds));
          for (const p of scope.paths) parts.push(sql`${units.path} like ${`${p}%`}`);
          if (!parts.length) throw forbidden();
          where.push(or(...parts));
        }
      }
      if (q.status) where.push(eq(feedback.status, q.status));
      if (q.unit) where.push(eq(units.code, q.unit));
      where.push(searchCondition(q.q));
      const now = deps.now();
      if (q.due === 'overdue') where.push(and(isNull(feedback.answeredAt), lt(feedback.dueAt, now)));
      if (q.due === 'due_soon') {
        // Due within the next DUE_SOON_WORKING_DAYS working days (the default alert window).
        const cal = await loadCalendar(deps.db);
        const soon = endOfLocalDay(cal.addWorkingDays(localDateOf(now), DUE_SOON_WORKING_DAYS));
        where.push(and(isNull(feedback.answeredAt), gte(feedback.dueAt, now), lte(feedback.dueAt, soon)));
      }
      const rows = await deps.db
        .select({ f: feedback, unitCode: units.code, unitName: units.name, categoryCode: categories.code })
        .from(feedback)
        .innerJoin(units, eq(units.id, feedback.unitId))
        .leftJoin(categories, eq(categories.id, feedback.categoryId))
        .where(and(...where))
        .orderBy(q.due ? asc(feedback.dueAt) : desc(feedback.receivedAt))
        .limit(q.limit)
        .offset(q.offset);
      const citizen = isCitizen(actor);
      const deadline = await deadlineNow();
      // Staff people see their own read marks on each item (integrations and the admin token have none).
      const staffId = citizen ? null : actorUserId(actor);
      const marks = staffId !== null ? await readMarksFor(deps.db, staffId, rows.map((r) => r.f.id)) : null;
      return c.json({
        items: rows.map((r) => {
          const view = (citizen ? citizenView : staffView)(r.f, { code: r.unitCode, name: r.unitName }, r.categoryCode, deadline(r.f));
          const mark = marks?.get(r.f.id);
          return mark ? { ...view, ...mark } : view;
        }),
        limit: q.limit,
        offset: q.offset,
      });
    })
    .get('/:code', async (c) => {
      const { code } = params(c, codeParam);
      const actor = c.get('actor');
      const { row, staff, view } = await visible(code, actor);
      if (staff && actor.kind === 'user') await markOpened(deps.db, actor.userId, row.id, deps.now());
      const events = await deps.db
        .select()
        .from(feedbackEvents)
        .where(eq(feedbackEvents.feedbackId, row.id))
        .orderBy(asc(feedbackEvents.id));
      const files = await deps.db
        .select({
          id: attachments.id,
          fileName: attachments.fileName,
          mimeType: attachments.mimeType,
          size: attachments.size,
          published: attachments.published,
          uploadedBy: attachments.uploadedBy,
          eventActor: feedbackEvents.actorLabel,
        })
        .from(attachments)
        .leftJoin(feedbackEvents, eq(feedbackEvents.id, attachments.eventId))
        .where(eq(attachments.feedbackId, row.id))
        .orderBy(asc(attachments.id));
      const links = await duplicateLinks(deps.db, row, staff);
      return c.json({
        ...(await view()),
        ...links,
        timeline: events.map(eventView),
        attachments: files.map(({ uploadedBy, eventActor, ...f }) => ({ ...f, source: attachmentSource(row, uploadedBy, eventActor) })),
      });
    })
    .post('/:code/rating', limitPerPerson(limiter, 'rating.user', 'rating.ip'), async (c) => {
      const { code } = params(c, codeParam);
      const body = await jsonBody(
        c,
        z.object({
          rating: z.number().int().min(1).max(5),
          comment: z.string().trim().max(2000).optional(),
          // The mini app is this route's only surface (the OA takes ratings in the chat); older builds name it.
          channel: z.string().optional(),
        }),
      );
      if (body.channel !== undefined && body.channel !== 'zalo_mini_app') {
        throw new FieldError('channel', 'is set by the channel that received the rating, not by the sender');
      }
      const actor = c.get('actor');
      await deps.db.transaction(async (tx) =>
        rateFeedback(tx, code, { value: body.rating, comment: body.comment, channel: 'zalo_mini_app' }, await ctx(actor, tx)),
      );
      return c.json(await (await visible(code, actor)).view());
    })
    .post('/:code/attachments', limitPerPerson(limiter, 'upload.user', 'upload.ip'), async (c) => {
      const { code } = params(c, codeParam);
      const actor = c.get('actor');
      const { row, staff, actsOn } = await visible(code, actor);
      // A leader's view is read-only: adding files is handling work.
      if (staff && !actsOn) throw forbidden("Leaders see this item; the handling unit's officers act on it");
      if (!staff && row.status !== 'received' && row.status !== 'needs_info') {
        throw new ApiError(409, 'closed_for_uploads', 'Files can be added while the feedback is received or awaiting information');
      }
      // Citizens add photos of the problem; documents (a PDF with the answer) come from the handling unit.
      const uploads = await readUploads(c.req.raw, staff ? ATTACHMENT_TYPES : CITIZEN_ATTACHMENT_TYPES);
      await storeUploads(deps.filesDir, uploads);
      const now = deps.now();
      const saved = await deps.db.transaction(async (tx) => {
        const [{ count } = { count: 0 }] = await tx
          .select({ count: sql<number>`count(*)::int` })
          .from(attachments)
          .where(eq(attachments.feedbackId, row.id));
        if (count + uploads.length > MAX_FILES_PER_FEEDBACK) {
          throw new ApiError(422, 'too_many_files', `At most ${MAX_FILES_PER_FEEDBACK} files per feedback`, {
            errors: [{ field: 'file', message: `at most ${MAX_FILES_PER_FEEDBACK} files` }],
          });
        }
        const event = await appendEvent(tx, row.id, { actor, now }, {
          type: 'attachment_added',
          note: null,
          data: { files: uploads.map((u) => u.fileName) },
        });
        return tx
          .insert(attachments)
          .values(
            uploads.map((u) => ({
              feedbackId: row.id,
              eventId: event.id,
              fileName: u.fileName,
              mimeType: u.mimeType,
              size: u.size,
              sha256: u.sha256,
              storageKey: u.sha256,
              uploadedBy: actor.kind === 'user' ? actor.userId : null,
              createdAt: now,
            })),
          )
          .returning({ id: attachments.id, fileName: attachments.fileName, mimeType: attachments.mimeType, size: attachments.size });
      });
      return c.json({ attachments: saved }, 201);
    })
    .get('/:code/attachments/:id', async (c) => {
      const { code, id } = params(c, codeParam.extend({ id: z.coerce.number().int().positive() }));
      const { row } = await visible(code, c.get('actor'));
      const [file] = await deps.db
        .select()
        .from(attachments)
        .where(and(eq(attachments.id, id), eq(attachments.feedbackId, row.id)));
      if (!file) throw notFound('Attachment');
      const bytes = await readStoredFile(deps.filesDir, file.storageKey);
      return c.body(new Uint8Array(bytes), 200, fileHeaders(file));
    })
    .post('/:code/:action', async (c) => {
      const { code, action } = params(c, codeParam.extend({ action: z.enum(FEEDBACK_ACTIONS) }));
      const body = await jsonBody(c, actionSchema);
      const actor = c.get('actor');
      const updated = await deps.db.transaction(async (tx) =>
        applyAction(tx, code, action as FeedbackAction, body, await ctx(actor, tx)),
      );
      return c.json(await resultView(updated, actor));
    });
}

export type { FeedbackRow };
