// POST /api/v1/auth/zalo (CONTRACT §7): a mini app access token becomes a session. Staff link their account once,
// through the getPhoneNumber token, to the phone number an admin registered.
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { users } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { ApiError } from '../../lib/api-error.js';
import { normalizePhone } from '../../lib/phone.js';
import { jsonBody } from '../../lib/validate.js';
import type { AppEnv } from './auth-middleware.js';
import { createLimiter } from '../rate-limit/rate-limiter.js';
import { signInReply } from './session-repository.js';
import { zaloPhoneForCode, zaloToken, zaloUserForToken } from './zalo-graph.js';


export function zaloAuthRoutes(deps: AppDeps) {
  const session = (userId: number, name: string) => signInReply(deps.db, userId, name, deps.now());

  const limiter = createLimiter(deps);
  return new Hono<AppEnv>()
    .post('/zalo', async (c) => {
      const body = await jsonBody(c, z.object({ accessToken: zaloToken }));
      await limiter.check([['signin.ip', limiter.ip(c)]]);
      const me = await zaloUserForToken(deps.env.ZALO_GRAPH_BASE, body.accessToken);
      const now = deps.now();
      const user = await deps.db.transaction(async (tx) => {
        const [found] = await tx.select().from(users).where(eq(users.zaloAppUserId, me.id));
        if (found) return found;
        // Somebody nobody registered is a citizen.
        const [created] = await tx
          .insert(users)
          .values({ name: me.name || 'Người dùng Zalo', zaloAppUserId: me.id, createdAt: now, updatedAt: now })
          .onConflictDoNothing({ target: users.zaloAppUserId })
          .returning();
        return created ?? (await tx.select().from(users).where(eq(users.zaloAppUserId, me.id)))[0]!;
      });
      return c.json(await session(user.id, user.name));
    })
    .post('/zalo/phone', async (c) => {
      const body = await jsonBody(c, z.object({ accessToken: zaloToken, phoneToken: zaloToken }));
      await limiter.check([['phone-link.ip', limiter.ip(c)]]);
      if (!deps.env.ZALO_APP_SECRET) throw new ApiError(503, 'not_configured', 'Phone linking needs ZALO_APP_SECRET');
      const me = await zaloUserForToken(deps.env.ZALO_GRAPH_BASE, body.accessToken);
      const raw = await zaloPhoneForCode(deps.env.ZALO_GRAPH_BASE, body.accessToken, body.phoneToken, deps.env.ZALO_APP_SECRET);
      const phone = normalizePhone(raw);
      const now = deps.now();
      const staff = await deps.db.transaction(async (tx) => {
        const [registered] = phone ? await tx.select().from(users).where(eq(users.phone, phone)) : [];
        if (!registered) {
          throw new ApiError(404, 'not_registered', 'This phone number is not registered as staff; ask your administrator');
        }
        // The Zalo account moves from the citizen record created at first sign-in to the registered person.
        await tx.update(users).set({ zaloAppUserId: null, updatedAt: now }).where(eq(users.zaloAppUserId, me.id));
        await tx.update(users).set({ zaloAppUserId: me.id, updatedAt: now }).where(eq(users.id, registered.id));
        return registered;
      });
      return c.json(await session(staff.id, staff.name));
    });
}
