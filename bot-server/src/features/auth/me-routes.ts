import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { users, zaloContacts } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { toIsoWithOffset } from '../../domain/calendar/local-date.js';
import { HARD_WINDOW_MS } from '../outbox/outbox-dispatcher.js';
import { forbidden } from '../../lib/api-error.js';
import type { AppEnv } from './auth-middleware.js';

/**
 * The signed-in person. `oa.needsChat` tells the mini app to nudge staff to open a chat with the OA: Zalo refuses
 * consultation messages (and so alerts) to someone who has not interacted with the OA for 7 days.
 */
export function meRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const actor = c.get('actor');
    if (actor.kind !== 'user') throw forbidden('Sign in as a person');
    const [user] = await deps.db.select().from(users).where(eq(users.id, actor.userId));
    const [contact] = user?.zaloId ? await deps.db.select().from(zaloContacts).where(eq(zaloContacts.zaloId, user.zaloId)) : [];
    const last = contact?.lastInteractionAt ?? null;
    const staff = actor.roles.length > 0;
    return c.json({
      id: actor.userId,
      name: actor.name,
      roles: actor.roles.map((r) => ({ unit: r.unitCode, unitName: r.unitName, role: r.role })),
      oa: {
        lastInteractionAt: last ? toIsoWithOffset(last) : null,
        needsChat: staff && (!last || deps.now().getTime() - last.getTime() >= HARD_WINDOW_MS),
      },
    });
  });
}
