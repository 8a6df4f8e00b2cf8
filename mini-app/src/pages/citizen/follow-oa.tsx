// "Quan tâm OA": following the government's Official Account lets updates on a feedback arrive as Zalo messages.
// Hidden when the server has no OA configured; outside Zalo the button explains that it only works in Zalo.
import { useState } from 'react';
import { Button } from 'zmp-ui';
import { ApiError } from '../../api/client';
import { api } from '../../api/endpoints';
import { errorMessage } from '../../components/field-errors';
import { useLoad } from '../../components/use-load';
import { followOfficialAccount } from '../../zalo';

export function FollowOaCard({ text }: { text?: string }) {
  // A server without the setting (404) simply has no OA to follow.
  const config = useLoad(
    () =>
      api.clientConfig().catch((err: unknown) => {
        if (err instanceof ApiError && err.status === 404) return { oaId: null, devSignIn: false };
        throw err;
      }),
    [],
  );
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);

  if (config.error && config.data === undefined) {
    return (
      <section className="card" aria-label="Nhận thông báo qua Zalo">
        <p className="muted">{`Chưa tải được thông tin nhận thông báo qua Zalo. ${config.error.message}`}</p>
        <Button size="medium" variant="tertiary" onClick={config.reload}>
          Thử lại
        </Button>
      </section>
    );
  }
  const oaId = config.data?.oaId;
  if (!oaId) return null;

  const follow = async () => {
    setBusy(true);
    setError(null);
    try {
      await followOfficialAccount(oaId);
      setDone(true);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="follow-oa-title">
      <h2 id="follow-oa-title">Nhận thông báo qua Zalo</h2>
      <p>{text ?? 'Quan tâm Official Account để nhận tin nhắn khi phản ánh của bạn được tiếp nhận, xử lý và trả lời.'}</p>
      {done ? (
        <p className="ok-text" role="status">
          Bạn đã quan tâm Official Account. Thông báo sẽ được gửi qua Zalo.
        </p>
      ) : (
        <Button fullWidth variant="secondary" loading={busy} disabled={busy} onClick={follow}>
          Quan tâm OA để nhận thông báo
        </Button>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
