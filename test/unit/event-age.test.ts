import { describe, expect, it } from 'vitest';
import { eventAgeVerdict } from '../../bot-server/src/domain/chatbot/event-age.js';

const now = Date.UTC(2026, 2, 2, 2);

describe('webhook event age', () => {
  it("acts on events within Zalo's retries (12 h back, 5 min ahead)", () => {
    for (const at of [now, now - 3600_000, now - 12 * 3600_000, now + 60_000, now + 5 * 60_000]) expect(eventAgeVerdict(at, now).ok).toBe(true);
  });
  it('refuses older and future events with a reason', () => {
    expect(eventAgeVerdict(Date.UTC(2020, 0, 1), now)).toMatchObject({ ok: false, reason: expect.stringMatching(/older than Zalo's retries/) });
    expect(eventAgeVerdict(now + 6 * 60_000, now)).toMatchObject({ ok: false, reason: expect.stringMatching(/6 minutes in the future/) });
    expect(eventAgeVerdict(Number.NaN, now).ok).toBe(false);
  });
});
