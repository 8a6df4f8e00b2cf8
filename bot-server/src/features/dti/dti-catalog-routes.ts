import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { dtiSets } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { notFound } from '../../lib/api-error.js';
import { query } from '../../lib/validate.js';
import type { AppEnv } from '../auth/auth-middleware.js';
import { catalogView } from './dti-catalog-repository.js';

/** Public (CONTRACT §9): the active indicator set(s), with lead and coordinating unit codes. */
export function dtiCatalogRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .get('/catalog', async (c) => {
      const q = query(c, z.object({ set: z.string().trim().min(1).max(100).optional() }));
      const sets = await catalogView(deps.db, q.set);
      if (q.set && !sets.length) throw notFound(`Indicator set ${q.set}`);
      return c.json({ sets });
    })
    /** The active sets without their indicators: what the mini app needs to pick one. */
    .get('/sets', async (c) => {
      const sets = await deps.db
        .select({ code: dtiSets.code, name: dtiSets.name, year: dtiSets.year, level: dtiSets.level })
        .from(dtiSets)
        .where(eq(dtiSets.active, true))
        .orderBy(asc(dtiSets.code));
      return c.json({ sets });
    });
}
