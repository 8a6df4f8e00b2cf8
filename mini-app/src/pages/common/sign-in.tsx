// Outside Zalo there is no Zalo account to sign in with: a server in development mode on localhost offers
// seeded personas instead; anywhere else the screen says to open the app in Zalo.
import { useState } from 'react';
import { Button, Page, Text, useNavigate } from 'zmp-ui';
import { api } from '../../api/endpoints';
import { useSession } from '../../auth/session-context';
import { LoadState } from '../../components/load-state';
import { errorMessage } from '../../components/field-errors';
import { useLoad } from '../../components/use-load';
import { ApiError } from '../../api/client';
import { isInZalo } from '../../zalo';
import { paths } from '../../routes';

/** Anyone may read the published results, signed in or not. */
function PublicResultsLink() {
  const navigate = useNavigate();
  return (
    <div className="actions">
      <Button fullWidth variant="tertiary" onClick={() => navigate(paths.publicResults)}>
        Xem kết quả đã công khai
      </Button>
    </div>
  );
}

const ROLE_LABELS: Record<string, string> = {
  citizen: 'Người dân',
  officer: 'Cán bộ xử lý',
  leader: 'Lãnh đạo',
  admin: 'Quản trị',
};

export function SignInPage() {
  return isInZalo() ? <ZaloSignInFailed /> : <PreviewSignIn />;
}

/** Inside Zalo sign-in is automatic; this shows only when Zalo gave no account (e.g. the user refused). */
function ZaloSignInFailed() {
  const { retry } = useSession();
  return (
    <Page className="screen">
      <main className="screen-body sign-in">
        <Text.Title size="xLarge">Phản ánh, kiến nghị</Text.Title>
        <div className="state state-error" role="alert">
          <p>Không đăng nhập được bằng tài khoản Zalo. Vui lòng kiểm tra kết nối và thử lại.</p>
          <Button variant="primary" onClick={retry}>
            Thử lại
          </Button>
        </div>
        <PublicResultsLink />
      </main>
    </Page>
  );
}

function PreviewSignIn() {
  const { accept } = useSession();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const personas = useLoad(
    () =>
      api.auth.devPersonas().catch((err) => {
        if (err instanceof ApiError && err.status === 404) return { personas: [] };
        throw err;
      }),
    [],
  );

  const choose = async (key: string) => {
    setBusy(key);
    setError(null);
    try {
      await accept(await api.auth.devSignIn(key));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Page className="screen">
      <main className="screen-body sign-in">
        <Text.Title size="xLarge">Phản ánh, kiến nghị</Text.Title>
        <LoadState state={personas}>
          {({ personas: list }) =>
            list.length === 0 ? (
              <p>Vui lòng mở ứng dụng trong Zalo để đăng nhập bằng tài khoản Zalo của bạn.</p>
            ) : (
              <section aria-labelledby="dev-title">
                <h2 id="dev-title">Đăng nhập thử (chế độ phát triển)</h2>
                <p className="muted">Chỉ có trên máy chủ chạy thử tại localhost. Chọn một vai trò để xem ứng dụng.</p>
                <ul className="stack">
                  {list.map((p) => (
                    <li key={p.key}>
                      <Button fullWidth variant="secondary" loading={busy === p.key} disabled={busy !== null} onClick={() => choose(p.key)}>
                        {`${ROLE_LABELS[p.role] ?? p.role}: ${p.name}`}
                      </Button>
                    </li>
                  ))}
                </ul>
              </section>
            )
          }
        </LoadState>
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        <PublicResultsLink />
      </main>
    </Page>
  );
}
