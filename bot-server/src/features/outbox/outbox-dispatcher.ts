// Sends claimed outbox messages outside any transaction, choosing the channel the messaging window allows.
import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/open-db.js';
import { feedback, users, zaloContacts, znsTemplates } from '../../../../db/schema.js';
import type { Logger } from '../../lib/logger.js';
import { normalizePhone } from '../../lib/phone.js';
import { backoff, claimDue, markSendStarted, MAX_ATTEMPTS, type Outcome, type OutboxRow, settle } from './outbox-repository.js';

/** What the dispatcher needs from the OA client (oa-client.ts implements it). */
export interface ZaloSender {
  sendConsultation(userId: string, message: { text: string } | { text?: string; imageUrl: string }): Promise<{ messageId: string }>;
  sendZns(phone: string, templateId: string, data: Record<string, string>, trackingId: string): Promise<{ msgId: string }>;
}

/** Errors thrown by the sender carry Zalo's code and whether a retry can help. */
export interface SendError {
  code?: number;
  kind?: string;
  retryable?: boolean;
  message: string;
}

const HOUR = 3_600_000;
/** Consultation messages are free within 48 h of the citizen's last interaction; the API refuses after 7 days. */
export const FREE_WINDOW_MS = 48 * HOUR;
export const HARD_WINDOW_MS = 7 * 24 * HOUR;

export type WindowChoice = 'cs' | 'zns_or_cs' | 'zns_or_hold';

/** Pure rule: which route a message may take given the citizen's last interaction. */
export function windowChoice(lastInteractionAt: Date | null, now: Date): WindowChoice {
  if (!lastInteractionAt) return 'zns_or_hold';
  const age = now.getTime() - lastInteractionAt.getTime();
  if (age <= FREE_WINDOW_MS) return 'cs';
  if (age < HARD_WINDOW_MS) return 'zns_or_cs';
  return 'zns_or_hold';
}

export interface DispatcherDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  /** null in local mode: messages are recorded, not sent. */
  sender: ZaloSender | null;
}

export async function dispatchDue(deps: DispatcherDeps, limit = 20): Promise<number> {
  const rows = await claimDue(deps.db, deps.now(), limit);
  for (const row of rows) {
    const outcome = await deliver(deps, row);
    await settle(deps.db, row, outcome, outcome.state === 'sent' ? outcome.via : 'zalo_cs', deps.now());
    if (outcome.state !== 'sent' && outcome.state !== 'local') {
      deps.log.info({ outboxId: row.id, outcome: outcome.state, purpose: row.purpose }, 'outbox message not sent');
    }
  }
  return rows.length;
}

async function deliver(deps: DispatcherDeps, row: OutboxRow): Promise<Outcome> {
  if (!deps.sender) return { state: 'local' };
  if (!row.recipientZaloId) return { state: 'held', reason: 'no Zalo id for the recipient' };
  const now = deps.now();
  const [contact] = await deps.db.select().from(zaloContacts).where(eq(zaloContacts.zaloId, row.recipientZaloId));
  const choice = windowChoice(contact?.lastInteractionAt ?? null, now);
  if (choice !== 'cs') {
    const zns = await tryZns(deps, row);
    if (zns) return zns;
    if (choice === 'zns_or_hold') return { state: 'held', reason: 'outside the 7-day window and no ZNS template or phone' };
  }
  try {
    await markSendStarted(deps.db, row.id);
    const image = typeof row.payload.image === 'string' ? row.payload.image : undefined;
    const sent = await deps.sender.sendConsultation(row.recipientZaloId, image ? { text: row.text, imageUrl: image } : { text: row.text });
    return { state: 'sent', via: 'zalo_cs', providerMessageId: sent.messageId };
  } catch (err) {
    const e = err as SendError;
    if (e.kind === 'window') {
      return (await tryZns(deps, row)) ?? { state: 'held', reason: `Zalo refused the consultation message (${e.code})`, ...(e.code !== undefined ? { errorCode: e.code } : {}) };
    }
    const errorCode = e.code;
    if (e.retryable && row.attempts < MAX_ATTEMPTS) {
      return { state: 'retry', at: backoff(row.attempts, now), error: e.message, ...(errorCode !== undefined ? { errorCode } : {}) };
    }
    return { state: 'dead', error: e.message, ...(errorCode !== undefined ? { errorCode } : {}) };
  }
}

/** ZNS by phone when the admin configured a template for this purpose and we know a phone; null otherwise. */
async function tryZns(deps: DispatcherDeps, row: OutboxRow): Promise<Outcome | null> {
  const [template] = await deps.db.select().from(znsTemplates).where(eq(znsTemplates.purpose, row.purpose));
  if (!template || !deps.sender) return null;
  const phone = await phoneFor(deps.db, row);
  if (!phone) return null;
  const data = (row.payload.zns as Record<string, string> | undefined) ?? { message: row.text.slice(0, 400) };
  try {
    await markSendStarted(deps.db, row.id);
    const sent = await deps.sender.sendZns(phone, template.templateId, data, `outbox-${row.id}`);
    return { state: 'sent', via: 'zns', providerMessageId: sent.msgId };
  } catch (err) {
    deps.log.warn({ outboxId: row.id, code: (err as SendError).code }, 'ZNS fallback failed');
    return null;
  }
}

async function phoneFor(db: Db, row: OutboxRow): Promise<string | null> {
  if (row.feedbackId) {
    const [f] = await db.select({ phone: feedback.contactPhone }).from(feedback).where(eq(feedback.id, row.feedbackId));
    const p = f?.phone ? normalizePhone(f.phone) : null;
    if (p) return p;
  }
  if (row.recipientUserId) {
    const [u] = await db.select({ phone: users.phone }).from(users).where(eq(users.id, row.recipientUserId));
    return u?.phone ? normalizePhone(u.phone) : null;
  }
  return null;
}
