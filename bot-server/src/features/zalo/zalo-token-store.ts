// The OA token pair, kept in `zalo_tokens` (one row, id = 1) and shared by every instance of the server.
//
// Zalo refresh tokens are single-use and every refresh invalidates the previous access token, so two instances
// refreshing at once would lock each other out. One instance at a time takes a short lease with a single
// conditional UPDATE, calls Zalo outside any transaction (PGlite has one connection), and writes the rotated pair and
// clears the lease in one UPDATE. The others wait until the stored access token changes and use the new one.
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../../../db/open-db.js';
import { zaloTokens } from '../../../../db/schema.js';
import type { Logger } from '../../lib/logger.js';

const ROW_ID = 1;
/** Refresh ahead of time when the access token expires within this window. */
export const REFRESH_AHEAD_MS = 5 * 60_000;
const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_WAIT_MS = 10_000;
const DEFAULT_POLL_MS = 100;

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

export interface RefreshedPair extends TokenPair {
  /** Lifetime of the new access token in seconds (Zalo sends "90000" = 25 h). */
  expiresInSec: number;
}

/**
 * Exchanges a refresh token for a new pair at Zalo's token endpoint.
 * Must throw {@link ReauthorizationRequiredError} when Zalo refuses the refresh token (it is spent, expired or
 * revoked); anything else it throws is treated as transient.
 */
export type RefreshFn = (refreshToken: string) => Promise<RefreshedPair>;

/** Zalo refused the refresh token: only an OA admin granting the app access again gives a new pair. */
export class ReauthorizationRequiredError extends Error {
  override readonly name = 'ReauthorizationRequiredError';
  constructor(
    /** Zalo's error code from the token endpoint, e.g. -14014; 0 when no pair is stored at all. */
    readonly code: number,
    detail: string,
  ) {
    super(
      `Zalo OA token cannot be refreshed (${detail}): re-authorisation is needed. ` +
        'Have an OA admin grant the app access again, then set ZALO_OA_ACCESS_TOKEN and ZALO_OA_REFRESH_TOKEN ' +
        'to the new pair and restart.',
    );
  }
}

/**
 * A database call on the token row failed. Drizzle's own errors quote the query parameters (the tokens), so they
 * never leave this module: this one carries only the PostgreSQL error code. Transient.
 */
export class TokenStoreDbError extends Error {
  override readonly name = 'TokenStoreDbError';
  constructor(
    what: string,
    readonly pgCode: string | undefined,
  ) {
    super(`Zalo OA token store: could not ${what} (database error ${pgCode ?? 'unknown'})`);
  }
}

async function guardDb<T>(what: string, run: () => PromiseLike<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const e = err as { code?: unknown; cause?: { code?: unknown } };
    const code = typeof e.cause?.code === 'string' ? e.cause.code : typeof e.code === 'string' ? e.code : undefined;
    throw new TokenStoreDbError(what, code);
  }
}

/** Another instance held the refresh lease for longer than we were willing to wait. Transient. */
export class TokenRefreshBusyError extends Error {
  override readonly name = 'TokenRefreshBusyError';
}

export interface TokenStore {
  /**
   * The access token to use now, or null when no pair is configured (local mode). When the stored token expires
   * within 5 minutes it is refreshed first through `refresh`; if that fails while the old token is still valid,
   * the old token is returned.
   */
  accessToken(refresh: RefreshFn): Promise<string | null>;
  /**
   * Replaces an access token Zalo rejected (-216/-220) or that is about to expire, and returns the new one.
   * If another instance already replaced it, returns the stored token without calling Zalo.
   * Throws {@link ReauthorizationRequiredError} when Zalo refuses the refresh token (the stored pair is kept), and
   * {@link TokenRefreshBusyError} or the refresher's own error for transient failures.
   */
  renew(staleAccessToken: string, refresh: RefreshFn): Promise<string>;
}

export interface TokenStoreOptions {
  /** The pair from ZALO_OA_ACCESS_TOKEN / ZALO_OA_REFRESH_TOKEN: stored on first use if the table is empty. */
  initial?: TokenPair | undefined;
  now: () => Date;
  log?: Logger | undefined;
  /** How long a refresh lease lasts; must exceed the token endpoint's timeout. */
  leaseMs?: number;
  /** How long a waiting instance polls for the new pair before giving up. */
  waitMs?: number;
  pollMs?: number;
}

export function createTokenStore(db: Db, opts: TokenStoreOptions): TokenStore {
  const leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS;
  const waitMs = opts.waitMs ?? DEFAULT_WAIT_MS;
  const pollMs = opts.pollMs ?? DEFAULT_POLL_MS;
  const initial = opts.initial;
  /** Refresh tokens Zalo refused to this instance: never offered again. */
  const refused = new Set<string>();
  let seeded: Promise<void> | null = null;

  const ensureSeeded = () => {
    if (!initial) return Promise.resolve();
    seeded ??= guardDb('store the initial token pair', () =>
      db
        .insert(zaloTokens)
        .values({ id: ROW_ID, ...initial, expiresAt: null, updatedAt: opts.now() })
        .onConflictDoNothing(),
    ).then(
        () => undefined,
        (err: unknown) => {
          seeded = null;
          throw err;
        },
      );
    return seeded;
  };

  const readRow = async () => {
    const [row] = await guardDb('read the token pair', () =>
      db
        .select({ accessToken: zaloTokens.accessToken, expiresAt: zaloTokens.expiresAt })
        .from(zaloTokens)
        .where(eq(zaloTokens.id, ROW_ID)),
    );
    return row;
  };

  /** Takes the lease if `stale` is still the stored token and nobody holds a live lease; returns the refresh token. */
  const claim = async (stale: string): Promise<string | null> => {
    const now = opts.now();
    const [row] = await guardDb('take the refresh lease', () =>
      db
        .update(zaloTokens)
        .set({ refreshingUntil: new Date(now.getTime() + leaseMs) })
        .where(
          and(
            eq(zaloTokens.id, ROW_ID),
            eq(zaloTokens.accessToken, stale),
            or(isNull(zaloTokens.refreshingUntil), lt(zaloTokens.refreshingUntil, now)),
          ),
        )
        .returning({ refreshToken: zaloTokens.refreshToken }),
    );
    return row?.refreshToken ?? null;
  };

  const release = async (claimedRefreshToken: string) => {
    await guardDb('release the refresh lease', () =>
      db
        .update(zaloTokens)
        .set({ refreshingUntil: null })
        .where(and(eq(zaloTokens.id, ROW_ID), eq(zaloTokens.refreshToken, claimedRefreshToken))),
    );
  };

  const exchange = async (refreshToken: string, refresh: RefreshFn): Promise<RefreshedPair> => {
    if (refused.has(refreshToken)) {
      throw new ReauthorizationRequiredError(0, 'Zalo already refused this refresh token');
    }
    try {
      return await refresh(refreshToken);
    } catch (err) {
      if (err instanceof ReauthorizationRequiredError) refused.add(refreshToken);
      throw err;
    }
  };

  /** We hold the lease: get a new pair from Zalo and store it, or release the lease and keep the old pair. */
  const refreshHolding = async (claimed: string, refresh: RefreshFn): Promise<string> => {
    let pair: RefreshedPair;
    try {
      try {
        pair = await exchange(claimed, refresh);
      } catch (err) {
        // A refused stored pair while the environment holds a different one: an admin re-authorised and put the
        // new pair in the environment. Its refresh token is tried once; a stale one is simply refused too.
        if (!(err instanceof ReauthorizationRequiredError) || !initial || initial.refreshToken === claimed) throw err;
        if (refused.has(initial.refreshToken)) throw err;
        opts.log?.warn('zalo oa: stored refresh token refused, trying the pair from the environment');
        try {
          pair = await exchange(initial.refreshToken, refresh);
        } catch (envErr) {
          throw envErr instanceof ReauthorizationRequiredError ? err : envErr;
        }
      }
    } catch (err) {
      await release(claimed).catch((releaseErr: Error) =>
        opts.log?.error({ reason: releaseErr.message }, 'zalo oa: could not release the token refresh lease'),
      );
      opts.log?.error(
        { code: err instanceof ReauthorizationRequiredError ? err.code : undefined, reason: (err as Error).message },
        'zalo oa: token refresh failed, keeping the stored pair',
      );
      throw err;
    }
    await persist(pair);
    opts.log?.info({ expiresInSec: pair.expiresInSec }, 'zalo oa: access token refreshed');
    return pair.accessToken;
  };

  /** The old refresh token is spent now: losing the new pair would need a re-authorisation, so retry the write. */
  const persist = async (pair: RefreshedPair) => {
    const now = opts.now();
    const values = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      expiresAt: new Date(now.getTime() + pair.expiresInSec * 1000),
      refreshingUntil: null,
      updatedAt: now,
    };
    for (let attempt = 1; ; attempt++) {
      try {
        await guardDb('store the refreshed token pair', () =>
          db.update(zaloTokens).set(values).where(eq(zaloTokens.id, ROW_ID)),
        );
        return;
      } catch (err) {
        opts.log?.error({ reason: (err as Error).message, attempt }, 'zalo oa: could not store the refreshed token pair');
        if (attempt >= 3) throw err;
        await delay(200 * attempt);
      }
    }
  };

  const renew = async (stale: string, refresh: RefreshFn): Promise<string> => {
    await ensureSeeded();
    const deadline = Date.now() + waitMs;
    for (;;) {
      const claimed = await claim(stale);
      if (claimed !== null) return refreshHolding(claimed, refresh);
      const row = await readRow();
      if (!row) throw new ReauthorizationRequiredError(0, 'no OA token pair is stored');
      if (row.accessToken !== stale) return row.accessToken;
      if (Date.now() >= deadline) {
        throw new TokenRefreshBusyError(`Another instance is still refreshing the Zalo OA token after ${waitMs} ms`);
      }
      await delay(pollMs);
    }
  };

  return {
    renew,
    async accessToken(refresh) {
      await ensureSeeded();
      const row = await readRow();
      if (!row) return null;
      const now = opts.now().getTime();
      if (!row.expiresAt || row.expiresAt.getTime() - now > REFRESH_AHEAD_MS) return row.accessToken;
      try {
        return await renew(row.accessToken, refresh);
      } catch (err) {
        if (row.expiresAt.getTime() <= now) throw err;
        opts.log?.warn({ reason: (err as Error).message }, 'zalo oa: early token refresh failed, using the current token');
        return row.accessToken;
      }
    },
  };
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
