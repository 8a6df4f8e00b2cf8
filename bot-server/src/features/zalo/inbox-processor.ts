// Processes stored webhook events after the 200: one transaction per event applies the conversation step, its
// effects (filing, lookup, rating) and the replies (as outbox rows), and marks the event done. A crash rolls the
// transaction back and the event's lease expires, so it is processed again, once.
import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../../../db/open-db.js';
import { rowsOf, ts } from '../../../../db/open-db.js';
import { attachments, categories, feedback, zaloContacts, zaloInbox } from '../../../../db/schema.js';
import { chatbotMessages as M } from '../../domain/chatbot/chatbot-messages.js';
import {
  type ConversationState,
  decide,
  type Draft,
  type Effect,
  expiresAtFor,
  IDLE,
  type Inbound,
  parseConversationState,
} from '../../domain/chatbot/conversation.js';
import { errorSummary } from '../../lib/error-summary.js';
import { consume, countersFor, RateLimited } from '../rate-limit/rate-limiter.js';
import { STATUS_LABELS_VI } from '../../domain/feedback/feedback-vocabulary.js';
import { ApiError } from '../../lib/api-error.js';
import type { Logger } from '../../lib/logger.js';
import type { Actor } from '../auth/actor.js';
import { loadCalendar } from '../calendar/calendar-repository.js';
import { appendEvent, createFeedback, rateFeedback } from '../feedback/feedback-service.js';
import { enqueue, releaseHeld } from '../outbox/outbox-repository.js';
import { fetchAndStoreMedia, type StoredMedia } from './media-fetch.js';
import { ensureUserForZaloId, later, lockContact } from './zalo-contacts.js';
import type { ZaloEvent } from './zalo-events.js';

export interface ProcessorDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  filesDir: string;
  /** Hosts whose media URLs may be downloaded besides Zalo's own (the configured API bases). */
  trustedMediaBases: string[];
  /** Looks up a follower's display name on Zalo (absent in local mode). */
  displayName?: ((zaloId: string) => Promise<string | null>) | undefined;
  /** RATE_LIMIT_FACTOR: filing through the OA counts against the citizen's limit like the mini app. */
  rateLimitFactor?: number;
}

type InboxRow = typeof zaloInbox.$inferSelect;
type StoredConversation = { state?: unknown; media?: Record<string, StoredMedia> };

const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 5;

export async function processDueInbox(deps: ProcessorDeps, limit = 20): Promise<number> {
  const now = deps.now();
  // Waiting and due, or taken by an instance whose lease ran out.
  const due = sql`((state = 'pending' and next_attempt_at <= ${ts(now)}) or (state = 'processing' and locked_until < ${ts(now)}))`;
  const claimed = rowsOf<{ id: number | string }>(
    await deps.db.execute(sql`
      update zalo_inbox set state = 'processing', attempts = attempts + 1, locked_until = ${ts(new Date(now.getTime() + LEASE_MS))}
      where id in (
        -- The oldest due event of each person, so one person's flood is served one event a batch, interleaved
        -- with everyone else's, instead of holding up every other conversation.
        select id from zalo_inbox where id in (
          select id from (
            select id, event_at, row_number() over (partition by coalesce(user_id, id::text) order by event_at, id) as rn
            from zalo_inbox
            where ${due}
          ) due
          where rn = 1
          order by event_at, id
          limit ${limit}
        )
        -- Checked again here: PostgreSQL re-evaluates only this level's condition on a row another instance
        -- changed meanwhile, so without it a row just marked done could be claimed a second time.
        and ${due}
        for update skip locked
      )
      returning id`),
  );
  if (!claimed.length) return 0;
  const rows = await deps.db
    .select()
    .from(zaloInbox)
    .where(sql`${zaloInbox.id} in (${sql.join(claimed.map((r) => sql`${Number(r.id)}`), sql`, `)})`)
    .orderBy(asc(zaloInbox.eventAt), asc(zaloInbox.id));
  for (const row of rows) await processOne(deps, row);
  return rows.length;
}

async function processOne(deps: ProcessorDeps, row: InboxRow): Promise<void> {
  const event = row.payload as ZaloEvent;
  const inbound = toInbound(event);
  // Downloads happen before the transaction: never wait on the network while holding the database.
  const media = inbound?.kind === 'image' ? await fetchAndStoreMedia(inbound.url, deps.filesDir, deps.trustedMediaBases) : null;
  const name = await newContactName(deps, row.userId);
  try {
    await deps.db.transaction(async (tx) => {
      const [current] = await tx.select().from(zaloInbox).where(eq(zaloInbox.id, row.id)).for('update');
      // Another instance took over an expired lease and finished it: nothing left to do.
      if (!current || current.state !== 'processing' || current.attempts !== row.attempts) return;
      const note = await applyEvent(tx, deps, row, event, inbound, media, name);
      await tx.update(zaloInbox).set({ state: 'done', processedAt: deps.now(), lockedUntil: null, note }).where(eq(zaloInbox.id, row.id));
    });
  } catch (err) {
    const summary = errorSummary(err);
    // A failed query's message quotes its parameters (the citizen's text, Zalo ids): only codes are kept.
    const message = summary.sqlState ? `database error ${summary.sqlState}${summary.constraint ? ` (${summary.constraint})` : ''}` : (err as Error).message;
    deps.log.error({ inboxId: row.id, event: row.eventName, err: summary }, 'webhook event failed');
    const now = deps.now();
    const giveUp = row.attempts >= MAX_ATTEMPTS;
    await deps.db.transaction(async (tx) => {
      await tx
        .update(zaloInbox)
        .set(giveUp
          ? { state: 'failed', lockedUntil: null, note: message.slice(0, 500) }
          : { state: 'pending', lockedUntil: null, nextAttemptAt: new Date(now.getTime() + 5_000 * 2 ** row.attempts), note: message.slice(0, 500) })
        .where(and(eq(zaloInbox.id, row.id), eq(zaloInbox.attempts, row.attempts)));
      // Never silence: the citizen hears that something went wrong, once.
      if (giveUp && row.userId) {
        await enqueue(tx, { dedupeKey: `reply:${row.id}:error`, purpose: 'reply', recipientZaloId: row.userId, text: M.systemError() }, now);
      }
    });
  }
}

/** The Zalo display name of someone we have not met yet; null when known already, in local mode, or on error. */
async function newContactName(deps: ProcessorDeps, zaloId: string | null): Promise<string | null> {
  if (!zaloId || !deps.displayName) return null;
  const [known] = await deps.db.select({ name: zaloContacts.displayName }).from(zaloContacts).where(eq(zaloContacts.zaloId, zaloId));
  if (known?.name) return null;
  try {
    return await deps.displayName(zaloId);
  } catch (err) {
    deps.log.warn({ err: errorSummary(err) }, 'could not fetch the Zalo profile');
    return null;
  }
}

/** Applies one event; returns a note for the inbox row. */
async function applyEvent(
  tx: Tx,
  deps: ProcessorDeps,
  row: InboxRow,
  event: ZaloEvent,
  inbound: Inbound | null,
  media: StoredMedia | null,
  displayName: string | null,
): Promise<string | null> {
  const zaloId = row.userId;
  if (!zaloId) return 'no user';
  const now = deps.now();
  const userId = await ensureUserForZaloId(tx, zaloId, displayName, now);
  const contact = await lockContact(tx, zaloId, userId, now);
  if (displayName && !contact.displayName) {
    await tx.update(zaloContacts).set({ displayName }).where(eq(zaloContacts.zaloId, zaloId));
  }
  const stale = contact.lastEventAt !== null && row.eventAt < contact.lastEventAt;

  if (event.event_name === 'follow' || event.event_name === 'unfollow') {
    const follows = event.event_name === 'follow';
    // Follow state only moves forward in time: an old retry cannot undo a newer follow/unfollow.
    if (!contact.followedAt || row.eventAt >= contact.followedAt) {
      // Following is an interaction: it opens the messaging window for the welcome message.
      await tx
        .update(zaloContacts)
        .set({ followed: follows, followedAt: row.eventAt, lastInteractionAt: later(contact.lastInteractionAt, row.eventAt), updatedAt: now })
        .where(eq(zaloContacts.zaloId, zaloId));
      if (follows) await reply(tx, row, 0, zaloId, M.welcome(), now);
    }
    return stale ? 'stale follow event' : null;
  }

  // Any message from the citizen opens the messaging window and releases what waited for it.
  await tx
    .update(zaloContacts)
    .set({ lastInteractionAt: later(contact.lastInteractionAt, row.eventAt), updatedAt: now })
    .where(eq(zaloContacts.zaloId, zaloId));
  await releaseHeld(tx, zaloId, now);
  if (!inbound) return 'nothing to do';

  const stored = (contact.conversation ?? {}) as StoredConversation;
  const mediaByUrl = { ...(stored.media ?? {}) };
  if (media) mediaByUrl[media.url] = media;
  // An event older than the conversation's newest one is answered from a blank state and never rewinds it.
  const state = stale ? IDLE : parseConversationState(stored.state);
  const expired = !stale && contact.conversationExpiresAt !== null && contact.conversationExpiresAt <= row.eventAt;
  const cats = await tx.select({ code: categories.code, name: categories.name }).from(categories).where(eq(categories.active, true)).orderBy(asc(categories.id));
  const decision = decide(state, inbound, { categories: cats, expired });

  const replies = [...decision.replies];
  const actor: Actor = { kind: 'user', userId, name: 'Công dân (Zalo OA)', roles: [] };
  for (const effect of decision.effects) replies.push(...(await runEffect(tx, effect, { actor, userId, row, mediaByUrl, now, rateLimitFactor: deps.rateLimitFactor ?? 1 })));
  if (!replies.length) replies.push(M.help());
  for (const [i, text] of replies.entries()) await reply(tx, row, i, zaloId, text, now);

  if (!stale) {
    const keepMedia = Object.fromEntries(Object.entries(mediaByUrl).filter(([url]) => draftPhotoUrls(decision.state).has(url)));
    await tx
      .update(zaloContacts)
      .set({
        conversation: { state: decision.state, media: keepMedia },
        conversationExpiresAt: expiresAtFor(decision.state, now),
        lastEventAt: row.eventAt,
        updatedAt: now,
      })
      .where(eq(zaloContacts.zaloId, zaloId));
  }
  return stale ? 'stale: answered without changing the conversation' : null;
}

function reply(tx: Tx, row: InboxRow, i: number, zaloId: string, text: string, now: Date) {
  return enqueue(tx, { dedupeKey: `reply:${row.id}:${i}`, purpose: 'reply', recipientZaloId: zaloId, text }, now);
}

function draftPhotoUrls(state: ConversationState): Set<string> {
  if (state.step === 'content') return new Set((state.photos ?? []).map((p) => p.url));
  if (state.step === 'category' || state.step === 'media' || state.step === 'confirm') return new Set(state.draft.photos.map((p) => p.url));
  return new Set();
}

interface EffectContext {
  actor: Actor;
  userId: number;
  row: InboxRow;
  mediaByUrl: Record<string, StoredMedia>;
  now: Date;
  rateLimitFactor: number;
}

async function runEffect(tx: Tx, effect: Effect, ctx: EffectContext): Promise<string[]> {
  switch (effect.type) {
    case 'file_feedback':
      return [await fileFromDraft(tx, effect.draft, ctx)];
    case 'lookup': {
      const [f] = await tx
        .select()
        .from(feedback)
        .where(and(eq(feedback.code, effect.code), eq(feedback.citizenUserId, ctx.userId)));
      // The same reply for "not found" and "not yours": a code does not reveal that someone else's feedback exists.
      if (!f) return [M.lookupNotFound()];
      return [M.lookup(STATUS_LABELS_VI[f.status], f.dueAt, f.answer ?? f.rejectReason, f.code)];
    }
    case 'list_mine': {
      const items = await tx
        .select({ code: feedback.code, status: feedback.status, receivedAt: feedback.receivedAt })
        .from(feedback)
        .where(eq(feedback.citizenUserId, ctx.userId))
        .orderBy(desc(feedback.receivedAt))
        .limit(10);
      return [M.myList(items.map((i) => ({ code: i.code, statusLabel: STATUS_LABELS_VI[i.status], receivedAt: i.receivedAt })))];
    }
    case 'rate': {
      try {
        const cal = await loadCalendar(tx);
        await rateFeedback(tx, effect.code, { value: effect.rating, channel: 'zalo_oa' }, { actor: ctx.actor, now: ctx.now, cal });
        return [];
      } catch (err) {
        if (err instanceof ApiError) return [M.lookupNotFound()];
        throw err;
      }
    }
  }
}

async function fileFromDraft(tx: Tx, draft: Draft, ctx: EffectContext): Promise<string> {
  // The same limit as the mini app's: storing every event stays unlimited, filing does not. Counted in this
  // transaction, so a retried event is not counted twice.
  try {
    await consume(tx, countersFor([['feedback.create.citizen', ctx.userId]], ctx.rateLimitFactor), ctx.now);
  } catch (err) {
    if (err instanceof RateLimited) return M.tooManyFiled(err.retryAfter);
    throw err;
  }
  const cal = await loadCalendar(tx);
  // The citizen's send time is the receipt time (bounded by now, in case of a clock skew on either side).
  const receivedAt = ctx.row.eventAt < ctx.now ? ctx.row.eventAt : ctx.now;
  const photoUrls = draft.photos.map((p) => p.url);
  const missing = photoUrls.filter((u) => !ctx.mediaByUrl[u]);
  const content = missing.length ? `${draft.content}\n\nẢnh gửi kèm: ${missing.join(' ')}` : draft.content;
  const created = await createFeedback(
    tx,
    {
      channel: 'zalo_oa',
      externalId: `zalo:${ctx.row.eventKey}`,
      categoryCode: draft.categoryCode,
      content,
      lat: draft.location?.lat,
      lng: draft.location?.lng,
      citizenUserId: ctx.userId,
      receivedAt,
    },
    { actor: ctx.actor, now: ctx.now, cal },
  );
  const stored = photoUrls.map((u) => ctx.mediaByUrl[u]).filter((m): m is StoredMedia => Boolean(m));
  if (stored.length) {
    const event = await appendEvent(tx, created.id, { actor: ctx.actor, now: ctx.now }, {
      type: 'attachment_added',
      note: null,
      data: { files: stored.map((m) => m.fileName), source: 'zalo_oa' },
    });
    await tx.insert(attachments).values(
      stored.map((m) => ({
        feedbackId: created.id,
        eventId: event.id,
        fileName: m.fileName,
        mimeType: m.mimeType,
        size: m.size,
        sha256: m.sha256,
        storageKey: m.sha256,
        uploadedBy: ctx.userId,
        createdAt: ctx.now,
      })),
    );
  }
  return M.filed(created.code, created.dueAt);
}

/** What the conversation engine understands of an event; null for events that only update the contact. */
export function toInbound(e: ZaloEvent): Inbound | null {
  const first = e.message?.attachments?.[0];
  switch (e.event_name) {
    case 'user_send_text':
      return { kind: 'text', text: e.message?.text ?? '' };
    case 'user_send_image':
      return first?.payload?.url ? { kind: 'image', url: first.payload.url } : { kind: 'unsupported', eventName: e.event_name };
    case 'user_send_location': {
      const c = first?.payload?.coordinates;
      const lat = Number(c?.latitude);
      const lng = Number(c?.longitude);
      return Number.isFinite(lat) && Number.isFinite(lng) && Math.abs(lat) <= 90 && Math.abs(lng) <= 180
        ? { kind: 'location', lat, lng }
        : { kind: 'unsupported', eventName: e.event_name };
    }
    case 'follow':
    case 'unfollow':
      return null;
    default:
      return { kind: 'unsupported', eventName: e.event_name };
  }
}
