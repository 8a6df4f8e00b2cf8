// The bottom bar of staff screens. Leaders also get the dashboard, the alerts and the DTI review.
import { BottomNavigation, Icon, useLocation, useNavigate } from 'zmp-ui';
import { isLeader, useSession } from '../auth/session-context';
import { paths } from '../routes';

export function StaffNav() {
  const { me } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const items = [
    ...(isLeader(me)
      ? [
          { key: paths.leader, label: 'Tổng quan', icon: 'zi-poll' },
          { key: paths.leaderAlerts, label: 'Cảnh báo', icon: 'zi-notif' },
        ]
      : []),
    { key: paths.officerInbox, label: 'Phản ánh', icon: 'zi-inbox' },
    { key: paths.officerDti, label: 'Chỉ số DTI', icon: 'zi-note' },
    ...(isLeader(me) ? [{ key: paths.leaderDtiReview, label: 'Duyệt DTI', icon: 'zi-check-circle' }] : []),
  ];
  // The longest matching entry wins (/officer/dti is not the inbox).
  const active = [...items].sort((a, b) => b.key.length - a.key.length).find((i) => pathname === i.key || pathname.startsWith(`${i.key}/`))?.key;
  return (
    <BottomNavigation fixed activeKey={active} onChange={(key: string) => navigate(key, { animate: false })}>
      {items.map((i) => (
        <BottomNavigation.Item key={i.key} itemKey={i.key} label={i.label} icon={<Icon icon={i.icon as never} />} />
      ))}
    </BottomNavigation>
  );
}
