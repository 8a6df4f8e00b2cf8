import type { ReactNode } from 'react';
import { Button } from 'zmp-ui';
import { useNavigate } from 'zmp-ui';
import type { Me } from '../api/types';
import { Screen } from '../components/screen';
import { useSession } from './session-context';

/** Screens for staff or leaders: anyone else gets a plain refusal, also when they typed the address. */
export function RequireRole({ allow, children }: { allow: (me: Me | null) => boolean; children: ReactNode }) {
  const { me } = useSession();
  const navigate = useNavigate();
  if (allow(me)) return <>{children}</>;
  return (
    <Screen title="Không có quyền truy cập">
      <div className="state state-error" role="alert">
        <p>Trang này chỉ dành cho cán bộ, lãnh đạo được phân quyền. Tài khoản của bạn không có quyền xem trang này.</p>
        <Button variant="primary" onClick={() => navigate('/', { replace: true })}>
          Về trang chủ
        </Button>
      </div>
    </Screen>
  );
}
