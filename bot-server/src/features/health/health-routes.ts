import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import type { AppEnv } from '../auth/auth-middleware.js';

export function healthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/health', async (c) => {
    try {
      await deps.db.execute(sql`select 1`);
      return c.json({ status: 'ok', db: deps.dbKind });
    } catch {
      return c.json({ status: 'error', db: deps.dbKind }, 503);
    }
  });
}
