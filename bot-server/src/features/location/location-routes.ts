// POST /api/v1/location/resolve: the mini app's getLocation token becomes coordinates, through Zalo's Graph API
// (the app secret never leaves the server).
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { ApiError } from '../../lib/api-error.js';
import { jsonBody } from '../../lib/validate.js';
import type { AppEnv } from '../auth/auth-middleware.js';
import { zaloLocationForCode, zaloToken } from '../auth/zalo-graph.js';
import { actorUserId } from '../auth/actor.js';
import { createLimiter, rateLimit } from '../rate-limit/rate-limiter.js';


export function locationRoutes(deps: AppDeps) {
  const limiter = createLimiter(deps);
  return new Hono<AppEnv>().post('/resolve', rateLimit(limiter, (c) => [['location.user', actorUserId(c.get('actor')) ?? undefined]]), async (c) => {
    const body = await jsonBody(c, z.object({ accessToken: zaloToken, locationToken: zaloToken }));
    const secret = deps.env.ZALO_APP_SECRET;
    if (!secret) throw new ApiError(503, 'not_configured', 'Resolving a location needs ZALO_APP_SECRET');
    return c.json(await zaloLocationForCode(deps.env.ZALO_GRAPH_BASE, body.accessToken, body.locationToken, secret));
  });
}
