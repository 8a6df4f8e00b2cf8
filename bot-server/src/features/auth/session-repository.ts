import { and, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '../../../../db/open-db.js';
import { integrations, sessions, units, userRoles, users } from '../../../../db/schema.js';
import { newToken, sha256Hex } from '../../lib/secrets.js';
import type { Actor, RoleGrant } from './actor.js';

const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export async function createSession(db: DbOrTx, userId: number, now: Date): Promise<string> {
  const token = newToken();
  await db.insert(sessions).values({
    tokenHash: sha256Hex(token),
    userId,
    createdAt: now,
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  });
  return token;
}

export async function roleGrants(db: DbOrTx, userId: number): Promise<RoleGrant[]> {
  return db
    .select({ unitId: units.id, unitCode: units.code, unitName: units.name, unitPath: units.path, role: userRoles.role })
    .from(userRoles)
    .innerJoin(units, eq(units.id, userRoles.unitId))
    .where(eq(userRoles.userId, userId));
}

/** The reply of every sign-in (Zalo, phone link, development personas): a new session and who it is for. */
export async function signInReply(db: DbOrTx, userId: number, name: string, now: Date) {
  const roles = await roleGrants(db, userId);
  return {
    token: await createSession(db, userId, now),
    user: { id: userId, name, roles: [...new Set(roles.map((r) => r.role))], units: roles.map((r) => ({ unit: r.unitCode, role: r.role })) },
  };
}

export async function actorForSession(db: DbOrTx, token: string, now: Date): Promise<Actor | null> {
  const [row] = await db
    .select({ userId: users.id, name: users.name })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, sha256Hex(token)), gt(sessions.expiresAt, now)));
  if (!row) return null;
  return { kind: 'user', userId: row.userId, name: row.name, roles: await roleGrants(db, row.userId) };
}

/** Whether a token was ever issued as a session (expired ones are kept for a while by the clean-up). */
export async function sessionKnown(db: DbOrTx, token: string): Promise<boolean> {
  const [row] = await db.select({ userId: sessions.userId }).from(sessions).where(eq(sessions.tokenHash, sha256Hex(token)));
  return Boolean(row);
}

export async function actorForIntegrationKey(db: DbOrTx, key: string): Promise<Actor | null> {
  const [row] = await db
    .select()
    .from(integrations)
    .where(and(eq(integrations.keyHash, sha256Hex(key)), eq(integrations.active, true)));
  if (!row) return null;
  return { kind: 'system', label: `integration:${row.name}`, admin: false, integrationId: row.id, channel: row.channel };
}

/** Registers an integration and returns its key once; only the hash is stored. */
export async function createIntegration(
  db: DbOrTx,
  name: string,
  channel: (typeof integrations.$inferInsert)['channel'] = 'other',
): Promise<string> {
  const key = newToken(24);
  await db.insert(integrations).values({ name, keyHash: sha256Hex(key), channel });
  return key;
}
