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
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined }, dest);
}

export type { Logger };
