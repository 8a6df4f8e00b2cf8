// Public results (CONTRACT §13), anonymous: the feedback officers have published, searchable, and the photos they
// chose to publish with it. Everything here reads only published rows; unpublished and unknown look alike (404).
import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { attachments, categories, feedback, FEEDBACK_STATUSES, units, users } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { TRACKING_CODE_RE } from '../../domain/feedback/feedback-state.js';
import { notFound } from '../../lib/api-error.js';
import { stripImageMetadata } from '../../lib/image-metadata.js';
import { fileHeaders, readStoredFile } from '../../lib/uploads.js';
import { params, query } from '../../lib/validate.js';
import { isAdmin } from '../auth/actor.js';
import type { AppEnv } from '../auth/auth-middleware.js';
import { loadCalendar } from '../calendar/calendar-repository.js';
import { searchCondition, searchParam } from '../feedback/feedback-search.js';
import type { FeedbackRow } from '../feedback/feedback-service.js';
import { createLimiter, rateLimit } from '../rate-limit/rate-limiter.js';
import { maskPersonalData, publishedView } from './public-feedback-view.js';
import { PUBLIC_PHOTO_TYPES } from './published-photos.js';

const listSchema = z.object({
  q: searchParam,
  category: z.string().trim().max(100).optional(),
  unit: z.string().trim().max(100).optional(),
  status: z.enum(FEEDBACK_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

const codeParam = z.object({ code: z.string().regex(TRACKING_CODE_RE, 'must be a tracking code like PA-2026-000123') });

type Row = { f: FeedbackRow; unitCode: string; unitName: string; unitPath: string; categoryCode: string | null; categoryName: string | null; citizenName: string | null };

export function publicFeedbackRoutes(deps: AppDeps) {
  const limiter = createLimiter(deps);
  // Per address only: anonymous readers have nothing else. Administrators (automation) are not counted.
  const limitReads = (name: 'public.read.ip' | 'public.photo.ip') =>
    rateLimit(limiter, (c, address) => (isAdmin(c.get('actor')) ? [] : [[name, address]]));

  const select = () =>
    deps.db
      .select({
        f: feedback,
        unitCode: units.code,
        unitName: units.name,
        unitPath: units.path,
        categoryCode: categories.code,
        categoryName: categories.name,
        citizenName: users.name,
      })
      .from(feedback)
      .innerJoin(units, eq(units.id, feedback.unitId))
      .leftJoin(categories, eq(categories.id, feedback.categoryId))
      .leftJoin(users, eq(users.id, feedback.citizenUserId));

  /** The views of rows: their area from the unit tree, their published photos, the working days taken. */
  async function views(rows: Row[]) {
    if (!rows.length) return [];
    const cal = await loadCalendar(deps.db);
    const areas = await deps.db
      .select({ name: units.name, path: units.path })
      .from(units)
      .where(inArray(units.level, ['commune', 'district']));
    const areaOf = (path: string) =>
      areas.filter((a) => path.startsWith(a.path)).sort((a, b) => b.path.length - a.path.length)[0]?.name ?? null;
    const photos = await deps.db
      .select({ id: attachments.id, feedbackId: attachments.feedbackId })
      .from(attachments)
      .where(
        and(
          inArray(attachments.feedbackId, rows.map((r) => r.f.id)),
          eq(attachments.published, true),
          inArray(attachments.mimeType, [...PUBLIC_PHOTO_TYPES]),
        ),
      )
      .orderBy(asc(attachments.id));
    return rows.map((r) =>
      publishedView(
        r.f,
        {
          unit: { code: r.unitCode, name: r.unitName },
          category: r.categoryCode ? { code: r.categoryCode, name: r.categoryName ?? r.categoryCode } : null,
          area: areaOf(r.unitPath),
          photoIds: photos.filter((p) => p.feedbackId === r.f.id).map((p) => p.id),
          citizenName: r.citizenName,
        },
        cal,
      ),
    );
  }

  return new Hono<AppEnv>()
    .get('/filters', limitReads('public.read.ip'), async (c) => {
      const [cats, unitRows] = await Promise.all([
        deps.db.select({ code: categories.code, name: categories.name }).from(categories).where(eq(categories.active, true)).orderBy(asc(categories.id)),
        deps.db.select({ code: units.code, name: units.name, level: units.level, path: units.path }).from(units).orderBy(asc(units.path)),
      ]);
      return c.json({ categories: cats, units: unitRows.map(({ code, name, level }) => ({ code, name, level })) });
    })
    .get('/', limitReads('public.read.ip'), async (c) => {
      const q = query(c, listSchema);
      // The texts are shown with phone numbers and e-mails masked; a search by one must not confirm it is there.
      if (q.q && maskPersonalData(q.q, []) !== q.q) return c.json({ items: [], total: 0, limit: q.limit, offset: q.offset });
      const hidden = [sql`${feedback.contactName}`, sql`${feedback.contactPhone}`, sql`${feedback.contactEmail}`, sql`${users.name}`];
      const where: (SQL | undefined)[] = [eq(feedback.published, true), searchCondition(q.q, hidden)];
      if (q.category) where.push(eq(categories.code, q.category));
      if (q.status) where.push(eq(feedback.status, q.status));
      if (q.unit) {
        // A unit and the units under it (a commune's filter shows what its own offices answered too).
        const [unit] = await deps.db.select({ path: units.path }).from(units).where(eq(units.code, q.unit));
        if (!unit) return c.json({ items: [], total: 0, limit: q.limit, offset: q.offset });
        where.push(sql`${units.path} like ${`${unit.path}%`}`);
      }
      const [rows, [counted]] = await Promise.all([
        select()
          .where(and(...where))
          .orderBy(sql`${feedback.answeredAt} desc nulls last`, desc(feedback.id))
          .limit(q.limit)
          .offset(q.offset),
        deps.db
          .select({ total: sql<number>`count(*)::int` })
          .from(feedback)
          .innerJoin(units, eq(units.id, feedback.unitId))
          .leftJoin(categories, eq(categories.id, feedback.categoryId))
          .leftJoin(users, eq(users.id, feedback.citizenUserId))
          .where(and(...where)),
      ]);
      return c.json({ items: await views(rows), total: Number(counted?.total ?? 0), limit: q.limit, offset: q.offset });
    })
    .get('/:code', limitReads('public.read.ip'), async (c) => {
      const { code } = params(c, codeParam);
      const rows = await select().where(and(eq(feedback.code, code), eq(feedback.published, true)));
      if (!rows.length) throw notFound(`Feedback ${code}`);
      const [item] = await views(rows);
      return c.json(item);
    })
    .get('/:code/photos/:id', limitReads('public.photo.ip'), async (c) => {
      const { code, id } = params(c, codeParam.extend({ id: z.coerce.number().int().positive() }));
      const [file] = await deps.db
        .select({ fileName: attachments.fileName, mimeType: attachments.mimeType, storageKey: attachments.storageKey })
        .from(attachments)
        .innerJoin(feedback, eq(feedback.id, attachments.feedbackId))
        .where(
          and(
            eq(attachments.id, id),
            eq(feedback.code, code),
            eq(feedback.published, true),
            eq(attachments.published, true),
            inArray(attachments.mimeType, [...PUBLIC_PHOTO_TYPES]),
          ),
        );
      if (!file) throw notFound('Photo');
      const clean = stripImageMetadata(new Uint8Array(await readStoredFile(deps.filesDir, file.storageKey)), file.mimeType);
      // A photo whose structure is not understood could hide metadata anywhere: it stays private.
      if (!clean) throw notFound('Photo');
      // Not kept by shared caches: once the officer withdraws it, it is gone.
      return c.body(clean as Uint8Array<ArrayBuffer>, 200, { ...fileHeaders(file), 'cache-control': 'private, no-cache' });
    });
}
