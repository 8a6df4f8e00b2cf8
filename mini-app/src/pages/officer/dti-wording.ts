// Words of the DTI screens: periods, roles, history, and the server's refusals in plain Vietnamese. Pure.
import type { DtiKey, DtiValueType } from '../../api/types';

// The server says 'coordinating' (db/schema.ts); api/types.ts says 'coordinate': both read as "Phối hợp".
export const ROLE_LABELS: Record<string, string> = { lead: 'Chủ trì', coordinating: 'Phối hợp', coordinate: 'Phối hợp' };

/** "2026-Q1" → "Quý 1/2026", "2026" → "Năm 2026". */
export function periodLabel(code: string): string {
  const q = /^(\d{4})-Q([1-4])$/.exec(code);
  if (q) return `Quý ${q[2]}/${q[1]}`;
  if (/^\d{4}$/.test(code)) return `Năm ${code}`;
  return code;
}

const HISTORY_LABELS: Record<string, string> = {
  save: 'Lưu nháp',
  submit: 'Gửi duyệt',
  approve: 'Duyệt',
  return: 'Trả lại',
  correct_after_approval: 'Sửa sau khi duyệt',
};

export const historyLabel = (action: string) => HISTORY_LABELS[action] ?? action;

/** A hint under the main input. */
export function valueHint(type: DtiValueType, unitOfMeasure: string | null): string | undefined {
  const unit = unitOfMeasure ? `Đơn vị tính: ${unitOfMeasure}.` : undefined;
  switch (type) {
    case 'count':
      return unit ?? 'Số nguyên, không âm.';
    case 'amount':
      return unit ?? 'Số tiền (đồng), số nguyên.';
    case 'percentage':
      return 'Số từ 0 đến 100 (%).';
    default:
      return unit;
  }
}

/** A refusal of a DTI call (an ApiError, or anything thrown) in words an officer can act on. */
export function dtiErrorMessage(err: unknown): string {
  const e = err as { status?: unknown; code?: unknown; message?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : '';
  switch (code) {
    case 'period_locked':
      return 'Kỳ báo cáo đã khóa nên không sửa hoặc gửi được nữa. Vui lòng liên hệ quản trị viên để mở lại.';
    case 'under_review':
      return 'Chỉ số đã gửi và đang chờ duyệt nên chưa sửa được.';
    case 'approved':
      return 'Chỉ số đã được duyệt nên không sửa được nữa.';
    case 'invalid_value':
      return 'Giá trị chưa hợp lệ. Vui lòng kiểm tra lại.';
    case 'evidence_required':
      return 'Chỉ số này cần minh chứng. Vui lòng chụp ảnh hoặc chọn tệp trước khi gửi duyệt.';
    case 'too_many_files':
      return 'Mỗi chỉ số có tối đa 10 tệp minh chứng.';
    case 'no_value':
      return 'Vui lòng lưu giá trị trước khi gửi duyệt.';
    case 'invalid_transition':
      return 'Chỉ số không còn ở trạng thái gửi duyệt được. Vui lòng tải lại.';
    case 'not_assigned':
      return 'Chỉ số này không được giao cho đơn vị.';
    case 'unsupported_media_type':
      return 'Chỉ nhận ảnh hoặc tệp PDF.';
    case 'payload_too_large':
      return 'Tệp quá lớn (tối đa 10 MB).';
    case 'forbidden':
      return 'Bạn không có quyền nhập hoặc gửi chỉ số này.';
    default:
      break;
  }
  if (typeof e?.message === 'string' && e.message) return e.message;
  return 'Có lỗi xảy ra. Vui lòng thử lại.';
}

/** The key as one string, for storage keys and grouping. */
export const keyId = (k: DtiKey) => [k.set, k.period, k.indicator, k.unit].map(encodeURIComponent).join('/');

export const sameKey = (a: DtiKey, b: DtiKey) => keyId(a) === keyId(b);
