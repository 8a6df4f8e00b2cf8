import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { outbox, outboxAttempts, znsTemplates } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { toIsoWithOffset } from '../../domain/calendar/local-date.js';
import { notFound } from '../../lib/api-error.js';
import { jsonBody, params, query } from '../../lib/validate.js';
import { type AppEnv, requireAdmin } from '../auth/auth-middleware.js';

const iso = (d: Date | null) => (d ? toIsoWithOffset(d) : null);
const STATES = ['pending', 'sending', 'sent', 'held', 'local', 'dead'] as const;

/** Admin view of every outbound message and its attempts (local mode, dead letters, held messages). */
export function outboxAdminRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().use('*', requireAdmin).get('/', async (c) => {
    const q = query(
      c,
      z.object({
        state: z.enum(STATES).optional(),
        user: z.string().regex(/^\d{1,25}$/).optional(),
        before: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
    );
    const where: SQL[] = [];
    if (q.state) where.push(eq(outbox.state, q.state));
    if (q.user) where.push(eq(outbox.recipientZaloId, q.user));
    if (q.before) where.push(lt(outbox.id, q.before));
    const rows = await deps.db.select().from(outbox).where(and(...where)).orderBy(desc(outbox.id)).limit(q.limit);
    const attempts = rows.length
      ? await deps.db.select().from(outboxAttempts).where(inArray(outboxAttempts.outboxId, rows.map((r) => r.id))).orderBy(outboxAttempts.id)
      : [];
    return c.json({
      items: rows.map((r) => ({
        id: r.id,
        purpose: r.purpose,
        recipient: r.recipientZaloId,
        feedbackId: r.feedbackId,
        text: r.text,
        state: r.state,
        attempts: r.attempts,
        createdAt: iso(r.createdAt),
        nextAttemptAt: iso(r.nextAttemptAt),
        sentAt: iso(r.sentAt),
        sentVia: r.sentVia,
        providerMessageId: r.providerMessageId,
        lastError: r.lastError,
        history: attempts
          .filter((a) => a.outboxId === r.id)
          .map((a) => ({ at: iso(a.at), via: a.via, outcome: a.outcome, errorCode: a.errorCode, detail: a.detail })),
      })),
    });
  });
}

/** ZNS templates per message purpose: the fallback when a citizen is outside the consultation window. */
export function znsTemplateRoutes(deps: AppDeps) {
  const purpose = z.object({ purpose: z.string().regex(/^[a-z_]{1,50}$/, 'lower-case letters and underscores') });
  return new Hono<AppEnv>()
    .use('*', requireAdmin)
    .get('/', async (c) => c.json({ templates: await deps.db.select().from(znsTemplates).orderBy(znsTemplates.purpose) }))
    .put('/:purpose', async (c) => {
      const p = params(c, purpose);
      const body = await jsonBody(c, z.object({ templateId: z.string().regex(/^\d{1,20}$/, 'a Zalo ZNS template id (digits)') }));
      const now = deps.now();
      await deps.db
        .insert(znsTemplates)
        .values({ purpose: p.purpose, templateId: body.templateId, updatedAt: now })
        .onConflictDoUpdate({ target: znsTemplates.purpose, set: { templateId: body.templateId, updatedAt: now } });
      return c.json({ purpose: p.purpose, templateId: body.templateId });
    })
    .delete('/:purpose', async (c) => {
      const p = params(c, purpose);
      const rows = await deps.db.delete(znsTemplates).where(eq(znsTemplates.purpose, p.purpose)).returning();
      if (!rows.length) throw notFound(`ZNS template for ${p.purpose}`);
      return c.json({ purpose: p.purpose, deleted: true });
    });
}
