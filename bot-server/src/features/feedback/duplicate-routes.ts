// Nearby similar reports (while filing, and as suggestions of a main item) and linking duplicates. Mounted on
// /api/v1/feedback before feedback-routes.ts, whose /:code and /:code/:action would otherwise take these paths.
import { and, desc, eq, gte, inArray, isNull, lte, ne, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { categories, feedback, type FeedbackStatus, units } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { localDateOf, toIsoWithOffset } from '../../domain/calendar/local-date.js';
import {
  boundingBox,
  haversineMeters,
  isSimilar,
  SIMILAR_DAYS,
  SIMILAR_LIMIT,
  SIMILAR_RADIUS_M,
  toldDistance,
  words,
} from '../../domain/feedback/similar-rules.js';
import { jsonBody, params, query } from '../../lib/validate.js';
import { type Actor, canHandleUnit } from '../auth/actor.js';
import { maskPersonalData } from '../public/public-feedback-view.js';
import type { AppEnv } from '../auth/auth-middleware.js';
import { loadCalendar } from '../calendar/calendar-repository.js';
import { createLimiter, limitPerPerson } from '../rate-limit/rate-limiter.js';
import { linkDuplicate, unlinkDuplicate, duplicateLinks } from './duplicate-service.js';
import { deadlineStatus } from '../../domain/feedback/deadline-status.js';
import { staffView } from './feedback-views.js';
import type { FeedbackRow } from './feedback-service.js';

const CODE = z.string().regex(/^PA-\d{4}-\d{6,}$/, 'must be a tracking code like PA-2026-000123');
const codeParam = z.object({ code: CODE });

const similarQuery = z.object({
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
  category: z.string().trim().min(1).max(100).optional(),
  text: z.string().trim().max(4000).optional(),
  /** The item being handled, left out of its own suggestions. */
  exclude: CODE.optional(),
});

/** Open or answered: what a newcomer could be repeating. Rejected items are not suggested. */
const SUGGESTED: FeedbackStatus[] = ['received', 'accepted', 'in_progress', 'needs_info', 'answered', 'closed'];
/** Enough candidates from the box for the exact distance and word checks to choose from. */
const CANDIDATES = 200;

type Candidate = {
  f: FeedbackRow;
  unitPath: string;
  categoryCode: string | null;
};

/** One suggestion as the caller may see it (see the endpoint's comment). */
function suggestion(actor: Actor, c: Candidate, meters: number) {
  const { f } = c;
  const base = { category: c.categoryCode, status: f.status, published: f.published };
  if (canHandleUnit(actor, { id: f.unitId, path: c.unitPath })) {
    // The start of the content too: officers pick a main item by what it says (they may read all of it anyway).
    const excerpt = [...f.content].length > 80 ? `${[...f.content].slice(0, 80).join('')}…` : f.content;
    return { ...base, code: f.code, title: f.title, excerpt, distanceM: toldDistance(meters, 'exact'), receivedAt: toIsoWithOffset(f.receivedAt) };
  }
  const own = actor.kind === 'user' && f.citizenUserId === actor.userId;
  if (f.published || own) {
    // Someone else's published item reads as on the public list: contact details masked in its texts.
    const shown = (text: string | null) => (own ? text : maskPersonalData(text, [f.contactName, f.contactPhone, f.contactEmail]));
    return {
      ...base,
      code: f.code,
      title: shown(f.title),
      content: shown(f.content)!,
      answer: shown(f.answer),
      mine: own,
      distanceM: toldDistance(meters, own ? 'exact' : 'published'),
      receivedAt: toIsoWithOffset(f.receivedAt),
    };
  }
  return { ...base, code: null, distanceM: toldDistance(meters, 'approximate'), receivedDate: f.receivedDate };
}

export function duplicateRoutes(deps: AppDeps) {
  const limiter = createLimiter(deps);
  const ctx = async (actor: Actor) => ({ actor, now: deps.now(), cal: await loadCalendar(deps.db) });

  /** The item after a link change, as its handling officer sees it, with the link both ways. */
  async function linkedView(row: FeedbackRow) {
    const [unit] = await deps.db.select().from(units).where(eq(units.id, row.unitId));
    const [category] = row.categoryId ? await deps.db.select().from(categories).where(eq(categories.id, row.categoryId)) : [];
    const cal = await loadCalendar(deps.db);
    const view = staffView(row, { code: unit!.code, name: unit!.name }, category?.code ?? null, deadlineStatus(row, deps.now(), cal));
    return { ...view, ...(await duplicateLinks(deps.db, row, true)) };
  }

  return new Hono<AppEnv>()
    /**
     * Up to 5 items of the last 30 days within 300 m that look like the same problem (same category, or enough words
     * in common). Staff see code, title and the start of the content of items they handle; anyone sees code, title, content and answer of
     * published items and of their own; of anything else only category, status, a distance to 50 m and the date.
     * Never contact details, coordinates or the other citizen's identity.
     */
    .get('/similar', limitPerPerson(limiter, 'similar.user', 'similar.ip'), async (c) => {
      const q = query(c, similarQuery);
      const actor = c.get('actor');
      const now = deps.now();
      const box = boundingBox(q, SIMILAR_RADIUS_M);
      const where: (SQL | undefined)[] = [
        gte(feedback.lat, box.minLat),
        lte(feedback.lat, box.maxLat),
        gte(feedback.lng, box.minLng),
        lte(feedback.lng, box.maxLng),
        gte(feedback.receivedAt, new Date(now.getTime() - SIMILAR_DAYS * 86_400_000)),
        inArray(feedback.status, SUGGESTED),
        // Duplicates are handled through their main item: the main one is the suggestion.
        isNull(feedback.duplicateOfId),
        q.exclude ? ne(feedback.code, q.exclude) : undefined,
      ];
      const rows = await deps.db
        .select({ f: feedback, unitPath: units.path, categoryCode: categories.code })
        .from(feedback)
        .innerJoin(units, eq(units.id, feedback.unitId))
        .leftJoin(categories, eq(categories.id, feedback.categoryId))
        .where(and(...where))
        .orderBy(desc(feedback.receivedAt))
        .limit(CANDIDATES);
      const queryWords = q.text ? words(q.text) : undefined;
      const items = rows
        .map((r) => ({ r, meters: haversineMeters(q, { lat: r.f.lat!, lng: r.f.lng! }) }))
        .filter(({ r, meters }) => meters <= SIMILAR_RADIUS_M && isSimilar(
          { category: q.category, words: queryWords },
          { category: r.categoryCode, words: words(`${r.f.title ?? ''} ${r.f.content}`) },
        ))
        .sort((a, b) => a.meters - b.meters || b.r.f.receivedAt.getTime() - a.r.f.receivedAt.getTime())
        .slice(0, SIMILAR_LIMIT)
        .map(({ r, meters }) => suggestion(actor, r, meters));
      return c.json({ items, radiusM: SIMILAR_RADIUS_M, days: SIMILAR_DAYS, asOf: localDateOf(now) });
    })
    .post('/:code/link_duplicate', async (c) => {
      const { code } = params(c, codeParam);
      const body = await jsonBody(c, z.object({ main: CODE }));
      const actor = c.get('actor');
      const context = await ctx(actor);
      const row = await deps.db.transaction((tx) => linkDuplicate(tx, code, body.main, context));
      return c.json(await linkedView(row));
    })
    .post('/:code/unlink_duplicate', async (c) => {
      const { code } = params(c, codeParam);
      const actor = c.get('actor');
      const context = await ctx(actor);
      const row = await deps.db.transaction((tx) => unlinkDuplicate(tx, code, context));
      return c.json(await linkedView(row));
    });
}
