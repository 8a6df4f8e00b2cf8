// Hourly clean-up, on every instance (deleting what is expired is idempotent): sessions 30 days after they expired
// (until then an expired token is told apart from a guess, see authenticate), and rate-limit counters long past
// their window.
import { lt } from 'drizzle-orm';
import { sessions } from '../../../../db/schema.js';
import type { AppDeps } from '../../app-deps.js';
import { purgeRateLimits } from '../rate-limit/rate-limiter.js';

const EVERY_MS = 3600_000;
const KEEP_EXPIRED_MS = 30 * 86_400_000;

export async function purgeExpired(deps: Pick<AppDeps, 'db'>, now: Date): Promise<number> {
  const gone = await deps.db
    .delete(sessions)
    .where(lt(sessions.expiresAt, new Date(now.getTime() - KEEP_EXPIRED_MS)))
    .returning({ tokenHash: sessions.tokenHash });
  await purgeRateLimits(deps.db, now);
  return gone.length;
}

/** A worker that runs the clean-up at most once an hour; it never reports work, so the loop does not spin on it. */
export function housekeeping(deps: Pick<AppDeps, 'db' | 'log' | 'now'>) {
  let last = 0;
  return async () => {
    const now = deps.now();
    if (now.getTime() - last < EVERY_MS) return 0;
    last = now.getTime();
    const sessionsDeleted = await purgeExpired(deps, now);
    if (sessionsDeleted) deps.log.info({ sessionsDeleted }, 'expired sessions deleted');
    return 0;
  };
}
