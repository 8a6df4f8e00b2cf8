// Development sign-in: the mini app on a developer's machine signs in as a fixed persona without Zalo.
// GET/POST /api/v1/auth/dev answer only on a server in NODE_ENV=development without Zalo app credentials, to a
// loopback caller that did not come through a proxy (domain/auth/dev-sign-in.ts); otherwise they answer exactly
// like a route that does not exist.
import type { IncomingMessage } from 'node:http';
import { eq, inArray, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { z } from 'zod';
import type { DbOrTx, Tx } from '../../../../db/open-db.js';
import { units, users, type StaffRole } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { devSignInAvailable, type DevSignInServer } from '../../domain/auth/dev-sign-in.js';
import { ApiError } from '../../lib/api-error.js';
import { jsonBody } from '../../lib/validate.js';
import { importUsers, parseRows, userRowSchema } from '../admin/org-import.js';
import type { AppEnv } from './auth-middleware.js';
import { createLimiter } from '../rate-limit/rate-limiter.js';
import { roleGrants, signInReply } from './session-repository.js';

export interface DevPersona {
  key: string;
  name: string;
  /** Fixed, so the persona is the same person on every sign-in. */
  phone: string;
  grant: { unit: string; role: Exclude<StaffRole, 'admin'> } | null;
}

export const DEV_PERSONAS = [
  { key: 'citizen', name: 'Công dân thử nghiệm', phone: '84900000101', grant: null },
  // Category ha-tang routes to Sở Xây dựng: this officer handles what the citizen persona files there.
  { key: 'officer', name: 'Cán bộ Sở Xây dựng', phone: '84900000102', grant: { unit: 'SO-XD', role: 'officer' } },
  // Lead unit of many NINH-SON-DTI-2022 indicators.
  { key: 'dti-officer', name: 'Cán bộ Văn phòng HĐND-UBND huyện Ninh Sơn', phone: '84900000103', grant: { unit: 'NS-VP', role: 'officer' } },
  { key: 'leader', name: 'Lãnh đạo UBND tỉnh', phone: '84900000104', grant: { unit: 'TINH', role: 'leader' } },
] as const satisfies readonly DevPersona[];

type PersonaKey = (typeof DEV_PERSONAS)[number]['key'];
const PERSONA_KEYS = DEV_PERSONAS.map((p) => p.key) as [PersonaKey, ...PersonaKey[]];

/** Units of the personas that exist in this database (a province with its own tree may lack the demo ones). */
async function personaUnits(db: DbOrTx): Promise<Map<string, { code: string; name: string }>> {
  const codes = DEV_PERSONAS.flatMap((p) => (p.grant ? [p.grant.unit] : []));
  const rows = await db.select({ code: units.code, name: units.name }).from(units).where(inArray(units.code, codes));
  return new Map(rows.map((u) => [u.code, u]));
}

/**
 * The persona's user, created on first use with its one role through the admin import (the same validation and
 * role writes). Serialised by an advisory lock so two first sign-ins cannot both create it.
 */
async function ensurePersonaUser(tx: Tx, persona: DevPersona, now: Date): Promise<{ id: number; name: string }> {
  await tx.execute(sql`select pg_advisory_xact_lock(727140003)`);
  const [existing] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.phone, persona.phone));
  const { grant } = persona;
  if (!grant) {
    if (existing) return existing;
    const [created] = await tx
      .insert(users)
      .values({ name: persona.name, phone: persona.phone, createdAt: now, updatedAt: now })
      .returning({ id: users.id, name: users.name });
    return created!;
  }
  if (existing) {
    const grants = await roleGrants(tx, existing.id);
    if (grants.length === 1 && grants[0]!.unitCode === grant.unit && grants[0]!.role === grant.role) return existing;
  }
  // New, or its roles were changed since: the import writes the persona's one role.
  await importUsers(tx, parseRows(userRowSchema, [{ phone: persona.phone, name: persona.name, unit: grant.unit, role: grant.role }]), now);
  const [user] = await tx.select({ id: users.id, name: users.name }).from(users).where(eq(users.phone, persona.phone));
  return user!;
}

/** The server's side of the rule, from its environment. */
export function devSignInServer(env: AppDeps['env']): DevSignInServer {
  return { nodeEnv: env.NODE_ENV, zaloAppId: env.ZALO_APP_ID, zaloAppSecret: env.ZALO_APP_SECRET };
}

/** The Node request behind the context (@hono/node-server's bindings); undefined under app.request. */
function incomingOf(c: Context<AppEnv>): IncomingMessage | undefined {
  const bindings = c.env as { incoming?: IncomingMessage; server?: { incoming?: IncomingMessage } } | undefined;
  return bindings?.server?.incoming ?? bindings?.incoming;
}

export function devSignInRoutes(deps: AppDeps) {
  const server = devSignInServer(deps.env);
  const limiter = createLimiter(deps);
  /** Refuses with the app's own 404, so the route's existence is not disclosed. */
  const guard = (c: Context<AppEnv>) => {
    const incoming = incomingOf(c);
    const allowed = devSignInAvailable(server, {
      remoteAddress: incoming?.socket.remoteAddress,
      host: c.req.header('host'),
      headers: c.req.header(),
      httpVersion: incoming?.httpVersion,
    });
    if (!allowed) throw new ApiError(404, 'not_found', `No route for ${c.req.method} ${c.req.path}`);
  };

  return new Hono<AppEnv>()
    .get('/dev', async (c) => {
      guard(c);
      const found = await personaUnits(deps.db);
      return c.json({
        personas: DEV_PERSONAS.filter((p) => !p.grant || found.has(p.grant.unit)).map((p) => ({
          key: p.key,
          name: p.name,
          role: p.grant?.role ?? 'citizen',
          unit: p.grant ? found.get(p.grant.unit)! : null,
        })),
      });
    })
    .post('/dev', async (c) => {
      guard(c);
      const body = await jsonBody(c, z.object({ persona: z.enum(PERSONA_KEYS) }));
      // After the guard, so a server without personas answers 404, never 429.
      await limiter.check([['signin.ip', limiter.ip(c)]]);
      const persona: DevPersona = DEV_PERSONAS.find((p) => p.key === body.persona)!;
      const now = deps.now();
      const reply = await deps.db.transaction(async (tx) => {
        if (persona.grant && !(await personaUnits(tx)).has(persona.grant.unit)) {
          throw new ApiError(422, 'unprocessable', `Unit ${persona.grant.unit} does not exist in this database`, {
            errors: [{ field: 'persona', message: `needs unit ${persona.grant.unit}` }],
          });
        }
        const user = await ensurePersonaUser(tx, persona, now);
        return signInReply(tx, user.id, user.name, now);
      });
      deps.log.info({ persona: persona.key, userId: reply.user.id }, 'development sign-in');
      return c.json(reply);
    });
}
