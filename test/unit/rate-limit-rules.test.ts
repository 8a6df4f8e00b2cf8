import { describe, expect, it } from 'vitest';
import { blockDurationMs, failureVerdict, RATE_LIMITS, retryAfterSeconds, scaled } from '../../bot-server/src/domain/rate-limit/rate-limit-rules.js';

const now = new Date('2026-03-02T02:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

describe('rate limit rules', () => {
  it('scales limits, never below one point', () => {
    expect(scaled(RATE_LIMITS['feedback.create.citizen'], 100).points).toBe(1000);
    expect(scaled(RATE_LIMITS['feedback.create.citizen'], 0.01).points).toBe(1);
  });

  it('rounds the wait up to whole seconds, at least one', () => {
    expect(retryAfterSeconds(later(1500), now)).toBe(2);
    expect(retryAfterSeconds(later(-5), now)).toBe(1);
  });

  it('blocks after the tenth failure, doubling from a minute up to an hour', () => {
    expect(failureVerdict({ hits: 10, strikes: 0, blockedUntil: null }, now)).toEqual({ blockedUntil: null, newBlock: false, strikes: 0 });
    expect(failureVerdict({ hits: 11, strikes: 0, blockedUntil: null }, now)).toEqual({ blockedUntil: later(60_000), newBlock: true, strikes: 1 });
    expect(failureVerdict({ hits: 11, strikes: 3, blockedUntil: later(-1000) }, now).blockedUntil).toEqual(later(480_000));
    expect(blockDurationMs(10)).toBe(3600_000);
  });

  it('keeps a block in force without adding strikes, and forgets strikes a day after the last block', () => {
    expect(failureVerdict({ hits: 50, strikes: 2, blockedUntil: later(10_000) }, now)).toEqual({ blockedUntil: later(10_000), newBlock: false, strikes: 2 });
    const old = new Date(now.getTime() - 2 * 86_400_000);
    expect(failureVerdict({ hits: 11, strikes: 6, blockedUntil: old }, now)).toEqual({ blockedUntil: later(60_000), newBlock: true, strikes: 1 });
  });
});
