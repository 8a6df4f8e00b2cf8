// POST /webhooks/zalo (CONTRACT §3): verify, store durably, answer 200, process after.
//
// Once the signature holds, the event is stored and answered 200 whatever it contains (docs/decisions/009):
// - ordinary events go in as they are;
// - text that PostgreSQL cannot hold (NUL, unpaired surrogates) or bytes that are not UTF-8 are cleaned for the
//   bot, which processes the cleaned copy; the exact bytes are kept and the row is flagged for review;
// - events the bot cannot read (malformed, nested too deep) are kept as bytes, flagged, and not processed;
// - events dated outside Zalo's retry window are kept and ignored, with the reason.
import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { rowsOf, ts } from '../../../../db/open-db.js';
import type { AppDeps } from '../../app-deps.js';
import { eventAgeVerdict } from '../../domain/chatbot/event-age.js';
import { databaseInputError } from '../../lib/api-error.js';
import { sqlStateOf } from '../../lib/error-summary.js';
import { cleanJson, findUnsafeText } from '../../lib/text-safety.js';
import type { AppEnv } from '../auth/auth-middleware.js';
import { verifyZaloMac, zaloMac } from './webhook-signature.js';
import { eventKey, eventUserId, HANDLED_EVENTS, isOaEcho, type ZaloEvent, zaloEventSchema } from './zalo-events.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');
// Zalo's events are a few levels deep; anything far deeper is kept as bytes only.
const MAX_DEPTH = 32;
// A NUL or a surrogate can only reach the parsed value through a \u escape (strict UTF-8 decoding refuses encoded
// surrogates), so events without one skip the walk over every string.
const MAYBE_UNSAFE = /\\u(?:0000|[dD][89a-fA-F])/;

/** Depth of a parsed JSON value, computed without recursion so a hostile body cannot exhaust the stack. */
function jsonDepth(value: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, d] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (d > max) max = d;
    if (max > MAX_DEPTH) return max;
    for (const child of Object.values(v)) stack.push([child, d + 1]);
  }
  return max;
}

interface StoredEvent {
  key: string;
  name: string;
  userId: string | null;
  eventAt: Date;
  /** JSON text for the jsonb column, or null when only the bytes are kept. */
  payload: string | null;
  rawBody: Uint8Array | null;
  state: 'pending' | 'ignored';
  note: string | null;
  reviewReason: string | null;
}

/** Epoch ms of a Zalo timestamp, if it is one PostgreSQL can store. */
function eventTime(e: ZaloEvent): number {
  const ms = Number(e.timestamp);
  return Number.isSafeInteger(ms) && ms >= 0 && ms < 4_102_444_800_000 ? ms : Number.NaN; // before 2100
}

/** An event kept as its bytes only, keyed by their hash so Zalo's retries of it are still recognised. */
function unreadableEvent(raw: Uint8Array, now: Date, reason: string): StoredEvent {
  return {
    key: `raw:${createHash('sha256').update(raw).digest('hex')}`,
    name: '(unreadable)',
    userId: null,
    eventAt: now,
    payload: null,
    rawBody: raw,
    state: 'ignored',
    note: 'not processed: kept for review',
    reviewReason: reason,
  };
}

/** Decides how a signed event is stored. Pure apart from hashing. */
function classify(raw: Uint8Array, text: string, parsed: unknown, validUtf8: boolean, now: Date): StoredEvent {
  const unreadable = (reason: string) => unreadableEvent(raw, now, reason);
  if (jsonDepth(parsed) > MAX_DEPTH) return unreadable(`nested deeper than ${MAX_DEPTH} levels`);

  const reasons: string[] = [];
  if (!validUtf8) reasons.push('the body is not valid UTF-8; invalid bytes were replaced by U+FFFD');
  let value = parsed;
  if (MAYBE_UNSAFE.test(text) && findUnsafeText(parsed, '', 1).length) {
    value = cleanJson(parsed);
    reasons.push('text held NUL or unpaired surrogates, which were removed or replaced by U+FFFD');
  }
  const event = zaloEventSchema.safeParse(value);
  if (!event.success) {
    const issues = event.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(event)'}: ${i.message}`);
    return { ...unreadable(`malformed event: ${issues.join('; ')}`), payload: JSON.stringify(value) };
  }
  const e = event.data;
  const at = eventTime(e);
  const age = eventAgeVerdict(at, now.getTime());
  const handled = HANDLED_EVENTS.has(e.event_name) && !isOaEcho(e);
  const cleaned = reasons.length > 0;
  return {
    key: eventKey(e),
    name: e.event_name,
    userId: eventUserId(e),
    eventAt: Number.isNaN(at) ? now : new Date(at),
    payload: cleaned ? JSON.stringify(value) : text,
    rawBody: cleaned ? raw : null,
    state: handled && age.ok ? 'pending' : 'ignored',
    note: !age.ok ? age.reason : !handled ? (isOaEcho(e) ? 'OA echo' : 'event not handled') : null,
    // An event refused for its age is listed too: a server clock gone wrong would otherwise drop every message quietly.
    reviewReason: [...reasons, ...(age.ok ? [] : [age.reason])].join('; ') || null,
  };
}

export function webhookRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().post('/zalo', async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    // The MAC covers the bytes; app_id and timestamp are read from the body, so it must be JSON first. Bytes that
    // are not UTF-8 are read leniently: if the signature holds, the event is kept, not refused.
    let text: string;
    let validUtf8 = true;
    try {
      text = strictUtf8.decode(raw);
    } catch {
      text = lenientUtf8.decode(raw);
      validUtf8 = false;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return c.json({ error: 'invalid_json', message: 'The body is not JSON' }, 400);
    }
    const body = parsed as { app_id?: unknown; timestamp?: unknown } | null;
    const appId = deps.env.ZALO_APP_ID;
    const secret = deps.env.ZALO_OA_SECRET_KEY;
    if (!appId || !secret) {
      return c.json({ error: 'unauthorized', message: 'Webhook is not configured (ZALO_APP_ID, ZALO_OA_SECRET_KEY)' }, 401);
    }
    if (typeof body !== 'object' || body === null || typeof body.app_id !== 'string' || body.app_id !== appId) {
      return c.json({ error: 'unauthorized', message: 'Unknown app_id' }, 401);
    }
    const timestamp = typeof body.timestamp === 'string' || typeof body.timestamp === 'number' ? String(body.timestamp) : '';
    if (!verifyZaloMac(c.req.header('x-zevent-signature'), zaloMac(appId, raw, timestamp, secret))) {
      return c.json({ error: 'unauthorized', message: 'Bad or missing X-ZEvent-Signature' }, 401);
    }

    const now = deps.now();
    let e = classify(raw, text, parsed, validUtf8, now);
    let inserted: { id: number }[];
    try {
      inserted = await insertEvent(deps, e, now);
    } catch (err) {
      // Something in the payload the checks above did not foresee and the database refuses: keep the bytes alone.
      if (!databaseInputError(err)) throw err;
      e = unreadableEvent(raw, now, `the database refused the payload (SQLSTATE ${sqlStateOf(err)})`);
      inserted = await insertEvent(deps, e, now);
    }
    if (inserted.length && e.reviewReason) deps.log.warn({ inboxId: inserted[0]!.id, state: e.state }, 'webhook event kept for review');
    // Processing starts after the response; a crash before it leaves the row pending for the next run.
    if (inserted.length && e.state === 'pending') setImmediate(() => deps.kickWorkers?.());
    return c.json({ ok: true, duplicate: inserted.length === 0 });
  });
}

/** The hot path of the webhook: one plain INSERT (the query builder costs more than the insert itself here). */
async function insertEvent(deps: AppDeps, e: StoredEvent, now: Date) {
  // Ordinary events leave the review columns out: each parameter costs, and PGlite's most.
  const extra = e.rawBody || e.reviewReason;
  return rowsOf<{ id: number }>(
    await deps.db.execute(
      extra
        ? sql`
        insert into zalo_inbox (event_key, event_name, user_id, event_at, payload, raw_body, review_reason, state, note,
                                received_at, next_attempt_at)
        values (${e.key}, ${e.name}, ${e.userId}, ${ts(e.eventAt)}, ${e.payload}::jsonb,
                ${e.rawBody ? Buffer.from(e.rawBody) : null}::bytea, ${e.reviewReason}, ${e.state}, ${e.note},
                ${ts(now)}, ${ts(now)})
        on conflict (event_key) do nothing
        returning id`
        : sql`
        insert into zalo_inbox (event_key, event_name, user_id, event_at, payload, state, note, received_at, next_attempt_at)
        values (${e.key}, ${e.name}, ${e.userId}, ${ts(e.eventAt)}, ${e.payload}::jsonb, ${e.state}, ${e.note},
                ${ts(now)}, ${ts(now)})
        on conflict (event_key) do nothing
        returning id`,
    ),
  );
}
