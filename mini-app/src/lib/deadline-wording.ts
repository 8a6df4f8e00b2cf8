// The words of a deadline badge. Legal deadlines count working days, so the badge does too.
import type { DeadlineSummary } from '../api/types';

export type BadgeTone = 'neutral' | 'ok' | 'warning' | 'danger';

export function deadlineWording(d: DeadlineSummary | null | undefined): { text: string; tone: BadgeTone } | null {
  if (!d) return null;
  switch (d.state) {
    case 'done':
      return { text: 'Đã xử lý', tone: 'neutral' };
    case 'paused':
      return { text: 'Tạm dừng, chờ bổ sung', tone: 'neutral' };
    case 'overdue': {
      const n = d.overdueWorkingDays ?? 0;
      return { text: n <= 0 ? 'Quá hạn hôm nay' : `Quá hạn ${n} ngày làm việc`, tone: 'danger' };
    }
    case 'due_soon':
    case 'on_track': {
      const n = d.workingDaysLeft ?? 0;
      const tone: BadgeTone = d.state === 'due_soon' ? 'warning' : 'ok';
      return { text: n <= 0 ? 'Hết hạn trong hôm nay' : `Còn ${n} ngày làm việc`, tone: n <= 0 ? 'warning' : tone };
    }
    default:
      return null;
  }
}
