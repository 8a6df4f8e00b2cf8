// The rate limits (CONTRACT §14) and the back-off after failed sign-ins. Pure, unit-tested; the counters live in
// PostgreSQL (features/rate-limit) so every instance shares them.
//
// Why these numbers: a citizen files a handful of feedback a year, so 10 an hour is generous and 1,467 in 20 s (what
// an attacker managed before) is not possible. Limits per IP are much higher than per person, because Vietnamese
// mobile carriers put many subscribers behind one address (carrier-grade NAT). The Zalo webhook is never limited.

export type LimitSubject = 'user' | 'ip' | 'key';

export interface LimitRule {
  points: number;
  windowMs: number;
}

export const RATE_LIMITS = {
  'feedback.create.citizen': { points: 10, windowMs: 3600_000 },
  'feedback.create.staff': { points: 200, windowMs: 3600_000 },
  'feedback.create.ip': { points: 60, windowMs: 600_000 },
  'upload.user': { points: 60, windowMs: 3600_000 },
  'upload.ip': { points: 200, windowMs: 600_000 },
  'rating.user': { points: 20, windowMs: 3600_000 },
  'rating.ip': { points: 100, windowMs: 600_000 },
  // Counted only for well-formed requests, so a flood of junk cannot use up an address's sign-ins.
  'signin.ip': { points: 300, windowMs: 600_000 },
  'phone-link.ip': { points: 60, windowMs: 600_000 },
  'location.user': { points: 30, windowMs: 600_000 },
  // Nearby similar reports: asked again as the citizen changes the category or the text while filing.
  'similar.user': { points: 120, windowMs: 600_000 },
  'similar.ip': { points: 600, windowMs: 600_000 },
  'open311.create.key': { points: 120, windowMs: 60_000 },
  // Anonymous public results: a person browsing reads a page a few seconds; photos come several per page.
  'public.read.ip': { points: 600, windowMs: 600_000 },
  'public.photo.ip': { points: 3000, windowMs: 600_000 },
} as const satisfies Record<string, LimitRule>;

export type LimitName = keyof typeof RATE_LIMITS;

/** Failed authentications from one address: this many per window, then a block that doubles with each strike. */
export const AUTH_FAILURES = { points: 10, windowMs: 600_000, firstBlockMs: 60_000, maxBlockMs: 3600_000, forgetAfterMs: 86_400_000 };

/** A rule scaled by RATE_LIMIT_FACTOR (a deployment with heavy carrier NAT may raise it); at least 1 point. */
export function scaled(rule: LimitRule, factor: number): LimitRule {
  return { points: Math.max(1, Math.floor(rule.points * factor)), windowMs: rule.windowMs };
}

/** Seconds until the caller may try again, rounded up, at least 1. */
export function retryAfterSeconds(until: Date, now: Date): number {
  return Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
}

/** How long the next block lasts after `strikes` earlier ones (strikes older than a day are forgotten by the caller). */
export function blockDurationMs(strikes: number): number {
  return Math.min(AUTH_FAILURES.maxBlockMs, AUTH_FAILURES.firstBlockMs * 2 ** Math.min(strikes, 20));
}

export interface FailureState {
  hits: number;
  strikes: number;
  blockedUntil: Date | null;
}

/**
 * After one more failure has been counted: still blocked, newly blocked (and for how long), or just refused.
 * Strikes are forgotten a day after the last block ended.
 */
export function failureVerdict(s: FailureState, now: Date): { blockedUntil: Date | null; newBlock: boolean; strikes: number } {
  if (s.blockedUntil && s.blockedUntil > now) return { blockedUntil: s.blockedUntil, newBlock: false, strikes: s.strikes };
  const strikes = s.blockedUntil && now.getTime() - s.blockedUntil.getTime() > AUTH_FAILURES.forgetAfterMs ? 0 : s.strikes;
  if (s.hits <= AUTH_FAILURES.points) return { blockedUntil: null, newBlock: false, strikes };
  return { blockedUntil: new Date(now.getTime() + blockDurationMs(strikes)), newBlock: true, strikes: strikes + 1 };
}
