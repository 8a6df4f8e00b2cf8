import { describe, expect, it } from 'vitest';
import { decideIntake } from '../../bot-server/src/domain/feedback/intake-rules.js';

const forged = { channel: 'dvc_portal', receivedAt: new Date('2020-01-01'), externalId: 'x', unit: 'NS-CA', urgency: 'urgent' };

describe('who may set what on a new feedback', () => {
  it('gives a citizen the mini app channel and refuses every other field, each named', () => {
    const d = decideIntake({ kind: 'citizen' }, forged);
    expect(d.channel).toBe('zalo_mini_app');
    expect(d.refused.map((r) => r.field)).toEqual(['channel', 'receivedAt', 'externalId', 'unit', 'urgency']);
    // Naming the channel it arrives through is harmless.
    expect(decideIntake({ kind: 'citizen' }, { channel: 'zalo_mini_app' }).refused).toEqual([]);
  });

  it('lets an officer set urgency only; what they record arrives through "other"', () => {
    const d = decideIntake({ kind: 'staff' }, forged);
    expect(d.channel).toBe('other');
    expect(d.refused.map((r) => r.field)).toEqual(['channel', 'receivedAt', 'externalId', 'unit']);
    expect(decideIntake({ kind: 'staff' }, { urgency: 'urgent' }).refused).toEqual([]);
  });

  it('gives an integration its own channel; it may not name a record (that would read the imports of its channel)', () => {
    const d = decideIntake({ kind: 'integration', channel: 'mobile_app' }, { externalId: 'app-1', channel: 'dvc_portal', urgency: 'urgent' });
    expect(d.channel).toBe('mobile_app');
    expect(d.refused.map((r) => r.field)).toEqual(['channel', 'externalId']);
  });

  it('lets an administrator import everything', () => {
    const d = decideIntake({ kind: 'admin' }, forged);
    expect(d).toEqual({ channel: 'dvc_portal', refused: [] });
    expect(decideIntake({ kind: 'admin' }, {}).channel).toBe('other');
  });
});
