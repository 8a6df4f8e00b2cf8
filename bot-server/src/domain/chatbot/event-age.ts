// Which webhook events are too old or too far ahead to act on. Pure, unit-tested.
//
// Zalo resends a failed delivery at +30 s, 5 min, 15 min, 30 min and 1 h (about two hours in all; an older
// article says it keeps trying for 12 hours). An event older than that is not a retry but a replay, and one dated
// in the future is a forgery or a broken clock. Either is stored (it is signed, so it is kept) but never processed.

export const MAX_EVENT_AGE_MS = 12 * 3600_000;
export const MAX_EVENT_AHEAD_MS = 5 * 60_000;

export type EventAgeVerdict = { ok: true } | { ok: false; reason: string };

const minutes = (ms: number) => Math.round(ms / 60_000);

export function eventAgeVerdict(eventAtMs: number, nowMs: number): EventAgeVerdict {
  if (!Number.isFinite(eventAtMs)) return { ok: false, reason: 'event timestamp is not a time' };
  const age = nowMs - eventAtMs;
  if (age > MAX_EVENT_AGE_MS) {
    return { ok: false, reason: `event is ${minutes(age)} minutes old, older than Zalo's retries (${minutes(MAX_EVENT_AGE_MS)} minutes)` };
  }
  if (-age > MAX_EVENT_AHEAD_MS) {
    return { ok: false, reason: `event is dated ${minutes(-age)} minutes in the future (at most ${minutes(MAX_EVENT_AHEAD_MS)} allowed)` };
  }
  return { ok: true };
}
