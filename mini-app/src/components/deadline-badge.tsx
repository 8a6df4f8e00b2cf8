import type { DeadlineSummary } from '../api/types';
import { deadlineWording } from '../lib/deadline-wording';
import { Badge } from './badge';

export function DeadlineBadge({ deadline }: { deadline: DeadlineSummary | null | undefined }) {
  const w = deadlineWording(deadline);
  return w ? <Badge tone={w.tone}>{w.text}</Badge> : null;
}
