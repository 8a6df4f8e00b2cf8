// Tells the citizen about a change to their feedback, in the transaction that makes the change (transactional outbox).
import { eq } from 'drizzle-orm';
import type { Tx } from '../../../../db/open-db.js';
import { units, users, zaloContacts } from '../../../../db/schema.js';
import { chatbotMessages, truncate } from '../../domain/chatbot/chatbot-messages.js';
import { expiresAtFor, startRating } from '../../domain/chatbot/conversation.js';
import type { FeedbackAction } from '../../domain/feedback/feedback-state.js';
import { enqueue } from '../outbox/outbox-repository.js';

export interface ChangedFeedback {
  id: number;
  code: string;
  citizenUserId: number | null;
  unitId: number;
  answer: string | null;
  rejectReason: string | null;
}

/** Which changes the citizen hears about. Internal steps (start, assign, publish, close) stay internal. */
const NOTIFIED: ReadonlySet<FeedbackAction> = new Set(['accept', 'request_info', 'transfer', 'answer', 'reject']);

export async function notifyCitizen(
  tx: Tx,
  f: ChangedFeedback,
  action: FeedbackAction,
  note: string | null,
  eventId: number,
  now: Date,
): Promise<void> {
  if (!NOTIFIED.has(action) || f.citizenUserId === null) return;
  const [citizen] = await tx.select({ zaloId: users.zaloId }).from(users).where(eq(users.id, f.citizenUserId));
  const texts = await textsFor(tx, f, action, note);
  for (const [i, text] of texts.entries()) {
    await enqueue(
      tx,
      {
        dedupeKey: `notify:${eventId}:${i}`,
        purpose: 'notification',
        recipientZaloId: citizen?.zaloId ?? null,
        recipientUserId: f.citizenUserId,
        feedbackId: f.id,
        text,
        payload: { zns: { code: f.code, status: action, message: truncate(texts[0]!, 200) } },
      },
      now,
    );
  }
  if (action === 'answer' && citizen?.zaloId) await askForRating(tx, citizen.zaloId, f.code, now);
}

async function textsFor(tx: Tx, f: ChangedFeedback, action: FeedbackAction, note: string | null): Promise<string[]> {
  switch (action) {
    case 'accept':
      return [chatbotMessages.accepted(f.code)];
    case 'request_info':
      return [chatbotMessages.needsInfo(f.code, note ?? '')];
    case 'transfer': {
      const [unit] = await tx.select({ name: units.name }).from(units).where(eq(units.id, f.unitId));
      return [chatbotMessages.transferred(f.code, unit?.name ?? '')];
    }
    case 'answer':
      return chatbotMessages.answered(f.code, f.answer ?? '');
    case 'reject':
      return [chatbotMessages.rejected(f.code, f.rejectReason ?? '')];
    default:
      return [];
  }
}

/** The next "1".."5" from the citizen is taken as the rating, unless they are in the middle of filing something. */
async function askForRating(tx: Tx, zaloId: string, code: string, now: Date): Promise<void> {
  const [contact] = await tx.select().from(zaloContacts).where(eq(zaloContacts.zaloId, zaloId)).for('update');
  const step = (contact?.conversation as { state?: { step?: string } } | undefined)?.state?.step;
  const expired = !contact?.conversationExpiresAt || contact.conversationExpiresAt < now;
  if (contact && step && step !== 'idle' && step !== 'rating' && !expired) return;
  const state = startRating(code);
  const conversation = { ...(contact?.conversation ?? {}), state };
  const expiresAt = expiresAtFor(state, now);
  if (contact) {
    await tx.update(zaloContacts).set({ conversation, conversationExpiresAt: expiresAt, updatedAt: now }).where(eq(zaloContacts.zaloId, zaloId));
  } else {
    await tx.insert(zaloContacts).values({ zaloId, conversation, conversationExpiresAt: expiresAt, updatedAt: now });
  }
}
