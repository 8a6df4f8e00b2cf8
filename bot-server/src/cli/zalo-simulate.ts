// Chat with the bot locally: sends one webhook event to a running server, signed exactly as Zalo signs it
// (CONTRACT §3), then shows the bot's replies from the admin outbox (local mode records them instead of sending).
//
//   npm run zalo:simulate -- "<text>" --user <id> [--url http://localhost:3000] [--image <url>] [--location <lat>,<lng>] [--follow]
//
// Reads ZALO_APP_ID, ZALO_OA_SECRET_KEY (required, the server's values), ZALO_OA_ID, ADMIN_API_TOKEN and PORT.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { EnvError, parseEnv, type Env } from '../env.js';
import { zaloMac } from '../features/zalo/webhook-signature.js';

const USAGE = `Usage: npm run zalo:simulate -- "<text>" --user <id> [options]

Sends one event to POST <url>/webhooks/zalo as Zalo would, then prints the bot's replies.

Options:
  --user <id>             the citizen's Zalo id (digits), required
  --url <url>             the server (default http://localhost:$PORT, PORT default 3000)
  --image <url>           send a photo (user_send_image); the text, if any, is its caption. The server
                          downloads only from Zalo's media hosts; other URLs are kept as links
  --location <lat>,<lng>  send a location (user_send_location), e.g. 21.0285,105.8542
  --follow                send a follow event (the citizen follows the OA)
  -h, --help              this help

Environment: ZALO_APP_ID and ZALO_OA_SECRET_KEY (the same values as the server's), ZALO_OA_ID (optional),
ADMIN_API_TOKEN (optional: to show the replies from GET /api/v1/admin/outbox).`;

/** Used as the OA's id when ZALO_OA_ID is not set; the server does not check it. */
const PLACEHOLDER_OA_ID = '1000000000000000001';
const ZALO_ID_RE = /^\d{1,25}$/;
const REQUEST_TIMEOUT_MS = 10_000;
const REPLY_WAIT_MS = 5_000;
const POLL_EVERY_MS = 250;

class CliError extends Error {}

type Payload = Record<string, unknown>;

interface Options {
  text: string;
  user: string;
  url: string;
  image: string | undefined;
  location: { lat: number; lng: number } | undefined;
  follow: boolean;
}

interface OutboxItem {
  id: number;
  text: string;
  state: string;
  purpose: string;
  createdAt: string | null;
}

function parseCli(argv: string[], env: Env): Options | null {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        user: { type: 'string' },
        url: { type: 'string' },
        image: { type: 'string' },
        location: { type: 'string' },
        follow: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  const text = positionals.join(' ').trim();
  const user = values.user?.trim();
  if (!user) throw new CliError(`Missing --user <id> (the citizen's Zalo id, digits).\n\n${USAGE}`);
  if (!ZALO_ID_RE.test(user)) throw new CliError(`--user must be a Zalo id: 1 to 25 digits, got "${user}".`);

  const url = (values.url ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    throw new CliError(`--url is not a URL: "${url}".`);
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') throw new CliError(`--url must be http:// or https://, got "${url}".`);

  let location: Options['location'];
  if (values.location !== undefined) {
    const m = values.location.trim().match(/^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/);
    const lat = m ? Number(m[1]) : NaN;
    const lng = m ? Number(m[2]) : NaN;
    if (!m || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
      throw new CliError(`--location must be <lat>,<lng> in degrees, e.g. 21.0285,105.8542; got "${values.location}".`);
    }
    location = { lat, lng };
  }
  const image = values.image?.trim();
  if (image !== undefined && !/^https?:\/\/\S+$/.test(image)) throw new CliError(`--image must be an http(s) URL, got "${values.image}".`);

  const kinds = [values.follow, image !== undefined, location !== undefined].filter(Boolean).length;
  if (kinds > 1) throw new CliError('Use only one of --image, --location and --follow per event.');
  if (values.follow && text) throw new CliError('--follow sends no text; drop the text or the --follow.');
  if (kinds === 0 && !text) throw new CliError(`Nothing to send: give a text, or --image, --location or --follow.\n\n${USAGE}`);
  return { text, user, url, image, location, follow: values.follow };
}

/** One event in the shape Zalo delivers it. Ids are strings; the timestamp is epoch ms as a string. */
function buildEvent(o: Options, appId: string, oaId: string): Payload {
  const timestamp = String(Date.now());
  const base = { app_id: appId, timestamp };
  if (o.follow) {
    return { ...base, event_name: 'follow', oa_id: oaId, follower: { id: o.user }, source: 'oa_profile' };
  }
  const msgId = randomBytes(16).toString('hex');
  const people = { sender: { id: o.user }, recipient: { id: oaId } };
  const caption = o.text ? { text: o.text } : {};
  if (o.image) {
    return {
      ...base,
      event_name: 'user_send_image',
      ...people,
      message: { msg_id: msgId, ...caption, attachments: [{ type: 'image', payload: { url: o.image, thumbnail: o.image } }] },
    };
  }
  if (o.location) {
    const coordinates = { latitude: String(o.location.lat), longitude: String(o.location.lng) };
    return {
      ...base,
      event_name: 'user_send_location',
      ...people,
      message: { msg_id: msgId, ...caption, attachments: [{ type: 'location', payload: { coordinates } }] },
    };
  }
  return { ...base, event_name: 'user_send_text', ...people, message: { msg_id: msgId, text: o.text } };
}

/** fetch with a timeout, turning network failures into a readable message. */
async function request(url: string, init: RequestInit, serverUrl: string): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const why =
      e.name === 'TimeoutError'
        ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`
        : (e.cause?.code ?? e.cause?.message ?? e.message);
    throw new CliError(
      `Cannot reach the server at ${serverUrl} (${why}).\n` +
        'Is it running? Start it with the same keys, e.g.:\n' +
        '  ZALO_APP_ID=… ZALO_OA_SECRET_KEY=… ADMIN_API_TOKEN=… npm start\n' +
        'or point --url at it.',
    );
  }
}

type OutboxRead = { ok: true; items: OutboxItem[] } | { ok: false; status: number; message: string };

async function readOutbox(o: Options, token: string): Promise<OutboxRead> {
  const res = await request(
    `${o.url}/api/v1/admin/outbox?user=${encodeURIComponent(o.user)}&limit=200`,
    { headers: { authorization: `Bearer ${token}` } },
    o.url,
  );
  const body = await res.text();
  if (!res.ok) return { ok: false, status: res.status, message: body.slice(0, 300) };
  const items = (JSON.parse(body) as { items?: OutboxItem[] }).items ?? [];
  return { ok: true, items };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function printReplies(items: OutboxItem[]): void {
  console.log(`Bot replies (${items.length}):`);
  for (const m of items) {
    const [first = '', ...rest] = m.text.split('\n');
    console.log(`  [${m.state}] ${first}`);
    for (const line of rest) console.log(`          ${line}`);
  }
}

async function main(): Promise<number> {
  let env: Env;
  try {
    env = parseEnv(process.env);
  } catch (err) {
    if (err instanceof EnvError) throw new CliError(err.message);
    throw err;
  }
  const o = parseCli(process.argv.slice(2), env);
  if (!o) {
    console.log(USAGE);
    return 0;
  }
  const appId = env.ZALO_APP_ID;
  const secret = env.ZALO_OA_SECRET_KEY;
  if (!appId || !secret) {
    const missing = [!appId && 'ZALO_APP_ID', !secret && 'ZALO_OA_SECRET_KEY'].filter(Boolean);
    throw new CliError(
      `${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set. ZALO_APP_ID and ZALO_OA_SECRET_KEY must be the server's values ` +
        '(any values work locally, as long as both sides use the same), e.g.:\n' +
        `  ZALO_APP_ID=123 ZALO_OA_SECRET_KEY=local-secret npm run zalo:simulate -- "xin chào" --user ${o.user}`,
    );
  }
  const token = env.ADMIN_API_TOKEN;

  // Replies are the outbox rows for this user that appear after the event: remember what is there now.
  let lastId: number | null = null;
  let exitCode = 0;
  if (token) {
    const before = await readOutbox(o, token);
    if (before.ok) lastId = before.items.reduce((max, m) => Math.max(max, m.id), 0);
    else {
      console.error(
        `Cannot read the bot's replies: GET /api/v1/admin/outbox answered ${before.status}` +
          (before.status === 401 || before.status === 403 ? ' (ADMIN_API_TOKEN is not the server\'s admin token)' : '') +
          `: ${before.message}`,
      );
      exitCode = 1;
    }
  }

  const event = buildEvent(o, appId, env.ZALO_OA_ID ?? PLACEHOLDER_OA_ID);
  const raw = Buffer.from(JSON.stringify(event), 'utf8');
  const signature = zaloMac(appId, raw, String(event.timestamp), secret);
  const res = await request(
    `${o.url}/webhooks/zalo`,
    { method: 'POST', headers: { 'content-type': 'application/json', 'x-zevent-signature': signature }, body: raw },
    o.url,
  );
  const answer = (await res.text()).slice(0, 500);
  console.log(`POST ${o.url}/webhooks/zalo (${String(event.event_name)}, user ${o.user}) → HTTP ${res.status} ${answer}`);
  if (res.status !== 200) {
    if (res.status === 401) {
      console.error('The server refused the signature: ZALO_APP_ID and ZALO_OA_SECRET_KEY must be the same as the server\'s.');
    }
    return 1;
  }

  if (!token) {
    console.log('Set ADMIN_API_TOKEN (the server\'s) to see the bot\'s replies here; they are listed at GET /api/v1/admin/outbox.');
    return exitCode;
  }
  if (lastId === null) return exitCode;
  const after = lastId;

  // The processor stores all replies to one event in one transaction; wait until they appear and are dispatched.
  const deadline = Date.now() + REPLY_WAIT_MS;
  let fresh: OutboxItem[] = [];
  for (;;) {
    await sleep(POLL_EVERY_MS);
    const now = await readOutbox(o, token);
    if (!now.ok) {
      console.error(`Cannot read the bot's replies: GET /api/v1/admin/outbox answered ${now.status}: ${now.message}`);
      return 1;
    }
    fresh = now.items.filter((m) => m.id > after).sort((a, b) => a.id - b.id);
    const settled = fresh.length > 0 && fresh.every((m) => m.state !== 'pending' && m.state !== 'sending');
    if (settled || Date.now() >= deadline) break;
  }
  if (fresh.length) printReplies(fresh);
  else console.log(`No reply within ${REPLY_WAIT_MS / 1000} s (the server may still be working, or this event needs no reply).`);
  return exitCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof CliError ? err.message : err);
    process.exitCode = 1;
  },
);
