// Rate limits shared by every instance (CONTRACT §14): fixed-window counters in one PostgreSQL table, each check one
// upsert. Over the limit: 429 {"error":"rate_limited","message","retryAfter"} with Retry-After.
import { sql } from 'drizzle-orm';
import type { Context, MiddlewareHandler } from 'hono';
import { type DbOrTx, rowsOf, ts } from '../../../../db/open-db.js';
import type { AppDeps } from '../../app-deps.js';
import {
  AUTH_FAILURES,
  failureVerdict,
  type LimitName,
  RATE_LIMITS,
  retryAfterSeconds,
  scaled,
} from '../../domain/rate-limit/rate-limit-rules.js';
import { ApiError } from '../../lib/api-error.js';
import { clientIp, limitSubject, parseTrustedProxies } from '../../lib/client-ip.js';
import { isAdmin } from '../auth/actor.js';
import type { AppEnv } from '../auth/auth-middleware.js';

export class RateLimited extends ApiError {
  constructor(readonly retryAfter: number) {
    super(429, 'rate_limited', `Too many requests; try again in ${retryAfter} s`, { retryAfter });
  }
}

interface Counter {
  key: string;
  points: number;
  windowMs: number;
}

const toDate = (v: unknown) => (v instanceof Date ? v : new Date(String(v)));

type CounterRow = { key: string; hits: number; window_ends_at: unknown; strikes: number; blocked_until: unknown };

/**
 * Counts one hit on each counter in one statement (a new window starts when the last one is over), keys upserted in
 * sorted order so two concurrent checks cannot deadlock on each other's rows.
 */
async function hit(db: DbOrTx, sorted: { key: string; windowMs: number }[], now: Date): Promise<CounterRow[]> {
  const values = sql.join(
    sorted.map((k) => sql`(${k.key}, 1, ${ts(new Date(now.getTime() + k.windowMs))})`),
    sql`, `,
  );
  return rowsOf<CounterRow>(
    await db.execute(sql`
      insert into rate_limits as r (key, hits, window_ends_at) values ${values}
      on conflict (key) do update set
        hits = case when r.window_ends_at <= ${ts(now)} then 1 else r.hits + 1 end,
        window_ends_at = case when r.window_ends_at <= ${ts(now)} then excluded.window_ends_at else r.window_ends_at end
      returning key, hits, window_ends_at, strikes, blocked_until`),
  );
}

/** The counters of named limits for their subjects (undefined subjects skipped); none when limits are off. */
export function countersFor(limits: [LimitName, string | number | undefined][], factor: number): Counter[] {
  if (factor === 0) return [];
  return limits.flatMap(([name, subject]) => (subject === undefined ? [] : [{ key: `${name}:${subject}`, ...scaled(RATE_LIMITS[name], factor) }]));
}

/** Counts one hit on each counter and throws RateLimited if any is over its limit. */
export async function consume(db: DbOrTx, counters: Counter[], now: Date): Promise<void> {
  if (!counters.length) return;
  const sorted = [...counters].sort((a, b) => (a.key < b.key ? -1 : 1));
  const rows = await hit(db, sorted, now);
  let wait = 0;
  for (const row of rows) {
    const counter = sorted.find((k) => k.key === row.key)!;
    if (Number(row.hits) > counter.points) wait = Math.max(wait, retryAfterSeconds(toDate(row.window_ends_at), now));
  }
  if (wait) throw new RateLimited(wait);
}

/** The block in force for an address after failed authentications, in seconds; 0 when none. */
export async function authBlockSeconds(db: DbOrTx, ip: string, now: Date): Promise<number> {
  const rows = rowsOf<{ blocked_until: unknown }>(
    await db.execute(sql`select blocked_until from rate_limits where key = ${`authfail:${ip}`}`),
  );
  const until = rows[0]?.blocked_until ? toDate(rows[0].blocked_until) : null;
  return until && until > now ? retryAfterSeconds(until, now) : 0;
}

/**
 * Counts a failed authentication from an address. Returns the seconds to wait if the address is (now) blocked:
 * ten failures in ten minutes block it for a minute, then two, four… up to an hour.
 */
export async function recordAuthFailure(db: DbOrTx, ip: string, now: Date): Promise<number> {
  const key = `authfail:${ip}`;
  const [row] = await hit(db, [{ key, windowMs: AUTH_FAILURES.windowMs }], now);
  const verdict = failureVerdict(
    { hits: Number(row!.hits), strikes: Number(row!.strikes), blockedUntil: row!.blocked_until ? toDate(row!.blocked_until) : null },
    now,
  );
  if (verdict.newBlock) {
    await db.execute(sql`
      update rate_limits set blocked_until = ${ts(verdict.blockedUntil!)}, strikes = ${verdict.strikes}, hits = 0
      where key = ${key}`);
  }
  return verdict.blockedUntil ? retryAfterSeconds(verdict.blockedUntil, now) : 0;
}

/** Deletes counters whose window and block are long over (strikes are remembered for a day). */
export async function purgeRateLimits(db: DbOrTx, now: Date): Promise<void> {
  const before = ts(new Date(now.getTime() - AUTH_FAILURES.forgetAfterMs));
  // SKIP LOCKED: rows a check holds are left for the next run, so the clean-up never deadlocks with a check.
  await db.execute(sql`
    delete from rate_limits where key in (
      select key from rate_limits
      where window_ends_at < ${before} and (blocked_until is null or blocked_until < ${before})
      for update skip locked)`);
}

export interface Limiter {
  /** Counts one hit of each named limit for its subject; subjects that are undefined are skipped. */
  check: (limits: [LimitName, string | number | undefined][]) => Promise<void>;
  ip: (c: Context) => string | undefined;
  enabled: boolean;
}

export function createLimiter(deps: Pick<AppDeps, 'db' | 'env' | 'now'>): Limiter {
  const factor = deps.env.RATE_LIMIT_FACTOR;
  const trusted = parseTrustedProxies(deps.env.TRUSTED_PROXIES);
  return {
    enabled: factor > 0,
    ip: (c) => {
      const ip = clientIp(c, trusted);
      return ip === undefined ? undefined : limitSubject(ip);
    },
    check: (limits) => consume(deps.db, countersFor(limits, factor), deps.now()),
  };
}

/** Route middleware: the named limits, keyed by the signed-in user and the client's address. */
export function rateLimit(
  limiter: Limiter,
  pick: (c: Context<AppEnv>, ip: string | undefined) => [LimitName, string | number | undefined][],
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await limiter.check(pick(c, limiter.ip(c)));
    await next();
  };
}

/** Per signed-in person and per address; administrators and the admin token (imports, automation) are not limited. */
export function limitPerPerson(limiter: Limiter, user: LimitName, ip: LimitName): MiddlewareHandler<AppEnv> {
  return rateLimit(limiter, (c, address) => {
    const actor = c.get('actor');
    if (isAdmin(actor) || actor.kind !== 'user') return [];
    return [
      [user, actor.userId],
      [ip, address],
    ];
  });
}
