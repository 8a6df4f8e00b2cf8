// The only module that reads process.env. Everything else receives a typed Env.
import { z } from 'zod';
import { DEFAULT_TILE_ATTRIBUTION, DEFAULT_TILE_URL, tileOrigin } from './lib/map-tiles.js';

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const quietHours = z
  .string()
  .optional()
  .transform((v) => (v ?? '').trim())
  .refine((v) => v === '' || /^([01]?\d|2[0-3])-([01]?\d|2[0-3])$/.test(v), {
    message: 'must look like "21-7" (local start hour - end hour) or be empty',
  });

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: optionalString.refine(
    (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
    { message: 'must be a postgres:// or postgresql:// URL' },
  ),
  DATA_DIR: z.string().default('./.data'),
  ADMIN_API_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, {
    message: 'must be at least 16 characters',
  }),
  ZALO_APP_ID: optionalString,
  ZALO_APP_SECRET: optionalString,
  ZALO_OA_ID: optionalString,
  ZALO_OA_SECRET_KEY: optionalString,
  ZALO_OA_ACCESS_TOKEN: optionalString,
  ZALO_OA_REFRESH_TOKEN: optionalString,
  ZALO_OPENAPI_BASE: z.url().default('https://openapi.zalo.me'),
  ZALO_OAUTH_BASE: z.url().default('https://oauth.zaloapp.com'),
  ZALO_GRAPH_BASE: z.url().default('https://graph.zalo.me'),
  ZALO_BUSINESS_BASE: z.url().default('https://business.openapi.zalo.me'),
  SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(1000).default(60000),
  ALERT_QUIET_HOURS: quietHours,
  ALERT_DIGEST_AT: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? '07:30' : v.trim()))
    .refine((v) => v === '' || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), {
      message: 'must be HH:MM (local) or empty',
    }),
  /** The Zalo Mini App's id: alerts link to the item in the mini app (https://zalo.me/s/<id>/…). Optional. */
  MINI_APP_ID: optionalString.refine((v) => v === undefined || /^\d{1,30}$/.test(v), { message: 'must be digits' }),
  /**
   * Addresses of the reverse proxies in front of this server (comma-separated, e.g. "127.0.0.1,::1"). Only from
   * these is X-Forwarded-For believed, for the limits per IP.
   */
  TRUSTED_PROXIES: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim())
    .refine((v) => v === '' || v.split(',').every((a) => /^[0-9a-fA-F:.]+$/.test(a.trim())), {
      message: 'must be a comma-separated list of IP addresses',
    }),
  /** Multiplies every rate limit (CONTRACT §14); 0 turns them off (benchmarks only). Default 1. */
  RATE_LIMIT_FACTOR: z.coerce.number().min(0).max(1000).default(1),
  /**
   * The API address the mini app is built with (the build reads the same variable). The page this server serves
   * may then call that origin (Content-Security-Policy connect-src). Optional: without it the API is the page's origin.
   */
  VITE_API_BASE: optionalString,
  /**
   * The map's tiles (a Leaflet URL template); default OpenStreetMap's, empty turns the maps off (the forms keep the
   * address field). The page policy allows images from its origin.
   */
  MAP_TILE_URL: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? DEFAULT_TILE_URL : v.trim()))
    .refine((v) => v === '' || tileOrigin(v) !== null, {
      message: 'must be an http(s) URL template with {z}, {x} and {y} (e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png), or empty',
    }),
  /** Shown on the map as plain text; the tile provider's terms usually require it. */
  MAP_TILE_ATTRIBUTION: z
    .string()
    .optional()
    .transform((v) => (v === undefined ? DEFAULT_TILE_ATTRIBUTION : v.trim()))
    .refine((v) => v.length <= 200, { message: 'must be at most 200 characters' }),
  /** Where a map opens when there is no location yet: "lat,lng,zoom" (default: the province's centre). */
  MAP_DEFAULT_CENTER: z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim() || '22.1470,105.8348,13')
    .transform((v, ctx) => {
      const [lat, lng, zoom = 13, ...extra] = v.split(',').map((p) => Number(p.trim()));
      if (extra.length || !(Math.abs(lat!) <= 90 && Math.abs(lng!) <= 180 && Number.isInteger(zoom) && zoom >= 1 && zoom <= 19)) {
        ctx.addIssue({ code: 'custom', message: 'must be "lat,lng" or "lat,lng,zoom" (zoom 1-19)' });
        return z.NEVER;
      }
      return { lat: lat!, lng: lng!, zoom };
    }),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Parses an environment; throws EnvError with one readable line per bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new EnvError(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

export function loadEnv(): Env {
  return parseEnv(process.env);
}
