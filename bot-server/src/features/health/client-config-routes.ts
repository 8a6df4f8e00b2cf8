import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import type { AppEnv } from '../auth/auth-middleware.js';

/** Public: what the mini app needs to know about this deployment (the OA to follow). Never a secret. */
export function clientConfigRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', (c) => c.json({ oaId: deps.env.ZALO_OA_ID ?? null }, 200, { 'cache-control': 'no-cache' }));
}
