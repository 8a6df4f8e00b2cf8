// POST /webhooks/zalo (CONTRACT §3): verify, store durably, answer 200, process after.
import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { sql } from 'drizzle-orm';
import { rowsOf, ts } from '../../../../db/open-db.js';
import type { AppEnv } from '../auth/auth-middleware.js';
import { verifyZaloMac, zaloMac } from './webhook-signature.js';
import { eventKey, eventUserId, HANDLED_EVENTS, isOaEcho, zaloEventSchema } from './zalo-events.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
// Zalo's events are a few levels deep; anything far deeper is refused before it reaches the database.
const MAX_DEPTH = 32;

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

export function webhookRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().post('/zalo', async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    let parsed: unknown;
    let text: string;
    try {
      text = utf8.decode(raw);
      parsed = JSON.parse(text);
    } catch {
      return c.json({ error: 'invalid_json', message: 'The body is not valid UTF-8 JSON' }, 400);
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
    if (jsonDepth(parsed) > MAX_DEPTH) {
      return c.json({ error: 'invalid_event', message: `The event is nested deeper than ${MAX_DEPTH} levels` }, 400);
    }
    const event = zaloEventSchema.safeParse(parsed);
    if (!event.success) {
      return c.json(
        { error: 'invalid_event', message: 'Malformed event', issues: event.error.issues.slice(0, 10).map((i) => ({ field: i.path.join('.'), message: i.message })) },
        400,
      );
    }
    const e = event.data;
    const now = deps.now();
    const handled = HANDLED_EVENTS.has(e.event_name) && !isOaEcho(e);
    // The hot path of the webhook: one plain INSERT (the query builder costs more than the insert itself here).
    const inserted = rowsOf<{ id: number }>(
      await deps.db.execute(sql`
        insert into zalo_inbox (event_key, event_name, user_id, event_at, payload, state, note, received_at, next_attempt_at)
        values (${eventKey(e)}, ${e.event_name}, ${eventUserId(e)}, ${ts(new Date(Number(e.timestamp)))},
                ${text}::jsonb, ${handled ? 'pending' : 'ignored'},
                ${handled ? null : isOaEcho(e) ? 'OA echo' : 'event not handled'}, ${ts(now)}, ${ts(now)})
        on conflict (event_key) do nothing
        returning id`),
    );
    // Processing starts after the response; a crash before it leaves the row pending for the next run.
    if (inserted.length && handled) setImmediate(() => deps.kickWorkers?.());
    return c.json({ ok: true, duplicate: inserted.length === 0 });
  });
}
