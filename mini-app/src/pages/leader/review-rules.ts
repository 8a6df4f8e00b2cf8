// Checks and small helpers of the leader's screens that need no React. Pure, unit-tested.
import type { DtiKey, NotificationItem, ReviewItem } from '../../api/types';

/** The server keeps at most this many characters of a review comment. */
export const RETURN_COMMENT_MAX = 4000;

/** A returned value must say what to correct (the server refuses an empty comment). */
export function validateReturnComment(text: string): string | null {
  const t = text.trim();
  if (!t) return 'Vui lòng nhập lý do trả lại';
  if (t.length > RETURN_COMMENT_MAX) return `Lý do trả lại không được dài quá ${RETURN_COMMENT_MAX.toLocaleString('vi-VN')} ký tự`;
  return null;
}

export const reviewKey = (item: ReviewItem): DtiKey => ({
  set: item.set,
  period: item.period,
  indicator: item.indicator.code,
  unit: item.unit.code,
});

export const reviewItemId = (item: ReviewItem): string => `${item.set}|${item.period}|${item.indicator.code}|${item.unit.code}`;

const TRACKING_CODE = /PA-\d{4}-\d+/;

/** The tracking code an alert is about: the server's, else the first one its text mentions. */
export function alertFeedbackCode(item: Pick<NotificationItem, 'feedbackCode' | 'feedbackId' | 'text'>): string | null {
  if (item.feedbackCode) return item.feedbackCode;
  if (item.feedbackId === null) return null;
  return TRACKING_CODE.exec(item.text)?.[0] ?? null;
}

/** Newest first (by time, then id). */
export function newestFirst<T extends { id: number; createdAt: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id - a.id);
}

/** Whether an evidence file can be previewed inline as a picture. */
export const isImage = (mimeType: string) => /^image\//.test(mimeType);
