import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { isoInstant } from '../../lib/instant.js';
import { computeDueAt } from '../../domain/calendar/deadline.js';
import { addDays, toIsoWithOffset } from '../../domain/calendar/local-date.js';
import { calendarYears } from '../../../../db/schema.js';
import { notFound } from '../../lib/api-error.js';
import { jsonBody, params, query } from '../../lib/validate.js';
import { actorUserId } from '../auth/actor.js';
import { type AppEnv, requireAdmin } from '../auth/auth-middleware.js';
import { deleteDay, loadCalendar, recomputeOpenDeadlines, upsertDay } from './calendar-repository.js';

const isoDate = z.iso.date({ message: 'must be a date YYYY-MM-DD' });
const year = z.coerce.number().int().min(2000).max(2100);

/** Public: the deadline calculator and the effective calendar of a year. */
export function calendarPublicRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/deadline', async (c) => {
      const q = query(c, z.object({ start: isoInstant, workingDays: z.coerce.number().int().min(0).max(1000) }));
      const cal = await loadCalendar(deps.db);
      const dueAt = computeDueAt(q.start, { unit: 'working_days', amount: q.workingDays }, cal);
      return c.json({ start: c.req.query('start'), workingDays: q.workingDays, dueAt: toIsoWithOffset(dueAt) });
    })
    .get('/days', async (c) => {
      const q = query(c, z.object({ year }));
      const cal = await loadCalendar(deps.db);
      const [row] = await deps.db.select().from(calendarYears).where(eq(calendarYears.year, q.year));
      const days: { date: string; kind: 'off' | 'working'; name: string }[] = [];
      for (let d = `${q.year}-01-01`; d.startsWith(String(q.year)); d = addDays(d, 1)) {
        const info = cal.dayInfo(d);
        const weekend = [0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay());
        if (info.working === weekend) days.push({ date: d, kind: info.working ? 'working' : 'off', name: info.name ?? '' });
      }
      return c.json({ year: q.year, mode: row?.mode ?? 'derived', notice: row?.notice ?? null, days });
    });
}

/** Admin edits; each one recomputes the due times of open items it affects, in the same transaction. */
export function calendarAdminRoutes(deps: AppDeps) {
  const dateParam = z.object({ date: isoDate });
  return new Hono<AppEnv>()
    .use('*', requireAdmin)
    .put('/days/:date', async (c) => {
      const { date } = params(c, dateParam);
      const body = await jsonBody(c, z.object({ kind: z.enum(['off', 'working']), name: z.string().trim().min(1).max(200) }));
      const actor = c.get('actor');
      const now = deps.now();
      const result = await deps.db.transaction(async (tx) => {
        const day = await upsertDay(tx, { date, ...body }, actorUserId(actor), now);
        const recomputed = await recomputeOpenDeadlines(tx, { from: date, to: date }, actor, now);
        return { day, recomputed };
      });
      return c.json({ date, kind: result.day.kind, name: result.day.name, recomputedDeadlines: result.recomputed });
    })
    .delete('/days/:date', async (c) => {
      const { date } = params(c, dateParam);
      const actor = c.get('actor');
      const now = deps.now();
      const recomputed = await deps.db.transaction(async (tx) => {
        if (!(await deleteDay(tx, date))) throw notFound(`Calendar entry ${date}`);
        return recomputeOpenDeadlines(tx, { from: date, to: date }, actor, now);
      });
      return c.json({ date, deleted: true, recomputedDeadlines: recomputed });
    })
    .put('/years/:year', async (c) => {
      const { year: y } = params(c, z.object({ year }));
      const body = await jsonBody(c, z.object({ mode: z.enum(['derived', 'announced']), notice: z.string().max(500).optional() }));
      const now = deps.now();
      const actor = c.get('actor');
      const recomputed = await deps.db.transaction(async (tx) => {
        await tx
          .insert(calendarYears)
          .values({ year: y, mode: body.mode, notice: body.notice ?? null, updatedAt: now })
          .onConflictDoUpdate({ target: calendarYears.year, set: { mode: body.mode, notice: body.notice ?? null, updatedAt: now } });
        return recomputeOpenDeadlines(tx, { from: `${y}-01-01`, to: `${y}-12-31` }, actor, now);
      });
      return c.json({ year: y, mode: body.mode, notice: body.notice ?? null, recomputedDeadlines: recomputed });
    });
}
