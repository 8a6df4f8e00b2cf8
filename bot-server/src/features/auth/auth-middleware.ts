import type { MiddlewareHandler } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { ApiError } from '../../lib/api-error.js';
import { safeEqual } from '../../lib/secrets.js';
import { type Actor, isAdmin, isStaff } from './actor.js';
import { authBlockSeconds, createLimiter, RateLimited, recordAuthFailure } from '../rate-limit/rate-limiter.js';
import { actorForIntegrationKey, actorForSession, sessionKnown } from './session-repository.js';

export type AppEnv = { Variables: { actor: Actor } };

/** Resolves the caller from `Authorization: Bearer` or an Open311 `api_key`. Unknown credentials are refused. */
export function authenticate(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const limiter = createLimiter(deps);
  return async (c, next) => {
    const header = c.req.header('authorization');
    const bearer = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
    const apiKey = c.req.query('api_key') ?? (await formApiKey(c.req.raw));
    let actor: Actor = { kind: 'anonymous' };
    const adminToken = deps.env.ADMIN_API_TOKEN;
    const presented = bearer ?? apiKey;
    if (presented) {
      const ip = limiter.enabled ? limiter.ip(c) : undefined;
      if (adminToken && safeEqual(presented, adminToken)) {
        // The admin token is the one secret short enough to guess: an address blocked for failed attempts is
        // refused even with the right one. Sessions and keys are 256-bit random, so their hot path skips this.
        const wait = ip ? await authBlockSeconds(deps.db, ip, deps.now()) : 0;
        if (wait) throw new RateLimited(wait);
        actor = { kind: 'system', label: 'admin-token', admin: true };
      } else {
        const found =
          (bearer ? await actorForSession(deps.db, bearer, deps.now()) : null) ??
          (await actorForIntegrationKey(deps.db, presented));
        if (!found) {
          // A session that merely expired is an ordinary citizen coming back, not a guess: a plain 401, so the
          // app signs in again, and nothing counted against an address that many phones may share.
          if (bearer && (await sessionKnown(deps.db, bearer))) throw new ApiError(401, 'unauthorized', 'The session has expired; sign in again');
          const wait = ip ? await recordAuthFailure(deps.db, ip, deps.now()) : 0;
          if (wait) throw new RateLimited(wait);
          throw new ApiError(401, 'unauthorized', 'Invalid or expired credentials');
        }
        actor = found;
      }
    }
    c.set('actor', actor);
    await next();
  };
}

/** Open311 clients may send api_key in a urlencoded POST body. */
async function formApiKey(req: Request): Promise<string | undefined> {
  if (req.method !== 'POST') return undefined;
  const type = req.headers.get('content-type') ?? '';
  if (!type.includes('application/x-www-form-urlencoded')) return undefined;
  const form = new URLSearchParams(await req.clone().text());
  return form.get('api_key') ?? undefined;
}

export const requireUser: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('actor').kind === 'anonymous') throw new ApiError(401, 'unauthorized', 'Sign in first');
  await next();
};

export const requireStaff: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = c.get('actor');
  if (actor.kind === 'anonymous') throw new ApiError(401, 'unauthorized', 'Sign in first');
  if (!isStaff(actor)) throw new ApiError(403, 'forbidden', 'Staff only');
  await next();
};

export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = c.get('actor');
  if (actor.kind === 'anonymous') throw new ApiError(401, 'unauthorized', 'Sign in first');
  if (!isAdmin(actor)) throw new ApiError(403, 'forbidden', 'Administrators only');
  await next();
};

/** Admins, or leaders of at least one unit (per-unit scope is checked by the handler). */
export const requireLeaderOrAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const actor = c.get('actor');
  if (actor.kind === 'anonymous') throw new ApiError(401, 'unauthorized', 'Sign in first');
  if (!isAdmin(actor) && !(actor.kind === 'user' && actor.roles.some((r) => r.role === 'leader'))) {
    throw new ApiError(403, 'forbidden', 'Leaders and administrators only');
  }
  await next();
};
