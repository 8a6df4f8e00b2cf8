// DTI values as the server stores them ({type, value} or {type:'ratio', numerator, denominator}), read from and
// written to the quick-update form's text fields, with the checks the server makes (domain/dti/scoring.ts).
import type { DtiStatus, DtiValueType } from '../api/types';
import type { BadgeTone } from './deadline-wording';
import { formatNumber } from './format';

/** What the form holds: text as typed, so a half-typed number survives a reload. */
export interface DtiFormInput {
  value: string;
  numerator: string;
  denominator: string;
  parts: Record<string, boolean>;
}

export const emptyInput = (): DtiFormInput => ({ value: '', numerator: '', denominator: '', parts: {} });

export const DTI_STATUS_LABELS: Record<DtiStatus, string> = {
  missing: 'Chưa nhập',
  draft: 'Bản nháp',
  submitted: 'Đã gửi, chờ duyệt',
  approved: 'Đã duyệt',
  returned: 'Bị trả lại',
};

export const DTI_STATUS_TONES: Record<DtiStatus, BadgeTone> = {
  missing: 'warning',
  draft: 'neutral',
  submitted: 'ok',
  approved: 'ok',
  returned: 'danger',
};

const isInt = (s: string) => /^\d+$/.test(s.trim()) && Number.isSafeInteger(Number(s.trim()));

/** The value to send, or the Vietnamese error per field. */
export function buildValue(
  type: DtiValueType,
  input: DtiFormInput,
  parts?: { key: string }[] | null,
): { ok: true; value: unknown } | { ok: false; errors: Record<string, string> } {
  const v = input.value.trim();
  switch (type) {
    case 'boolean':
      if (parts?.length) {
        const missing = parts.filter((p) => typeof input.parts[p.key] !== 'boolean');
        if (missing.length) return { ok: false, errors: { value: 'Vui lòng trả lời tất cả các mục.' } };
        return { ok: true, value: { type: 'parts', value: Object.fromEntries(parts.map((p) => [p.key, input.parts[p.key]])) } };
      }
      if (v !== 'true' && v !== 'false') return { ok: false, errors: { value: 'Vui lòng chọn Có hoặc Không.' } };
      return { ok: true, value: { type: 'boolean', value: v === 'true' } };
    case 'count':
    case 'amount':
      if (!isInt(v)) return { ok: false, errors: { value: 'Vui lòng nhập số nguyên không âm.' } };
      return { ok: true, value: { type, value: Number(v) } };
    case 'percentage': {
      const n = Number(v.replace(',', '.'));
      if (v === '' || !Number.isFinite(n) || n < 0 || n > 100) return { ok: false, errors: { value: 'Vui lòng nhập số từ 0 đến 100.' } };
      return { ok: true, value: { type, value: n } };
    }
    case 'ratio': {
      const errors: Record<string, string> = {};
      if (!isInt(input.numerator)) errors.numerator = 'Vui lòng nhập tử số là số nguyên không âm.';
      if (!isInt(input.denominator)) errors.denominator = 'Vui lòng nhập mẫu số là số nguyên không âm.';
      else if (Number(input.denominator) === 0) errors.denominator = 'Mẫu số phải lớn hơn 0.';
      if (!errors.numerator && !errors.denominator && Number(input.numerator) > Number(input.denominator)) {
        errors.numerator = 'Tử số không được lớn hơn mẫu số.';
      }
      if (Object.keys(errors).length) return { ok: false, errors };
      return { ok: true, value: { type, numerator: Number(input.numerator), denominator: Number(input.denominator) } };
    }
    case 'text':
      if (!v) return { ok: false, errors: { value: 'Vui lòng nhập nội dung.' } };
      if ([...v.normalize('NFC')].length > 4000) return { ok: false, errors: { value: 'Nội dung tối đa 4.000 ký tự.' } };
      return { ok: true, value: { type, value: v } };
    case 'date':
      if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`))) {
        return { ok: false, errors: { value: 'Vui lòng chọn ngày hợp lệ.' } };
      }
      return { ok: true, value: { type, value: v } };
    default:
      return { ok: false, errors: { value: 'Loại chỉ số chưa được hỗ trợ.' } };
  }
}

/** The form fields of a stored value (to edit a draft or a returned value). */
export function inputFromValue(stored: unknown): DtiFormInput {
  const input = emptyInput();
  if (!stored || typeof stored !== 'object') return input;
  const s = stored as { type?: string; value?: unknown; numerator?: number; denominator?: number };
  // The system's computed values (auto) come without a type.
  if (s.type === 'ratio' || (s.type === undefined && s.numerator !== undefined && s.denominator !== undefined)) return { ...input, numerator: String(s.numerator ?? ''), denominator: String(s.denominator ?? '') };
  if (s.type === 'parts' && s.value && typeof s.value === 'object') return { ...input, parts: { ...(s.value as Record<string, boolean>) } };
  if (s.value !== undefined && s.value !== null) return { ...input, value: String(s.value) };
  return input;
}

/** A stored value in words, for lists and the leader's review. */
export function describeValue(stored: unknown, unitOfMeasure?: string | null): string {
  if (!stored || typeof stored !== 'object') return 'Chưa có giá trị';
  const s = stored as { type?: string; value?: unknown; numerator?: number; denominator?: number };
  const unit = unitOfMeasure ? ` ${unitOfMeasure}` : '';
  switch (s.type ?? (s.numerator !== undefined && s.denominator !== undefined ? 'ratio' : undefined)) {
    case 'boolean':
      return s.value ? 'Có' : 'Không';
    case 'parts': {
      const answers = Object.entries((s.value ?? {}) as Record<string, boolean>);
      return `${answers.filter(([, yes]) => yes).length}/${answers.length} mục đạt`;
    }
    case 'ratio': {
      const pct = s.denominator ? ` (${formatNumber(((s.numerator ?? 0) / s.denominator) * 100, 1)}%)` : '';
      return `${s.numerator}/${s.denominator}${pct}`;
    }
    case 'percentage':
      return `${formatNumber(Number(s.value), 1)}%`;
    case 'count':
    case 'amount':
      return `${formatNumber(Number(s.value))}${unit}`;
    case 'date':
      return String(s.value).split('-').reverse().join('/');
    default:
      return String(s.value ?? '');
  }
}
