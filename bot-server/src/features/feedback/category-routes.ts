import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { listCategories } from '../admin/catalog-admin.js';
import type { AppEnv } from '../auth/auth-middleware.js';

/** Public: the categories a citizen can choose from. */
export function categoryPublicRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const rows = await listCategories(deps.db, true);
    return c.json({ categories: rows.map(({ code, name, description }) => ({ code, name, description })) });
  });
}
