import { STATUS_LABELS_VI } from '../../../bot-server/src/domain/feedback/feedback-vocabulary';
import type { Channel, Feedback, FeedbackStatus } from '../api/types';
import type { BadgeTone } from './deadline-wording';

/** The status names: the one vocabulary the server's messages and exports use too. */
export const STATUS_LABELS: Record<FeedbackStatus, string> = STATUS_LABELS_VI;

export const STATUS_TONES: Record<FeedbackStatus, BadgeTone> = {
  received: 'neutral',
  accepted: 'ok',
  in_progress: 'ok',
  needs_info: 'warning',
  answered: 'ok',
  closed: 'neutral',
  rejected: 'danger',
};

export const CHANNEL_LABELS: Record<Channel, string> = {
  dvc_portal: 'Cổng dịch vụ công',
  mobile_app: 'Ứng dụng di động',
  zalo_oa: 'Zalo OA',
  zalo_mini_app: 'Zalo Mini App',
  email: 'Thư điện tử',
  other: 'Kênh khác',
};

/** The title, or the start of the content (at most `maxChars` characters, then "…") when there is none. */
export function feedbackHeadline(f: Pick<Feedback, 'title' | 'content'>, maxChars: number): string {
  const title = f.title?.trim();
  if (title) return title;
  const text = f.content.replace(/\s+/g, ' ').trim();
  return text.length > maxChars ? `${text.slice(0, maxChars).trimEnd()}…` : text;
}
