// The red count on the bell and the bottom bar. Nothing is drawn when everything is read.
import type { ReactNode } from 'react';
import { useUnreadCount } from './unread-count';
import './notifications.css';

export const unreadLabel = (n: number) => (n > 99 ? '99+' : String(n));

export function UnreadBadge({ count }: { count: number }) {
  if (count <= 0) return null;
  return (
    <span className="unread-badge" data-testid="unread-badge" aria-label={`${count} thông báo chưa đọc`}>
      {unreadLabel(count)}
    </span>
  );
}

/** The bell icon with the person's unread count on it (the bottom bar's "Thông báo"). */
export function BellWithCount({ icon }: { icon: ReactNode }) {
  const count = useUnreadCount();
  return (
    <span className="bell-with-count">
      {icon}
      <UnreadBadge count={count} />
    </span>
  );
}
