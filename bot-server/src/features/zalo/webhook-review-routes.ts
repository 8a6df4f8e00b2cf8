// GET /api/v1/admin/webhook-events: signed webhook events kept for a person to look at (decision 009). By default
// the ones flagged for review (cleaned text, unreadable, nested too deep); `state=` lists any stored event.
import { and, desc, eq, isNotNull, lt, type SQL } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { zaloInbox } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { toIsoWithOffset } from '../../domain/calendar/local-date.js';
import { query } from '../../lib/validate.js';
import { type AppEnv, requireAdmin } from '../auth/auth-middleware.js';

const iso = (d: Date | null) => (d ? toIsoWithOffset(d) : null);
const STATES = ['pending', 'processing', 'done', 'ignored', 'failed'] as const;

export function webhookReviewRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().use('*', requireAdmin).get('/', async (c) => {
    const q = query(
      c,
      z.object({
        review: z.enum(['true', 'false']).default('true'),
        state: z.enum(STATES).optional(),
        before: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(200).default(50),
      }),
    );
    const where: SQL[] = [];
    if (q.review === 'true') where.push(isNotNull(zaloInbox.reviewReason));
    if (q.state) where.push(eq(zaloInbox.state, q.state));
    if (q.before) where.push(lt(zaloInbox.id, q.before));
    const rows = await deps.db.select().from(zaloInbox).where(and(...where)).orderBy(desc(zaloInbox.id)).limit(q.limit);
    return c.json({
      items: rows.map((r) => ({
        id: r.id,
        eventName: r.eventName,
        user: r.userId,
        eventAt: iso(r.eventAt),
        receivedAt: iso(r.receivedAt),
        state: r.state,
        note: r.note,
        reviewReason: r.reviewReason,
        payload: r.payload,
        // The exact bytes Zalo signed, when they differ from the payload or no payload could be made.
        rawBodyBase64: r.rawBody ? Buffer.from(r.rawBody).toString('base64') : null,
      })),
    });
  });
}
