// What an officer may do with a feedback in each status, and the checks of each action's form, in plain Vietnamese.
// Which action is allowed from which status is the server's own table (feedback-state.ts, a pure module: its only
// import is a type); the required fields mirror feedback-service.ts applyAction. Pure: no React, no server calls.
import { canApply } from '../../../../bot-server/src/domain/feedback/feedback-state';
import { ACTION_DONE_VI, ACTION_LABELS_VI } from '../../../../bot-server/src/domain/feedback/feedback-vocabulary';
import type { ActionBody, FeedbackAction, FeedbackStatus } from '../../api/types';

export { canApply };

/** The actions on the officer's screen (provide_info is the citizen's), in the order of the buttons. */
export type OfficerAction = Exclude<FeedbackAction, 'provide_info'>;

const ORDER: OfficerAction[] = ['accept', 'start', 'answer', 'request_info', 'assign', 'transfer', 'reject', 'publish', 'unpublish', 'close'];

export const ACTION_LABELS: Record<OfficerAction, string> = ACTION_LABELS_VI;

/** What the confirm sheet says before a step that needs no input. */
export const ACTION_CONFIRM_TEXT: Record<OfficerAction, string> = {
  accept: 'Tiếp nhận phản ánh này để xử lý? Người dân sẽ được thông báo.',
  start: 'Bắt đầu xử lý phản ánh này?',
  assign: 'Chọn cán bộ sẽ xử lý phản ánh này.',
  request_info: 'Thời hạn xử lý tạm dừng cho đến khi người dân bổ sung thông tin.',
  transfer: 'Phản ánh sẽ chuyển sang đơn vị khác và thời hạn xử lý tính lại từ đầu.',
  answer: 'Câu trả lời sẽ được gửi cho người dân.',
  reject: 'Người dân sẽ nhận được lý do từ chối.',
  publish: 'Công khai phản ánh và câu trả lời để mọi người cùng xem?',
  unpublish: 'Thôi công khai phản ánh này?',
  close: 'Đóng phản ánh này? Sau khi đóng sẽ không xử lý tiếp được.',
};

export const ACTION_CONFIRM_LABELS: Record<OfficerAction, string> = {
  accept: 'Xác nhận tiếp nhận',
  start: 'Xác nhận bắt đầu',
  assign: 'Xác nhận phân công',
  request_info: 'Gửi yêu cầu bổ sung',
  transfer: 'Xác nhận chuyển',
  answer: 'Gửi trả lời',
  reject: 'Xác nhận từ chối',
  publish: 'Xác nhận công khai',
  unpublish: 'Xác nhận thôi công khai',
  close: 'Xác nhận đóng',
};

/** The toast once a step is done. */
export const ACTION_DONE: Record<OfficerAction, string> = ACTION_DONE_VI;

/** The buttons to show for a feedback: allowed by its status, and publish or unpublish depending on which applies. */
export function availableActions(f: { status: FeedbackStatus; published: boolean }): OfficerAction[] {
  return ORDER.filter((a) => {
    if (!canApply(a, f.status)) return false;
    if (a === 'publish') return !f.published;
    if (a === 'unpublish') return f.published;
    return true;
  });
}

/** The action form as typed. */
export interface ActionForm {
  note: string;
  answer: string;
  reason: string;
  unitCode: string;
  assigneeUserId: string;
  /** publish: the photos shown with it (none unless the officer ticks them). */
  photoIds: number[];
}

export const emptyActionForm = (): ActionForm => ({ note: '', answer: '', reason: '', unitCode: '', assigneeUserId: '', photoIds: [] });

/** The attachments that can be published: photos whose metadata the server removes (JPEG, PNG). */
export const publishablePhotos = <T extends { mimeType: string }>(attachments: T[]): T[] =>
  attachments.filter((a) => a.mimeType === 'image/jpeg' || a.mimeType === 'image/png');

export type ActionErrors = Partial<Record<keyof ActionForm, string>>;

export const NOTE_MAX = 4000;
export const ANSWER_MAX = 20000;

const tooLong = (max: number) => `Nội dung quá dài (tối đa ${max.toLocaleString('vi-VN')} ký tự).`;

/** The body to send, or a Vietnamese message per field. `currentUnit` is the unit now handling the feedback. */
export function validateAction(
  action: OfficerAction,
  form: ActionForm,
  ctx: { currentUnit?: string } = {},
): { ok: true; body: ActionBody } | { ok: false; errors: ActionErrors } {
  const errors: ActionErrors = {};
  const note = form.note.trim();
  switch (action) {
    case 'answer': {
      const answer = form.answer.trim();
      if (!answer) errors.answer = 'Vui lòng nhập nội dung trả lời';
      else if (answer.length > ANSWER_MAX) errors.answer = tooLong(ANSWER_MAX);
      return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body: { answer } };
    }
    case 'request_info':
      if (!note) errors.note = 'Vui lòng nhập nội dung cần bổ sung';
      else if (note.length > NOTE_MAX) errors.note = tooLong(NOTE_MAX);
      return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body: { note } };
    case 'reject': {
      const reason = form.reason.trim();
      if (!reason) errors.reason = 'Vui lòng nhập lý do từ chối';
      else if (reason.length > NOTE_MAX) errors.reason = tooLong(NOTE_MAX);
      return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body: { reason } };
    }
    case 'transfer': {
      const unitCode = form.unitCode.trim();
      if (!unitCode) errors.unitCode = 'Vui lòng chọn đơn vị nhận';
      else if (unitCode === ctx.currentUnit) errors.unitCode = 'Phản ánh đang ở đơn vị này. Vui lòng chọn đơn vị khác.';
      if (!note) errors.note = 'Vui lòng nhập lý do chuyển';
      else if (note.length > NOTE_MAX) errors.note = tooLong(NOTE_MAX);
      return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body: { unitCode, note } };
    }
    case 'assign': {
      const id = Number(form.assigneeUserId);
      if (!form.assigneeUserId || !Number.isInteger(id) || id <= 0) errors.assigneeUserId = 'Vui lòng chọn cán bộ được phân công';
      return Object.keys(errors).length ? { ok: false, errors } : { ok: true, body: { assigneeUserId: id } };
    }
    case 'publish':
      return { ok: true, body: form.photoIds.length ? { photoIds: form.photoIds } : {} };
    default:
      // accept, start, unpublish, close: a confirmation, no input.
      return { ok: true, body: {} };
  }
}

/** Server field names → the Vietnamese hint next to the same field (the server's own messages are English). */
export const SERVER_FIELD_HINTS: Record<string, { field: keyof ActionForm; message: string }> = {
  answer: { field: 'answer', message: 'Vui lòng nhập nội dung trả lời' },
  note: { field: 'note', message: 'Vui lòng kiểm tra lại nội dung' },
  reason: { field: 'reason', message: 'Vui lòng nhập lý do từ chối' },
  unitCode: { field: 'unitCode', message: 'Đơn vị nhận không hợp lệ. Vui lòng chọn đơn vị khác.' },
  assigneeUserId: { field: 'assigneeUserId', message: 'Người này không phải cán bộ của đơn vị xử lý. Vui lòng chọn người khác.' },
};

/** Field errors a server reply carries, in Vietnamese. */
export function serverFieldErrors(fields: { field: string; message: string }[]): ActionErrors {
  const out: ActionErrors = {};
  for (const f of fields) {
    const hint = SERVER_FIELD_HINTS[f.field.split('.')[0] ?? ''];
    if (hint) out[hint.field] = hint.message;
  }
  return out;
}

/** Timeline event types in words: the one vocabulary. */
export { eventLabel } from '../../../../bot-server/src/domain/feedback/feedback-vocabulary';
