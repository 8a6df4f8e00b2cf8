import { pino, type Logger } from 'pino';

// Paths that may carry secrets or citizens' phone numbers. Logs must never contain them.
const REDACT = [
  'token',
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'apiKey',
  'api_key',
  'authorization',
  'phone',
  'contactPhone',
  'contact_phone',
  '*.token',
  '*.accessToken',
  '*.access_token',
  '*.refresh_token',
  '*.authorization',
  '*.phone',
  '*.contactPhone',
  '*.api_key',
  'req.headers.authorization',
  'req.headers.access_token',
  'req.headers["x-zevent-signature"]',
];

/**
 * Lines are buffered (4 KB) and written asynchronously: one write per request line cost the webhook a fifth of its
 * throughput. main.ts flushes the buffer on shutdown; a hard crash can lose the last few lines.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const dest = destination ?? pino.destination({ dest: 1, sync: false, minLength: 4096 });
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      base: undefined,
      formatters: { log: scrubLogObject },
      // The message itself is scrubbed too (formatters.log sees only the object).
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubText(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    dest,
  );
}

// Redaction by field name misses data that sits in a message or under an unexpected key, so every line is also
// scrubbed by content: e-mail addresses, and runs of 9 or more digits (phone numbers, with or without spaces or
// dots; Zalo ids, 15 to 20 digits). Row ids, counts and durations stay far below that; tracking codes are kept.
const EMAIL = /[^\s@"'<>()[\]{},;:]+@[^\s@"'<>()[\]{},;:]+\.[a-z]{2,}/gi;
const LONG_DIGITS = /(?<!\d|PA-)\+?\d(?:[ .-]?\d){8,}(?!\d)/g;

export function scrubText(s: string): string {
  return s.replace(EMAIL, '[email]').replace(LONG_DIGITS, '[digits]');
}

function scrubValue(v: unknown, depth: number): unknown {
  if (typeof v === 'string') return scrubText(v);
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) >= 1e8 ? '[digits]' : v;
  if (typeof v !== 'object' || v === null || depth > 6) return v;
  if (Array.isArray(v)) return v.slice(0, 50).map((x) => scrubValue(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[scrubText(k)] = scrubValue(x, depth + 1);
  return out;
}

/** The access line (method, route, status, ms) holds nothing to scrub and is by far the most frequent: skipped. */
export function scrubLogObject(obj: Record<string, unknown>): Record<string, unknown> {
  if ('route' in obj && 'ms' in obj && 'status' in obj) return obj;
  return scrubValue(obj, 0) as Record<string, unknown>;
}

export type { Logger };
