// The durable outbox: every outbound message is a row, created in the transaction that causes it.
import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../../db/open-db.js';
import { rowsOf, ts } from '../../../../db/open-db.js';
import { outbox, outboxAttempts } from '../../../../db/schema.js';

export type OutboxRow = typeof outbox.$inferSelect;

export interface NewOutboxMessage {
  /** Unique per logical message: creating it twice (retries, two instances) stores it once. */
  dedupeKey: string;
  purpose: string;
  recipientZaloId: string | null;
  recipientUserId?: number | null;
  feedbackId?: number | null;
  text: string;
  /** Extra delivery data, e.g. { image: url } or { zns: { phone, data } }. */
  payload?: Record<string, unknown>;
}

/** Returns true when the message was new. */
export async function enqueue(db: DbOrTx, m: NewOutboxMessage, now: Date): Promise<boolean> {
  const rows = await db
    .insert(outbox)
    .values({
      dedupeKey: m.dedupeKey,
      purpose: m.purpose,
      recipientZaloId: m.recipientZaloId,
      recipientUserId: m.recipientUserId ?? null,
      feedbackId: m.feedbackId ?? null,
      text: m.text,
      payload: m.payload ?? {},
      // A message with nobody to reach on Zalo goes straight to the in-app inbox.
      state: m.recipientZaloId ? 'pending' : 'held',
      nextAttemptAt: now,
      createdAt: now,
    })
    .onConflictDoNothing({ target: outbox.dedupeKey })
    .returning({ id: outbox.id });
  return rows.length > 0;
}

const LEASE_MS = 60_000;

/**
 * Claims due messages for this instance: pending ones whose time has come, and sending ones whose lease expired
 * (their sender died). SKIP LOCKED lets several instances claim disjoint rows.
 */
export async function claimDue(db: DbOrTx, now: Date, limit = 20): Promise<OutboxRow[]> {
  const leaseUntil = new Date(now.getTime() + LEASE_MS);
  // An alert whose sender died mid-send may have reached Zalo: alerts go at most once, so it is not sent again but
  // kept in the recipient's in-app inbox (never dropped).
  await db.execute(sql`
    update outbox set state = 'held', locked_until = null,
      last_error = 'outcome unknown: the sender stopped mid-send; kept in the in-app inbox, not resent'
    where purpose = 'alert' and state = 'sending' and send_started and locked_until < ${ts(now)}`);
  const result = await db.execute(sql`
    update outbox set state = 'sending', attempts = attempts + 1, locked_until = ${ts(leaseUntil)}, send_started = false
    where id in (
      select id from outbox
      where (state = 'pending' and next_attempt_at <= ${ts(now)}) or (state = 'sending' and locked_until < ${ts(now)})
      order by id
      limit ${limit}
      for update skip locked
    )
    returning id`);
  const ids = rowsOf<{ id: number | string }>(result).map((r) => Number(r.id));
  if (!ids.length) return [];
  return db
    .select()
    .from(outbox)
    .where(sql`${outbox.id} in (${sql.join(ids.map((id) => sql`${id}`), sql`, `)})`)
    .orderBy(outbox.id);
}

export type Outcome =
  | { state: 'sent'; via: string; providerMessageId: string }
  | { state: 'local' }
  | { state: 'held'; reason: string; errorCode?: number }
  | { state: 'retry'; at: Date; error: string; errorCode?: number }
  | { state: 'dead'; error: string; errorCode?: number };

/** Marks that the call to Zalo is about to be made (see the at-most-once rule for alerts in claimDue). */
export async function markSendStarted(db: DbOrTx, id: number): Promise<void> {
  await db.update(outbox).set({ sendStarted: true }).where(eq(outbox.id, id));
}

/** Records the attempt and its outcome; only the lease holder (state 'sending') can settle a row. */
export async function settle(db: DbOrTx, row: OutboxRow, outcome: Outcome, via: string, now: Date): Promise<void> {
  await db.transaction(async (tx) => {
    const patch: Partial<typeof outbox.$inferInsert> = { lockedUntil: null };
    let detail: string | null = null;
    let errorCode: number | null = null;
    switch (outcome.state) {
      case 'sent':
        Object.assign(patch, { state: 'sent', sentAt: now, sentVia: outcome.via, providerMessageId: outcome.providerMessageId, lastError: null });
        break;
      case 'local':
        Object.assign(patch, { state: 'local' });
        detail = 'local mode: recorded, not sent';
        break;
      case 'held':
        Object.assign(patch, { state: 'held', lastError: outcome.reason });
        detail = outcome.reason;
        errorCode = outcome.errorCode ?? null;
        break;
      case 'retry':
        Object.assign(patch, { state: 'pending', nextAttemptAt: outcome.at, lastError: outcome.error });
        detail = outcome.error;
        errorCode = outcome.errorCode ?? null;
        break;
      case 'dead':
        Object.assign(patch, { state: 'dead', lastError: outcome.error });
        detail = outcome.error;
        errorCode = outcome.errorCode ?? null;
        break;
    }
    const updated = await tx
      .update(outbox)
      .set(patch)
      .where(and(eq(outbox.id, row.id), eq(outbox.state, 'sending'), eq(outbox.attempts, row.attempts)))
      .returning({ id: outbox.id });
    if (!updated.length) return; // lease lost to another instance; its outcome wins
    await tx.insert(outboxAttempts).values({
      outboxId: row.id,
      at: now,
      via: outcome.state === 'sent' ? outcome.via : via,
      outcome: outcome.state,
      errorCode,
      detail,
    });
  });
}

/** The citizen wrote to the OA: the window is open again, so messages held for them go out. */
export async function releaseHeld(db: DbOrTx, zaloId: string, now: Date): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ state: 'pending', nextAttemptAt: now })
    // Not the alerts whose delivery is unknown after a crash: they may have reached Zalo once already.
    .where(and(eq(outbox.recipientZaloId, zaloId), eq(outbox.state, 'held'), sql`coalesce(${outbox.lastError}, '') not like 'outcome unknown%'`))
    .returning({ id: outbox.id });
  return rows.length;
}

/** Exponential backoff with full jitter: 30 s, 1 min, 2 min … capped at 1 h. */
export function backoff(attempts: number, now: Date, random = Math.random): Date {
  const cap = Math.min(3_600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
  return new Date(now.getTime() + Math.round(cap / 2 + (random() * cap) / 2));
}

export const MAX_ATTEMPTS = 8;
