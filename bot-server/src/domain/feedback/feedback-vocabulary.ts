// The one vocabulary of the feedback lifecycle: the words of the states, the officer's buttons, the timeline and the
// toasts. The mini app, the bot's messages and the exports all take their words from here, so a citizen, an officer
// and a report never name one step two ways. Pure data: the mini app imports it too (type-only imports).
import type { FeedbackStatus } from '../../../../db/schema.js';
import type { FeedbackAction } from './feedback-state.js';

export const STATUS_LABELS_VI: Record<FeedbackStatus, string> = {
  received: 'Chờ tiếp nhận',
  accepted: 'Đã tiếp nhận',
  in_progress: 'Đang xử lý',
  needs_info: 'Chờ bổ sung',
  answered: 'Đã xử lý',
  closed: 'Đã đóng',
  rejected: 'Đã từ chối',
};

/** The flag shown next to the state of a published item. */
export const PUBLISHED_LABEL_VI = 'Đã công khai';

/**
 * Event types that are not handling actions. Linking a duplicate writes `link_duplicate` on the duplicate and
 * `duplicate_linked` on the main item (and the `unlink_` pair when undone).
 */
export type FeedbackEventType =
  | FeedbackAction
  | 'created'
  | 'rated'
  | 'attachment_added'
  | 'imported_answer'
  | 'imported_update'
  | 'deadline_recomputed'
  | 'link_duplicate'
  | 'unlink_duplicate'
  | 'duplicate_linked'
  | 'duplicate_unlinked';

/** The button of each action, and the same words name the step in the timeline. */
export const ACTION_LABELS_VI: Record<FeedbackAction, string> = {
  accept: 'Tiếp nhận',
  start: 'Bắt đầu xử lý',
  request_info: 'Yêu cầu bổ sung',
  provide_info: 'Bổ sung thông tin',
  transfer: 'Chuyển đơn vị',
  answer: 'Trả lời',
  reject: 'Từ chối',
  close: 'Đóng',
  publish: 'Công khai',
  unpublish: 'Thôi công khai',
  assign: 'Phân công',
};

/** What the toast says once the step is done. */
export const ACTION_DONE_VI: Record<FeedbackAction | 'created' | 'rated' | 'link_duplicate' | 'unlink_duplicate', string> = {
  created: 'Đã gửi phản ánh',
  accept: 'Đã tiếp nhận',
  start: 'Đã bắt đầu xử lý',
  request_info: 'Đã gửi yêu cầu bổ sung',
  provide_info: 'Đã gửi thông tin bổ sung',
  transfer: 'Đã chuyển đơn vị',
  answer: 'Đã gửi trả lời',
  reject: 'Đã từ chối',
  close: 'Đã đóng',
  publish: 'Đã công khai',
  unpublish: 'Đã thôi công khai',
  assign: 'Đã phân công',
  rated: 'Đã gửi đánh giá',
  link_duplicate: 'Đã gộp',
  unlink_duplicate: 'Đã bỏ gộp',
};

/** Each timeline entry's title. */
export const EVENT_LABELS_VI: Record<FeedbackEventType, string> = {
  ...ACTION_LABELS_VI,
  created: 'Gửi phản ánh',
  rated: 'Đánh giá',
  attachment_added: 'Thêm ảnh, tệp',
  imported_answer: 'Trả lời (từ hệ thống khác)',
  imported_update: 'Cập nhật từ hệ thống khác',
  deadline_recomputed: 'Tính lại hạn xử lý',
  link_duplicate: 'Gộp vào phản ánh chính',
  unlink_duplicate: 'Bỏ gộp',
  duplicate_linked: 'Gộp phản ánh trùng vào đây',
  duplicate_unlinked: 'Bỏ gộp một phản ánh trùng',
};

export const statusLabel = (s: FeedbackStatus): string => STATUS_LABELS_VI[s];

/** An unknown event type (a newer server) still reads as something. */
export const eventLabel = (type: string): string => (EVENT_LABELS_VI as Record<string, string>)[type] ?? 'Cập nhật';

/**
 * Who did a step, as people may read it: a person's name, or the kind of system for steps no person did. The token
 * or integration name a system actor signs with is an operator's detail, never shown (it reads like "admin-token").
 */
export function actorDisplayName(e: { actorLabel: string; actorUserId?: number | null }): string {
  if (e.actorUserId != null) return e.actorLabel;
  const label = e.actorLabel;
  if (label === 'admin-token') return 'Quản trị viên';
  if (label.startsWith('integration:')) return 'Hệ thống tích hợp';
  if (label === 'anonymous') return 'Người phản ánh';
  return 'Hệ thống';
}

/** Old words that must not come back (tests grep the sources for them). */
export const RETIRED_WORDS = ['Đã thụ lý', 'Thụ lý', 'thụ lý', 'Chờ bổ sung thông tin', 'Đã trả lời'] as const;
