// DTI indicator values and scores, as pure functions over JSON data: what a reported value may look like,
// how a catalog's scoring rule turns it into points, and how units are ranked by their totals.
//
// The scoring rules are the patterns seen in Vietnamese DTI sets (shared/reference/indicator-anchors.md §6.3):
//   ratio_times_max  a/b × max (a = achieved, b = required or total); optionally full points from a target rate
//                    upward, proportional below it (the 766 index's "≥ 90 % = full, else rate × max / 90 %").
//   tiers            thresholds: "4 meetings = 20, 3 = 15, 2 = 10, 1 = 5, else 0".
//   full_half_zero   categorical with partial credit: full points, half points or nothing.
//   boolean          yes = max, no = 0.
//   additive         independent sub-conditions whose points add up ("½ max + ½ max").
// A rule is stored as JSON in the catalog (dti_indicators.scoring), so every shape here stays plain data.

/** How an indicator's value is entered. Mirrors DTI_VALUE_TYPES in db/schema.ts (a unit test keeps them equal). */
export type ValueType = 'boolean' | 'count' | 'ratio' | 'percentage' | 'amount' | 'text' | 'date';

export const VALUE_TYPES: readonly ValueType[] = ['boolean', 'count', 'ratio', 'percentage', 'amount', 'text', 'date'];

export type ScoringRule =
  /**
   * points = min(1, rate / target) × max, rate = numerator / denominator (ratio) or value / 100 (percentage).
   * target is a fraction in (0, 1]; default 1 (plain a/b × max).
   */
  | { kind: 'ratio_times_max'; target?: number }
  /**
   * points of the highest tier whose min ≤ the measured number; 0 below every tier. Points are absolute
   * (not fractions of max). The measured number is the count or amount itself, or a percentage 0–100 for
   * percentage and ratio values (a ratio 3/4 is measured as 75), so thresholds read like the documents.
   */
  | { kind: 'tiers'; tiers: { min: number; points: number }[] }
  /** measured ≥ full → max; measured ≥ half → max / 2; otherwise 0. Measured as for tiers. */
  | { kind: 'full_half_zero'; full: number; half: number }
  /** true → max, false → 0. */
  | { kind: 'boolean' }
  /**
   * Sum of the points of the parts answered yes (capped at max). The indicator's value type is 'boolean' and
   * its values are entered as { type: 'parts', value: { <key>: boolean } } with one answer per part.
   */
  | { kind: 'additive'; parts: { key: string; points: number }[] };

export type ScoringKind = ScoringRule['kind'];

export type IndicatorValue =
  | { type: 'boolean'; value: boolean }
  | { type: 'count' | 'amount'; value: number }
  | { type: 'ratio'; numerator: number; denominator: number }
  | { type: 'percentage'; value: number }
  | { type: 'text'; value: string }
  | { type: 'date'; value: string }
  | { type: 'parts'; value: Record<string, boolean> };

export interface FieldError {
  field: string;
  message: string;
}

export type ValidationResult = { ok: true; value: IndicatorValue } | { ok: false; errors: FieldError[] };

export const TEXT_MAX_CHARS = 4000;

// ——— Scoring ———

/**
 * The number that tiers and full/half/zero thresholds compare against, or null when the value has none.
 * Ratios are measured in percent so that one threshold scale serves ratio and percentage indicators.
 */
export function measure(value: IndicatorValue): number | null {
  switch (value.type) {
    case 'count':
    case 'amount':
    case 'percentage':
      return value.value;
    case 'ratio':
      return value.denominator > 0 ? (100 * value.numerator) / value.denominator : null;
    default:
      return null;
  }
}

/**
 * Points earned by one value under one rule, between 0 and maxPoints.
 * null means the value cannot be scored: no rule, no (valid) maximum, or a value the rule does not apply to
 * (validateRule reports such combinations when the catalog is edited, so they should not reach here).
 */
export function scoreIndicator(
  rule: ScoringRule | null | undefined,
  value: IndicatorValue,
  maxPoints: number | null | undefined,
): number | null {
  if (!rule || maxPoints == null || !Number.isFinite(maxPoints) || maxPoints < 0) return null;
  const clamp = (p: number) => Math.min(maxPoints, Math.max(0, p));
  switch (rule.kind) {
    case 'ratio_times_max': {
      const target = rule.target ?? 1;
      if (!(target > 0 && target <= 1)) return null;
      let rate: number;
      if (value.type === 'ratio') {
        if (!(value.denominator > 0)) return null;
        rate = value.numerator / value.denominator;
      } else if (value.type === 'percentage') {
        rate = value.value / 100;
      } else {
        return null;
      }
      return clamp(Math.min(1, rate / target) * maxPoints);
    }
    case 'tiers': {
      const m = measure(value);
      if (m === null || rule.tiers.length === 0) return null;
      let best: number | null = null;
      let bestMin = -Infinity;
      for (const t of rule.tiers) {
        if (m >= t.min && t.min >= bestMin) {
          best = t.points;
          bestMin = t.min;
        }
      }
      return clamp(best ?? 0);
    }
    case 'full_half_zero': {
      const m = measure(value);
      if (m === null) return null;
      if (m >= rule.full) return maxPoints;
      if (m >= rule.half) return maxPoints / 2;
      return 0;
    }
    case 'boolean':
      return value.type === 'boolean' ? (value.value ? maxPoints : 0) : null;
    case 'additive': {
      if (value.type !== 'parts') return null;
      let sum = 0;
      for (const p of rule.parts) if (value.value[p.key] === true) sum += p.points;
      return clamp(sum);
    }
    default:
      return null;
  }
}

/** The value types each rule can score. additive scores 'boolean' indicators answered part by part. */
export const RULE_VALUE_TYPES: Record<ScoringKind, readonly ValueType[]> = {
  ratio_times_max: ['ratio', 'percentage'],
  tiers: ['count', 'amount', 'ratio', 'percentage'],
  full_half_zero: ['count', 'amount', 'ratio', 'percentage'],
  boolean: ['boolean'],
  additive: ['boolean'],
};

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Checks a rule as stored in the catalog (JSON of unknown shape) against the indicator's value type and
 * maximum. Returns the problems found; an empty list means the rule is usable. Fields are JSON paths.
 */
export function validateRule(rule: unknown, valueType: ValueType, maxPoints: number | null | undefined): FieldError[] {
  const errors: FieldError[] = [];
  const err = (field: string, message: string) => errors.push({ field, message });
  if (!isRecord(rule) || typeof rule.kind !== 'string' || !(rule.kind in RULE_VALUE_TYPES)) {
    err('scoring.kind', `must be one of ${Object.keys(RULE_VALUE_TYPES).join(', ')}`);
    return errors;
  }
  const kind = rule.kind as ScoringKind;
  if (!RULE_VALUE_TYPES[kind].includes(valueType)) {
    err('scoring.kind', `${kind} cannot score a ${valueType} value`);
  }
  if (maxPoints != null && !(isFiniteNumber(maxPoints) && maxPoints >= 0)) err('maxPoints', 'must be a non-negative number');
  const max = isFiniteNumber(maxPoints) ? maxPoints : Infinity;
  const checkPoints = (field: string, p: unknown) => {
    if (!isFiniteNumber(p) || p < 0) err(field, 'must be a non-negative number');
    else if (p > max) err(field, 'must not exceed the maximum points');
  };
  switch (kind) {
    case 'ratio_times_max':
      if (rule.target !== undefined && !(isFiniteNumber(rule.target) && rule.target > 0 && rule.target <= 1)) {
        err('scoring.target', 'must be a fraction above 0 and at most 1');
      }
      break;
    case 'tiers': {
      if (!Array.isArray(rule.tiers) || rule.tiers.length === 0) {
        err('scoring.tiers', 'must be a non-empty list');
        break;
      }
      const mins = new Set<number>();
      rule.tiers.forEach((t: unknown, i) => {
        if (!isRecord(t)) return err(`scoring.tiers[${i}]`, 'must be an object with min and points');
        if (!isFiniteNumber(t.min)) err(`scoring.tiers[${i}].min`, 'must be a number');
        else if (mins.has(t.min)) err(`scoring.tiers[${i}].min`, 'is repeated');
        else mins.add(t.min);
        checkPoints(`scoring.tiers[${i}].points`, t.points);
      });
      break;
    }
    case 'full_half_zero':
      if (!isFiniteNumber(rule.full)) err('scoring.full', 'must be a number');
      if (!isFiniteNumber(rule.half)) err('scoring.half', 'must be a number');
      else if (isFiniteNumber(rule.full) && rule.half > rule.full) err('scoring.half', 'must not exceed full');
      break;
    case 'boolean':
      break;
    case 'additive': {
      if (!Array.isArray(rule.parts) || rule.parts.length === 0) {
        err('scoring.parts', 'must be a non-empty list');
        break;
      }
      const keys = new Set<string>();
      let sum = 0;
      rule.parts.forEach((p: unknown, i) => {
        if (!isRecord(p)) return err(`scoring.parts[${i}]`, 'must be an object with key and points');
        if (typeof p.key !== 'string' || p.key.length === 0) err(`scoring.parts[${i}].key`, 'must be a non-empty string');
        else if (keys.has(p.key)) err(`scoring.parts[${i}].key`, 'is repeated');
        else keys.add(p.key);
        checkPoints(`scoring.parts[${i}].points`, p.points);
        if (isFiniteNumber(p.points)) sum += p.points;
      });
      if (sum > max) err('scoring.parts', 'points add up to more than the maximum');
      break;
    }
  }
  return errors;
}

// ——— Value validation ———

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isValidDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  const dt = new Date(Date.UTC(2000, mo - 1, d));
  dt.setUTCFullYear(y);
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === mo - 1 && dt.getUTCDate() === d;
}

const nonNegativeInteger = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/**
 * Checks a value an API client sent for an indicator of the given type, and returns it in normal form.
 * Accepted shapes: { value } for every type except ratio, { numerator, denominator } for ratio; an optional
 * `type` field must then equal the indicator's type. A boolean indicator scored by an additive rule takes
 * { value: { <part key>: boolean, … } } with an answer for every part of the rule.
 * Text is trimmed and NFC-normalised; its length is counted in characters (code points).
 */
export function validateValue(valueType: ValueType, input: unknown, rule?: ScoringRule | null): ValidationResult {
  const errors: FieldError[] = [];
  const fail = (field: string, message: string): ValidationResult => {
    errors.push({ field, message });
    return { ok: false, errors };
  };
  if (!isRecord(input)) {
    return fail('value', valueType === 'ratio' ? 'must be an object with numerator and denominator' : 'must be an object with a value');
  }
  const parts = valueType === 'boolean' && rule?.kind === 'additive' ? rule.parts : null;
  if (input.type !== undefined && input.type !== valueType && !(parts && input.type === 'parts')) {
    return fail('type', `must be ${parts ? 'parts' : valueType}`);
  }
  const v = input.value;
  switch (valueType) {
    case 'boolean': {
      if (!parts) {
        return typeof v === 'boolean' ? { ok: true, value: { type: 'boolean', value: v } } : fail('value', 'must be true or false');
      }
      if (!isRecord(v)) return fail('value', `must be an object answering ${parts.map((p) => p.key).join(', ')}`);
      const out: Record<string, boolean> = {};
      for (const p of parts) {
        const a = v[p.key];
        if (typeof a !== 'boolean') errors.push({ field: `value.${p.key}`, message: 'must be true or false' });
        else out[p.key] = a;
      }
      for (const k of Object.keys(v)) {
        if (!parts.some((p) => p.key === k)) errors.push({ field: `value.${k}`, message: 'is not a part of this indicator' });
      }
      return errors.length ? { ok: false, errors } : { ok: true, value: { type: 'parts', value: out } };
    }
    case 'count':
      return nonNegativeInteger(v) ? { ok: true, value: { type: 'count', value: v } } : fail('value', 'must be a non-negative integer');
    case 'amount':
      return nonNegativeInteger(v)
        ? { ok: true, value: { type: 'amount', value: v } }
        : fail('value', 'must be a non-negative whole number of VND');
    case 'percentage':
      return isFiniteNumber(v) && v >= 0 && v <= 100
        ? { ok: true, value: { type: 'percentage', value: v } }
        : fail('value', 'must be a number from 0 to 100');
    case 'ratio': {
      const { numerator: n, denominator: d } = input;
      if (!nonNegativeInteger(n)) errors.push({ field: 'numerator', message: 'must be a non-negative integer' });
      if (!nonNegativeInteger(d)) errors.push({ field: 'denominator', message: 'must be a non-negative integer' });
      else if (d === 0) errors.push({ field: 'denominator', message: 'must be greater than 0' });
      if (errors.length === 0 && (n as number) > (d as number)) {
        errors.push({ field: 'numerator', message: 'must not exceed the denominator' });
      }
      return errors.length
        ? { ok: false, errors }
        : { ok: true, value: { type: 'ratio', numerator: n as number, denominator: d as number } };
    }
    case 'text': {
      if (typeof v !== 'string') return fail('value', 'must be a string');
      const s = v.normalize('NFC').trim();
      const chars = [...s].length;
      if (chars === 0) return fail('value', 'must not be empty');
      if (chars > TEXT_MAX_CHARS) return fail('value', `must be at most ${TEXT_MAX_CHARS} characters`);
      return { ok: true, value: { type: 'text', value: s } };
    }
    case 'date':
      return typeof v === 'string' && isValidDate(v)
        ? { ok: true, value: { type: 'date', value: v } }
        : fail('value', 'must be a valid date as YYYY-MM-DD');
    default:
      return fail('type', `unknown value type ${String(valueType)}`);
  }
}

// ——— Ranking ———

/** Totals closer than this are the same score (guards against floating-point noise in sums of fractions). */
const TIE_EPSILON = 1e-9;

/**
 * Competition ranking ("1224"): highest total first; equal totals share a rank and the next rank skips.
 * Units with equal totals are listed by unit code. Throws on a non-finite total or a repeated unit code.
 */
export function rankUnits(scores: { unitCode: string; total: number }[]): { unitCode: string; total: number; rank: number }[] {
  const seen = new Set<string>();
  for (const s of scores) {
    if (!Number.isFinite(s.total)) throw new RangeError(`total of ${s.unitCode} is not a finite number`);
    if (seen.has(s.unitCode)) throw new RangeError(`unit ${s.unitCode} is listed twice`);
    seen.add(s.unitCode);
  }
  const sorted = [...scores].sort((a, b) =>
    Math.abs(a.total - b.total) <= TIE_EPSILON ? (a.unitCode < b.unitCode ? -1 : a.unitCode > b.unitCode ? 1 : 0) : b.total - a.total,
  );
  const out: { unitCode: string; total: number; rank: number }[] = [];
  sorted.forEach((s, i) => {
    const prev = out[i - 1];
    const rank = prev && Math.abs(prev.total - s.total) <= TIE_EPSILON ? prev.rank : i + 1;
    out.push({ unitCode: s.unitCode, total: s.total, rank });
  });
  return out;
}
