import { asc } from 'drizzle-orm';
import { Hono } from 'hono';
import { units } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { ApiError } from '../../lib/api-error.js';
import { type AppEnv, requireAdmin } from '../auth/auth-middleware.js';
import { jsonBody } from '../../lib/validate.js';
import { categoryRowSchema, importCategories, listCategories, listPolicies, policySchema, upsertPolicy } from './catalog-admin.js';
import { importUnits, importUsers, parseRows, unitRowSchema, userRowSchema } from './org-import.js';

async function jsonArray(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON');
  }
}

export function adminRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('*', requireAdmin)
    .get('/units', async (c) => {
      const rows = await deps.db.select().from(units).orderBy(asc(units.path));
      const codeOf = new Map(rows.map((u) => [u.id, u.code]));
      return c.json({
        units: rows.map((u) => ({ code: u.code, name: u.name, level: u.level, parent: u.parentId ? codeOf.get(u.parentId) : null })),
      });
    })
    .post('/units/import', async (c) => {
      const rows = parseRows(unitRowSchema, await jsonArray(c.req.raw));
      const result = await deps.db.transaction((tx) => importUnits(tx, rows, deps.now()));
      return c.json(result);
    })
    .post('/users/import', async (c) => {
      const rows = parseRows(userRowSchema, await jsonArray(c.req.raw));
      const result = await deps.db.transaction((tx) => importUsers(tx, rows, deps.now()));
      return c.json(result);
    })
    .get('/categories', async (c) => c.json({ categories: await listCategories(deps.db, false) }))
    .post('/categories/import', async (c) => {
      const rows = parseRows(categoryRowSchema, await jsonArray(c.req.raw));
      return c.json(await deps.db.transaction((tx) => importCategories(tx, rows)));
    })
    .get('/deadline-policies', async (c) => c.json({ policies: await listPolicies(deps.db) }))
    .put('/deadline-policies', async (c) => {
      const body = await jsonBody(c, policySchema);
      return c.json(await deps.db.transaction((tx) => upsertPolicy(tx, body)));
    });
}
