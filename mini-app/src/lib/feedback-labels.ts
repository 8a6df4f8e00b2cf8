import type { Channel, FeedbackStatus } from '../api/types';
import type { BadgeTone } from './deadline-wording';

export const STATUS_LABELS: Record<FeedbackStatus, string> = {
  received: 'Đã tiếp nhận',
  accepted: 'Đã thụ lý',
  in_progress: 'Đang xử lý',
  needs_info: 'Chờ bổ sung thông tin',
  answered: 'Đã trả lời',
  closed: 'Đã đóng',
  rejected: 'Từ chối',
};

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
