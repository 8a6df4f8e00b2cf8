// GET /api/v1/units and /api/v1/units/:code/staff: what an officer needs to transfer or assign an item.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps.js';
import { forbidden, notFound } from '../../lib/api-error.js';
import { params } from '../../lib/validate.js';
import { canHandleUnit } from '../auth/actor.js';
import { type AppEnv, requireStaff } from '../auth/auth-middleware.js';
import { findUnit, listUnits, unitStaff } from './unit-repository.js';

export function unitRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('*', requireStaff)
    .get('/', async (c) => c.json({ units: await listUnits(deps.db) }))
    .get('/:code/staff', async (c) => {
      const { code } = params(c, z.object({ code: z.string().trim().min(1).max(100) }));
      const unit = await findUnit(deps.db, code);
      if (!unit) throw notFound(`Unit ${code}`);
      // Those who handle the unit's items (its officers, leaders above it, admins) may pick among its staff.
      if (!canHandleUnit(c.get('actor'), unit)) throw forbidden('You may only see the staff of units you handle');
      return c.json({ staff: await unitStaff(deps.db, unit.id) });
    });
}
