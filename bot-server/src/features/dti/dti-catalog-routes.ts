import { eq, sql } from 'drizzle-orm';
import { rowsOf } from '../../../../db/open-db.js';
import { Hono } from 'hono';
import { z } from 'zod';
import { units } from '../../../../db/schema.js';
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
      // With ?unit=<code>, `assigned` counts the set's indicators led or coordinated within that unit's subtree: the
      // mini app opens the set that concerns the unit most (the main set, not a small appendix).
      const q = query(c, z.object({ unit: z.string().trim().min(1).max(100).optional() }));
      const [scope] = q.unit ? await deps.db.select({ path: units.path }).from(units).where(eq(units.code, q.unit)) : [];
      const prefix = scope ? `${scope.path.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%` : null;
      const rows = rowsOf<Record<string, unknown>>(
        await deps.db.execute(sql`select s.code, s.name, s.year, s.level,
            (select count(*) from dti_indicators i where i.set_id = s.id) as indicators,
            (select count(distinct i.id) from dti_indicators i
               join dti_assignments a on a.indicator_id = i.id
               join units u on u.id = a.unit_id
              where i.set_id = s.id and (${prefix}::text is null or u.path like ${prefix}::text)) as assigned
          from dti_sets s where s.active order by s.code`),
      );
      const sets = rows.map((r) => ({
        code: String(r.code),
        name: String(r.name),
        year: Number(r.year),
        level: String(r.level),
        indicators: Number(r.indicators),
        assigned: Number(r.assigned),
      }));
      return c.json({ sets });
    });
}
