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

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: undefined }, destination);
}

export type { Logger };
