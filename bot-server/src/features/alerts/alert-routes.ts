import { and, asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { alerts, feedback, outbox, outboxAttempts, users } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { toIsoWithOffset } from '../../domain/calendar/local-date.js';
import { notFound } from '../../lib/api-error.js';
import { query } from '../../lib/validate.js';
import { type AppEnv, requireAdmin } from '../auth/auth-middleware.js';

const iso = (d: Date | null) => (d ? toIsoWithOffset(d) : null);

/** Admin: the life of each alert — created, waiting for quiet hours, queued, every send attempt and its outcome. */
export function alertAdminRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().use('*', requireAdmin).get('/', async (c) => {
    const q = query(
      c,
      z.object({
        feedback: z.string().regex(/^PA-\d{4}-\d{6,}$/).optional(),
        kind: z.enum(['due_soon', 'overdue', 'escalation']).optional(),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    );
    const where: SQL[] = [];
    if (q.feedback) {
      const [f] = await deps.db.select({ id: feedback.id }).from(feedback).where(eq(feedback.code, q.feedback));
      if (!f) throw notFound(`Feedback ${q.feedback}`);
      where.push(eq(alerts.feedbackId, f.id));
    }
    if (q.kind) where.push(eq(alerts.kind, q.kind));
    const rows = await deps.db
      .select({ a: alerts, code: feedback.code, recipient: users.name, outboxState: outbox.state, sentVia: outbox.sentVia, sentAt: outbox.sentAt })
      .from(alerts)
      .innerJoin(users, eq(users.id, alerts.recipientUserId))
      .leftJoin(feedback, eq(feedback.id, alerts.feedbackId))
      .leftJoin(outbox, eq(outbox.id, alerts.outboxId))
      .where(and(...where))
      .orderBy(desc(alerts.id))
      .limit(q.limit);
    const outboxIds = rows.map((r) => r.a.outboxId).filter((id): id is number => id !== null);
    const attempts = outboxIds.length
      ? await deps.db.select().from(outboxAttempts).where(inArray(outboxAttempts.outboxId, outboxIds)).orderBy(asc(outboxAttempts.id))
      : [];
    return c.json({
      items: rows.map((r) => ({
        id: r.a.id,
        kind: r.a.kind,
        feedback: r.code,
        recipient: r.recipient,
        dueAt: iso(r.a.dueAt),
        createdAt: iso(r.a.createdAt),
        sendAfter: iso(r.a.sendAfter),
        state: r.a.state,
        note: r.a.note,
        delivery: r.a.outboxId
          ? {
              state: r.outboxState,
              via: r.sentVia,
              sentAt: iso(r.sentAt),
              attempts: attempts
                .filter((x) => x.outboxId === r.a.outboxId)
                .map((x) => ({ at: iso(x.at), via: x.via, outcome: x.outcome, errorCode: x.errorCode, detail: x.detail })),
            }
          : null,
      })),
    });
  });
}
