import type { FeedbackStatus } from '../api/types';
import { STATUS_LABELS, STATUS_TONES } from '../lib/feedback-labels';
import { Badge } from './badge';

export function StatusBadge({ status }: { status: FeedbackStatus }) {
  return <Badge tone={STATUS_TONES[status]}>{STATUS_LABELS[status]}</Badge>;
}
