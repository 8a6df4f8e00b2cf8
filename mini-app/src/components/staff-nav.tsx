// The bottom bar of staff screens, with the unread count on "Thông báo". Leaders also get the dashboard and the DTI
// review.
import type { ReactNode } from 'react';
import { BottomNavigation, useLocation, useNavigate } from 'zmp-ui';
import { isLeader, useSession } from '../auth/session-context';
import { useDtiOutboxSync } from '../pages/officer/dti-outbox-store';
import { paths } from '../routes';
import { AlertIcon, BellIcon, ChartIcon, CheckIcon, InboxIcon, ListIcon } from './icons';
import { BellWithCount } from './unread-badge';

export function StaffNav() {
  const { me } = useSession();
  // DTI updates kept on the phone while offline go out from any staff screen, not only the DTI ones.
  useDtiOutboxSync();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items: { key: string; label: string; icon: ReactNode }[] = [
    ...(isLeader(me)
      ? [
          { key: paths.leader, label: 'Tổng quan', icon: <ChartIcon /> },
          { key: paths.leaderAlerts, label: 'Cảnh báo', icon: <AlertIcon /> },
        ]
      : []),
    { key: paths.officerInbox, label: 'Phản ánh', icon: <InboxIcon /> },
    ...(isLeader(me) ? [] : [{ key: paths.officerAlerts, label: 'Cảnh báo', icon: <AlertIcon /> }]),
    { key: paths.notifications, label: 'Thông báo', icon: <BellWithCount icon={<BellIcon />} /> },
    { key: paths.officerDti, label: 'Chỉ số DTI', icon: <ListIcon /> },
    ...(isLeader(me) ? [{ key: paths.leaderDtiReview, label: 'Duyệt DTI', icon: <CheckIcon /> }] : []),
  ];
  // The longest matching entry wins (/officer/dti is not the inbox).
  const active = [...items].sort((a, b) => b.key.length - a.key.length).find((i) => pathname === i.key || pathname.startsWith(`${i.key}/`))?.key;
  return (
    <BottomNavigation fixed className={items.length > 5 ? 'staff-nav-dense' : undefined} activeKey={active} onChange={(key: string) => navigate(key, { animate: false })}>
      {items.map((i) => (
        <BottomNavigation.Item key={i.key} itemKey={i.key} label={i.label} icon={i.icon} />
      ))}
    </BottomNavigation>
  );
}
