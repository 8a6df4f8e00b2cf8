// The leader's alerts and notifications (what the OA sent them, or would have), newest first, each leading to its
// feedback item.
import { Button, useNavigate } from 'zmp-ui';
import { api } from '../../api/endpoints';
import { Badge } from '../../components/badge';
import { LoadState } from '../../components/load-state';
import { Screen } from '../../components/screen';
import { StaffNav } from '../../components/staff-nav';
import { useLoad } from '../../components/use-load';
import { formatDateTime } from '../../lib/format';
import { paths } from '../../routes';
import { alertFeedbackCode, newestFirst } from './review-rules';
import './leader.css';

export default function LeaderAlerts() {
  const navigate = useNavigate();
  const list = useLoad(async () => newestFirst((await api.notifications()).items), []);

  return (
    <Screen title="Cảnh báo" back={false}>
      <LoadState state={list} isEmpty={(items) => items.length === 0} empty="Chưa có cảnh báo nào">
        {(items) => (
          <ul className="stack" aria-label="Danh sách cảnh báo">
            {items.map((item) => {
              const code = alertFeedbackCode(item);
              return (
                <li key={item.id} className="card" data-testid="alert-item">
                  <div className="spread">
                    <Badge tone={item.purpose === 'alert' ? 'warning' : 'neutral'}>
                      {item.purpose === 'alert' ? 'Cảnh báo' : 'Thông báo'}
                    </Badge>
                    <Badge tone={item.deliveredOnZalo ? 'ok' : 'neutral'}>
                      {item.deliveredOnZalo ? 'Đã gửi qua Zalo' : 'Chưa gửi qua Zalo'}
                    </Badge>
                  </div>
                  <p className="preserve-lines">{item.text}</p>
                  <p className="muted small">
                    <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time>
                  </p>
                  {code && (
                    <Button size="medium" variant="secondary" fullWidth onClick={() => navigate(paths.leaderFeedback(code))}>
                      Xem phản ánh
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </LoadState>
      <StaffNav />
    </Screen>
  );
}
