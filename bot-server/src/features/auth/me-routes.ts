import { eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { categories, dtiAssignments, feedback, users, zaloContacts } from '../../../../db/schema.js';
import type { DbOrTx } from '../../../../db/open-db.js';
import type { RoleGrant } from './actor.js';
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
      work: await workOf(deps.db, actor.roles),
      oa: {
        lastInteractionAt: last ? toIsoWithOffset(last) : null,
        needsChat: staff && (!last || deps.now().getTime() - last.getTime() >= HARD_WINDOW_MS),
      },
    });
  });
}

/**
 * What the person's officer units work on, so the app opens on their work: `feedback` when a category routes to one
 * of them or they hold items, `dti` when DTI indicators are assigned to one of them. Leaders and admins see all.
 */
async function workOf(db: DbOrTx, roles: RoleGrant[]): Promise<{ feedback: boolean; dti: boolean }> {
  if (roles.some((r) => r.role !== 'officer')) return { feedback: true, dti: true };
  const unitIds = roles.map((r) => r.unitId);
  if (!unitIds.length) return { feedback: false, dti: false };
  const [dti] = await db.select({ x: dtiAssignments.unitId }).from(dtiAssignments).where(inArray(dtiAssignments.unitId, unitIds)).limit(1);
  const [routed] = await db.select({ x: categories.id }).from(categories).where(inArray(categories.defaultUnitId, unitIds)).limit(1);
  const [held] = routed ? [routed] : await db.select({ x: feedback.id }).from(feedback).where(inArray(feedback.unitId, unitIds)).limit(1);
  return { feedback: Boolean(routed ?? held), dti: Boolean(dti) };
}
