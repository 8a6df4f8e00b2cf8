import { describe, expect, it } from 'vitest';
import { DTI_VALUE_TYPES } from '../../db/schema.js';
import {
  type IndicatorValue,
  measure,
  rankUnits,
  type ScoringRule,
  scoreIndicator,
  validateRule,
  validateValue,
  VALUE_TYPES,
} from '../../bot-server/src/domain/dti/scoring.js';

const ratio = (numerator: number, denominator: number): IndicatorValue => ({ type: 'ratio', numerator, denominator });
const count = (value: number): IndicatorValue => ({ type: 'count', value });
const pct = (value: number): IndicatorValue => ({ type: 'percentage', value });
const yes: IndicatorValue = { type: 'boolean', value: true };
const no: IndicatorValue = { type: 'boolean', value: false };

describe('value types', () => {
  it('are the ones the database stores', () => {
    expect([...VALUE_TYPES]).toEqual([...DTI_VALUE_TYPES]);
  });
});

describe('scoreIndicator', () => {
  it('cannot score without a rule or without a maximum', () => {
    expect(scoreIndicator(undefined, yes, 10)).toBeNull();
    expect(scoreIndicator(null, yes, 10)).toBeNull();
    expect(scoreIndicator({ kind: 'boolean' }, yes, null)).toBeNull();
    expect(scoreIndicator({ kind: 'boolean' }, yes, undefined)).toBeNull();
    expect(scoreIndicator({ kind: 'boolean' }, yes, Number.NaN)).toBeNull();
    expect(scoreIndicator({ kind: 'boolean' }, yes, -1)).toBeNull();
  });

  describe('ratio_times_max', () => {
    const rule: ScoringRule = { kind: 'ratio_times_max' };

    it('gives a/b × max', () => {
      // Topic directives signed by the chairman: a = 3 signed, b = 4 required by the province, max 20.
      // 3 / 4 × 20 = 15.
      expect(scoreIndicator(rule, ratio(3, 4), 20)).toBe(15);
      // Adults with a smartphone 51,068 of 146,233 (Bù Đăng 2023), max 10: 0.349222… × 10 = 3.49222…
      expect(scoreIndicator(rule, ratio(51_068, 146_233), 10)).toBeCloseTo(3.4922, 4);
      // None achieved: 0 / 5 × 10 = 0; all achieved: 5 / 5 × 10 = 10.
      expect(scoreIndicator(rule, ratio(0, 5), 10)).toBe(0);
      expect(scoreIndicator(rule, ratio(5, 5), 10)).toBe(10);
    });

    it('reads a percentage as a rate', () => {
      // 47.22 % of households on fibre, max 10: 0.4722 × 10 = 4.722.
      expect(scoreIndicator(rule, pct(47.22), 10)).toBeCloseTo(4.722, 10);
    });

    it('gives full points from the target rate upward, proportional below it', () => {
      // The 766 pattern: ≥ 90 % earns the maximum, below that rate × max / 90 %.
      const target: ScoringRule = { kind: 'ratio_times_max', target: 0.9 };
      // 95 / 100 ≥ 0.9 → 8 points (capped, not 8.44).
      expect(scoreIndicator(target, ratio(95, 100), 8)).toBe(8);
      // 45 / 100 = 0.45; 0.45 / 0.9 × 8 = 4.
      expect(scoreIndicator(target, ratio(45, 100), 8)).toBeCloseTo(4, 10);
      // A target outside (0, 1] cannot score.
      expect(scoreIndicator({ kind: 'ratio_times_max', target: 0 }, ratio(1, 2), 8)).toBeNull();
    });

    it('does not score values without a rate', () => {
      expect(scoreIndicator(rule, count(3), 10)).toBeNull();
      expect(scoreIndicator(rule, yes, 10)).toBeNull();
      expect(scoreIndicator(rule, ratio(0, 0), 10)).toBeNull();
    });
  });

  describe('tiers', () => {
    // Steering-committee meetings in the year, max 20: 4 meetings = 20, 3 = 15, 2 = 10, 1 = 5, else 0.
    const meetings: ScoringRule = {
      kind: 'tiers',
      tiers: [
        { min: 1, points: 5 },
        { min: 4, points: 20 },
        { min: 2, points: 10 },
        { min: 3, points: 15 },
      ],
    };

    it('takes the highest tier reached, whatever the order of the list', () => {
      expect(scoreIndicator(meetings, count(0), 20)).toBe(0); // below every tier
      expect(scoreIndicator(meetings, count(1), 20)).toBe(5);
      expect(scoreIndicator(meetings, count(3), 20)).toBe(15);
      expect(scoreIndicator(meetings, count(4), 20)).toBe(20);
      expect(scoreIndicator(meetings, count(9), 20)).toBe(20); // more than 4 is still the top tier
    });

    it('measures ratios and percentages in percent', () => {
      // "at least 80 % = 10, at least 50 % = 5": 41 / 50 = 82 % → 10; 30 / 50 = 60 % → 5; 45 % → 0.
      const rule: ScoringRule = {
        kind: 'tiers',
        tiers: [
          { min: 80, points: 10 },
          { min: 50, points: 5 },
        ],
      };
      expect(measure(ratio(41, 50))).toBeCloseTo(82, 10);
      expect(scoreIndicator(rule, ratio(41, 50), 10)).toBe(10);
      expect(scoreIndicator(rule, ratio(30, 50), 10)).toBe(5);
      expect(scoreIndicator(rule, pct(45), 10)).toBe(0);
    });

    it('never gives more than the maximum and cannot score a yes/no or text', () => {
      expect(scoreIndicator({ kind: 'tiers', tiers: [{ min: 0, points: 50 }] }, count(1), 20)).toBe(20);
      expect(scoreIndicator(meetings, yes, 20)).toBeNull();
      expect(scoreIndicator(meetings, { type: 'text', value: 'x' }, 20)).toBeNull();
    });
  });

  describe('full_half_zero', () => {
    // "At least 20 articles a year = full, at least 10 = half, else 0", max 10.
    const rule: ScoringRule = { kind: 'full_half_zero', full: 20, half: 10 };

    it('gives the maximum, half of it, or nothing', () => {
      expect(scoreIndicator(rule, count(24), 10)).toBe(10); // 24 ≥ 20 → 10
      expect(scoreIndicator(rule, count(20), 10)).toBe(10); // the threshold itself counts
      expect(scoreIndicator(rule, count(12), 10)).toBe(5); // 10 ≤ 12 < 20 → 10 / 2 = 5
      expect(scoreIndicator(rule, count(9), 10)).toBe(0);
    });

    it('encodes a categorical answer as a level', () => {
      // Head of the steering committee: chairman (level 2) = max, deputy (level 1) = ½ max, none (0) = 0; max 10.
      const head: ScoringRule = { kind: 'full_half_zero', full: 2, half: 1 };
      expect(scoreIndicator(head, count(2), 10)).toBe(10);
      expect(scoreIndicator(head, count(1), 10)).toBe(5);
      expect(scoreIndicator(head, count(0), 10)).toBe(0);
    });
  });

  describe('boolean', () => {
    it('gives the maximum for yes and 0 for no', () => {
      // Five-year DT plan adopted, max 5: yes → 5, no → 0.
      expect(scoreIndicator({ kind: 'boolean' }, yes, 5)).toBe(5);
      expect(scoreIndicator({ kind: 'boolean' }, no, 5)).toBe(0);
      expect(scoreIndicator({ kind: 'boolean' }, count(1), 5)).toBeNull();
    });
  });

  describe('additive', () => {
    // Chairman leads DT work, max 10: attends all provincial DT sessions = 5, chairs district DT meetings = 5.
    const rule: ScoringRule = {
      kind: 'additive',
      parts: [
        { key: 'attends', points: 5 },
        { key: 'chairs', points: 5 },
      ],
    };
    const parts = (attends: boolean, chairs: boolean): IndicatorValue => ({ type: 'parts', value: { attends, chairs } });

    it('adds the points of the parts answered yes', () => {
      expect(scoreIndicator(rule, parts(true, true), 10)).toBe(10); // 5 + 5
      expect(scoreIndicator(rule, parts(true, false), 10)).toBe(5); // 5 + 0
      expect(scoreIndicator(rule, parts(false, false), 10)).toBe(0);
    });

    it('caps the sum at the maximum and needs part answers', () => {
      // Parts worth 6 + 6 under a maximum of 10: 12 → 10.
      const over: ScoringRule = {
        kind: 'additive',
        parts: [
          { key: 'attends', points: 6 },
          { key: 'chairs', points: 6 },
        ],
      };
      expect(scoreIndicator(over, parts(true, true), 10)).toBe(10);
      expect(scoreIndicator(rule, yes, 10)).toBeNull();
    });
  });
});

describe('validateRule', () => {
  it('accepts well-formed rules for matching value types', () => {
    expect(validateRule({ kind: 'ratio_times_max' }, 'ratio', 10)).toEqual([]);
    expect(validateRule({ kind: 'ratio_times_max', target: 0.9 }, 'percentage', 10)).toEqual([]);
    expect(validateRule({ kind: 'tiers', tiers: [{ min: 1, points: 5 }] }, 'count', 5)).toEqual([]);
    expect(validateRule({ kind: 'full_half_zero', full: 20, half: 10 }, 'count', null)).toEqual([]);
    expect(validateRule({ kind: 'boolean' }, 'boolean', 5)).toEqual([]);
    expect(validateRule({ kind: 'additive', parts: [{ key: 'a', points: 5 }] }, 'boolean', 10)).toEqual([]);
  });

  it('reports mismatches and malformed rules', () => {
    expect(validateRule({ kind: 'ratio_times_max' }, 'count', 10)).toEqual([
      { field: 'scoring.kind', message: 'ratio_times_max cannot score a count value' },
    ]);
    expect(validateRule({ kind: 'magic' }, 'count', 10)[0]?.field).toBe('scoring.kind');
    expect(validateRule(null, 'count', 10)[0]?.field).toBe('scoring.kind');
    expect(validateRule({ kind: 'ratio_times_max', target: 1.5 }, 'ratio', 10)).toEqual([
      { field: 'scoring.target', message: 'must be a fraction above 0 and at most 1' },
    ]);
    expect(validateRule({ kind: 'tiers', tiers: [] }, 'count', 10)).toEqual([{ field: 'scoring.tiers', message: 'must be a non-empty list' }]);
    expect(
      validateRule(
        {
          kind: 'tiers',
          tiers: [
            { min: 1, points: 5 },
            { min: 1, points: 30 },
          ],
        },
        'count',
        20,
      ),
    ).toEqual([
      { field: 'scoring.tiers[1].min', message: 'is repeated' },
      { field: 'scoring.tiers[1].points', message: 'must not exceed the maximum points' },
    ]);
    expect(validateRule({ kind: 'full_half_zero', full: 5, half: 10 }, 'count', 10)).toEqual([
      { field: 'scoring.half', message: 'must not exceed full' },
    ]);
    expect(
      validateRule(
        {
          kind: 'additive',
          parts: [
            { key: 'a', points: 6 },
            { key: 'a', points: 6 },
          ],
        },
        'boolean',
        10,
      ),
    ).toEqual([
      { field: 'scoring.parts[1].key', message: 'is repeated' },
      { field: 'scoring.parts', message: 'points add up to more than the maximum' },
    ]);
  });
});

describe('validateValue', () => {
  const errorsOf = (r: ReturnType<typeof validateValue>) => (r.ok ? [] : r.errors);

  it('accepts each type in its normal form', () => {
    expect(validateValue('boolean', { value: true })).toEqual({ ok: true, value: { type: 'boolean', value: true } });
    expect(validateValue('count', { type: 'count', value: 0 })).toEqual({ ok: true, value: { type: 'count', value: 0 } });
    expect(validateValue('amount', { value: 150_000_000 })).toEqual({ ok: true, value: { type: 'amount', value: 150_000_000 } });
    expect(validateValue('percentage', { value: 47.22 })).toEqual({ ok: true, value: { type: 'percentage', value: 47.22 } });
    expect(validateValue('ratio', { numerator: 0, denominator: 3 })).toEqual({
      ok: true,
      value: { type: 'ratio', numerator: 0, denominator: 3 },
    });
    expect(validateValue('ratio', { numerator: 3, denominator: 3 }).ok).toBe(true);
    expect(validateValue('date', { value: '2024-02-29' })).toEqual({ ok: true, value: { type: 'date', value: '2024-02-29' } });
    // Text is trimmed and NFC-normalised ("Sơn" typed with a combining horn becomes one character).
    expect(validateValue('text', { value: '  So\u031Bn  ' })).toEqual({ ok: true, value: { type: 'text', value: 'Sơn' } });
  });

  it('refuses a body that is not an object, or of another type', () => {
    expect(errorsOf(validateValue('count', 5))).toEqual([{ field: 'value', message: 'must be an object with a value' }]);
    expect(errorsOf(validateValue('ratio', [1, 2]))).toEqual([{ field: 'value', message: 'must be an object with numerator and denominator' }]);
    expect(errorsOf(validateValue('count', { type: 'amount', value: 5 }))).toEqual([{ field: 'type', message: 'must be count' }]);
  });

  it('boolean: only true or false', () => {
    for (const v of ['true', 1, null, undefined]) {
      expect(errorsOf(validateValue('boolean', { value: v }))).toEqual([{ field: 'value', message: 'must be true or false' }]);
    }
  });

  it('count: a non-negative integer', () => {
    for (const v of [-1, 1.5, '3', Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) {
      expect(errorsOf(validateValue('count', { value: v }))).toEqual([{ field: 'value', message: 'must be a non-negative integer' }]);
    }
  });

  it('amount: a non-negative whole number of VND', () => {
    for (const v of [-1000, 1000.5, '1000']) {
      expect(errorsOf(validateValue('amount', { value: v }))).toEqual([
        { field: 'value', message: 'must be a non-negative whole number of VND' },
      ]);
    }
  });

  it('percentage: a number from 0 to 100', () => {
    expect(validateValue('percentage', { value: 0 }).ok).toBe(true);
    expect(validateValue('percentage', { value: 100 }).ok).toBe(true);
    for (const v of [-0.1, 100.01, '50', Number.NaN]) {
      expect(errorsOf(validateValue('percentage', { value: v }))).toEqual([{ field: 'value', message: 'must be a number from 0 to 100' }]);
    }
  });

  it('ratio: non-negative integers, denominator above 0, numerator not above it', () => {
    expect(errorsOf(validateValue('ratio', { numerator: 5, denominator: 4 }))).toEqual([
      { field: 'numerator', message: 'must not exceed the denominator' },
    ]);
    expect(errorsOf(validateValue('ratio', { numerator: 0, denominator: 0 }))).toEqual([
      { field: 'denominator', message: 'must be greater than 0' },
    ]);
    expect(errorsOf(validateValue('ratio', { numerator: -1, denominator: 2.5 }))).toEqual([
      { field: 'numerator', message: 'must be a non-negative integer' },
      { field: 'denominator', message: 'must be a non-negative integer' },
    ]);
    expect(errorsOf(validateValue('ratio', {}))).toHaveLength(2);
  });

  it('date: a real calendar date as YYYY-MM-DD', () => {
    for (const v of ['2023-02-29', '2024-13-01', '2024-04-31', '2024-4-1', '01/04/2024', '2024-04-01T00:00:00Z', 20240401]) {
      expect(errorsOf(validateValue('date', { value: v }))).toEqual([{ field: 'value', message: 'must be a valid date as YYYY-MM-DD' }]);
    }
  });

  it('text: 1 to 4000 characters', () => {
    expect(errorsOf(validateValue('text', { value: '   ' }))).toEqual([{ field: 'value', message: 'must not be empty' }]);
    expect(errorsOf(validateValue('text', { value: 42 }))).toEqual([{ field: 'value', message: 'must be a string' }]);
    // 4000 Vietnamese characters are fine; 4001 are not.
    expect(validateValue('text', { value: 'ệ'.repeat(4000) }).ok).toBe(true);
    expect(errorsOf(validateValue('text', { value: 'ệ'.repeat(4001) }))).toEqual([
      { field: 'value', message: 'must be at most 4000 characters' },
    ]);
  });

  it('additive parts: an answer for every part and no others', () => {
    const rule: ScoringRule = {
      kind: 'additive',
      parts: [
        { key: 'participates', points: 5 },
        { key: 'on_portal', points: 5 },
      ],
    };
    expect(validateValue('boolean', { type: 'parts', value: { participates: true, on_portal: false } }, rule)).toEqual({
      ok: true,
      value: { type: 'parts', value: { participates: true, on_portal: false } },
    });
    expect(errorsOf(validateValue('boolean', { value: { participates: 'yes', extra: true } }, rule))).toEqual([
      { field: 'value.participates', message: 'must be true or false' },
      { field: 'value.on_portal', message: 'must be true or false' },
      { field: 'value.extra', message: 'is not a part of this indicator' },
    ]);
    expect(errorsOf(validateValue('boolean', { value: true }, rule))).toEqual([
      { field: 'value', message: 'must be an object answering participates, on_portal' },
    ]);
  });
});

describe('rankUnits', () => {
  it('ranks highest first; ties share a rank and the next rank skips', () => {
    const ranked = rankUnits([
      { unitCode: 'NS-XA-MYSON', total: 380.5 },
      { unitCode: 'NS-XA-LAMSON', total: 458.73 },
      { unitCode: 'NS-XA-QUANGSON', total: 412 },
      { unitCode: 'NS-XA-HOASON', total: 412 },
      { unitCode: 'NS-XA-MANOI', total: 0 },
    ]);
    // 458.73 → 1; 412 and 412 → both 2 (listed by code); 380.5 → 4 (3 is skipped); 0 → 5.
    expect(ranked).toEqual([
      { unitCode: 'NS-XA-LAMSON', total: 458.73, rank: 1 },
      { unitCode: 'NS-XA-HOASON', total: 412, rank: 2 },
      { unitCode: 'NS-XA-QUANGSON', total: 412, rank: 2 },
      { unitCode: 'NS-XA-MYSON', total: 380.5, rank: 4 },
      { unitCode: 'NS-XA-MANOI', total: 0, rank: 5 },
    ]);
  });

  it('treats totals that differ only by floating-point noise as equal', () => {
    // 0.1 + 0.2 = 0.30000000000000004 in binary floating point.
    const ranked = rankUnits([
      { unitCode: 'B', total: 0.1 + 0.2 },
      { unitCode: 'A', total: 0.3 },
      { unitCode: 'C', total: 0.2 },
    ]);
    expect(ranked.map((r) => [r.unitCode, r.rank])).toEqual([
      ['A', 1],
      ['B', 1],
      ['C', 3],
    ]);
  });

  it('handles an empty list, a tie for everything, and refuses bad input', () => {
    expect(rankUnits([])).toEqual([]);
    expect(
      rankUnits([
        { unitCode: 'X', total: 10 },
        { unitCode: 'Y', total: 10 },
        { unitCode: 'Z', total: 10 },
      ]).map((r) => r.rank),
    ).toEqual([1, 1, 1]);
    expect(() => rankUnits([{ unitCode: 'X', total: Number.NaN }])).toThrow(RangeError);
    expect(() =>
      rankUnits([
        { unitCode: 'X', total: 1 },
        { unitCode: 'X', total: 2 },
      ]),
    ).toThrow(RangeError);
  });
});
