// The signed-in person's notification centre: their own rows only (another person's id answers 404), newest first,
// with the unread count the mini app shows on its badges.
import { and, count, desc, eq, isNull, lt, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { feedback, notifications, outbox } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { toIsoWithOffset } from '../../domain/calendar/local-date.js';
import { forbidden, notFound } from '../../lib/api-error.js';
import { params, query } from '../../lib/validate.js';
import type { Actor } from '../auth/actor.js';
import type { AppEnv } from '../auth/auth-middleware.js';

const iso = (d: Date | null) => (d ? toIsoWithOffset(d) : null);

const listSchema = z.object({
  unread: z.enum(['true', 'false']).optional(),
  // 0 asks for the count alone (the badges poll it).
  limit: z.coerce.number().int().min(0).max(100).default(30),
  before: z.coerce.number().int().positive().optional(),
});

function personOf(actor: Actor): number {
  if (actor.kind !== 'user') throw forbidden('Sign in as a person to read notifications');
  return actor.userId;
}

export function notificationRoutes(deps: AppDeps) {
  const unreadCount = async (userId: number) => {
    const [row] = await deps.db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
    return Number(row?.n ?? 0);
  };

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const userId = personOf(c.get('actor'));
      const q = query(c, listSchema);
      const where: SQL[] = [eq(notifications.userId, userId)];
      if (q.unread === 'true') where.push(isNull(notifications.readAt));
      if (q.before) where.push(lt(notifications.id, q.before));
      const rows = q.limit
        ? await deps.db
            .select({ n: notifications, feedbackCode: feedback.code, outboxState: outbox.state })
            .from(notifications)
            .leftJoin(feedback, eq(feedback.id, notifications.feedbackId))
            .leftJoin(outbox, eq(outbox.id, notifications.outboxId))
            .where(and(...where))
            .orderBy(desc(notifications.id))
            .limit(q.limit)
        : [];
      return c.json({
        items: rows.map(({ n, feedbackCode, outboxState }) => ({
          id: n.id,
          kind: n.kind,
          /** 'alert' for the alerts released to staff, 'notification' for everything else. */
          purpose: n.alertId !== null ? ('alert' as const) : ('notification' as const),
          text: n.text,
          feedbackId: n.feedbackId,
          /** The tracking code, so the mini app can open the item. */
          feedbackCode,
          createdAt: iso(n.createdAt),
          readAt: iso(n.readAt),
          deliveredOnZalo: outboxState === 'sent',
        })),
        unread: await unreadCount(userId),
      });
    })
    .post('/read-all', async (c) => {
      const userId = personOf(c.get('actor'));
      const marked = await deps.db
        .update(notifications)
        .set({ readAt: deps.now() })
        .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
        .returning({ id: notifications.id });
      return c.json({ marked: marked.length, unread: await unreadCount(userId) });
    })
    .post('/:id/read', async (c) => {
      const userId = personOf(c.get('actor'));
      const { id } = params(c, z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) }));
      const [own] = await deps.db
        .select({ id: notifications.id, readAt: notifications.readAt })
        .from(notifications)
        .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
      // Someone else's notification is not disclosed: the same 404 as an unknown id.
      if (!own) throw notFound(`Notification ${id}`);
      // The first read is the one kept.
      const readAt = own.readAt ?? deps.now();
      if (!own.readAt) await deps.db.update(notifications).set({ readAt }).where(eq(notifications.id, id));
      return c.json({ id, readAt: iso(readAt), unread: await unreadCount(userId) });
    });
}
