import { eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { alertSettings, units } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { DEFAULT_THRESHOLDS } from '../../domain/alerts/alert-rules.js';
import { ApiError } from '../../lib/api-error.js';
import { jsonBody } from '../../lib/validate.js';
import { type AppEnv, requireAdmin } from '../auth/auth-middleware.js';

/**
 * Admin: alert thresholds for the province (no unit) or a unit's subtree. The nearest setting up the tree applies;
 * without any, due soon is 2 working days (or hours, for hour policies) and escalation 2 working days.
 */
export function alertSettingsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use('*', requireAdmin)
    .get('/', async (c) => {
      const rows = await deps.db
        .select({ unit: units.code, dueSoon: alertSettings.dueSoon, escalationWorkingDays: alertSettings.escalationWorkingDays })
        .from(alertSettings)
        .leftJoin(units, eq(units.id, alertSettings.unitId));
      return c.json({ defaults: DEFAULT_THRESHOLDS, settings: rows });
    })
    .put('/', async (c) => {
      const body = await jsonBody(
        c,
        z.object({
          unit: z.string().trim().min(1).max(100).nullable().default(null),
          dueSoon: z.number().int().min(0).max(30),
          escalationWorkingDays: z.number().int().min(1).max(60),
        }),
      );
      let unitId: number | null = null;
      if (body.unit) {
        const [unit] = await deps.db.select({ id: units.id }).from(units).where(eq(units.code, body.unit));
        if (!unit) throw new ApiError(422, 'unprocessable', `Unknown unit code "${body.unit}"`, { errors: [{ field: 'unit', message: 'unknown unit code' }] });
        unitId = unit.id;
      }
      const now = deps.now();
      await deps.db.transaction(async (tx) => {
        const [existing] = await tx.select().from(alertSettings).where(unitId === null ? isNull(alertSettings.unitId) : eq(alertSettings.unitId, unitId));
        const values = { dueSoon: body.dueSoon, escalationWorkingDays: body.escalationWorkingDays, updatedAt: now };
        if (existing) await tx.update(alertSettings).set(values).where(eq(alertSettings.id, existing.id));
        else await tx.insert(alertSettings).values({ unitId, ...values });
      });
      return c.json({ unit: body.unit, dueSoon: body.dueSoon, escalationWorkingDays: body.escalationWorkingDays });
    });
}
