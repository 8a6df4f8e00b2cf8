// Zalo lets the OA message someone only within 7 days of their last message to it, so staff who have gone quiet
// would miss overdue alerts: remind them to say something to the OA.
import { useState } from 'react';
import { Button } from 'zmp-ui';
import { api } from '../api/endpoints';
import { useSession } from '../auth/session-context';
import { openOfficialAccountChat } from '../zalo';
import { errorMessage } from './field-errors';
import { useLoad } from './use-load';

export function OaChatNudge() {
  const { me } = useSession();
  const config = useLoad(() => api.clientConfig(), []);
  const [error, setError] = useState<string | null>(null);
  const oaId = config.data?.oaId;
  if (!me?.oa.needsChat || !oaId) return null;
  return (
    <div className="offline-banner" role="note">
      <p>Bạn chưa nhắn tin cho Official Account trong 7 ngày qua nên có thể không nhận được cảnh báo quá hạn qua Zalo.</p>
      <Button size="small" variant="secondary" onClick={() => openOfficialAccountChat(oaId).catch((e) => setError(errorMessage(e)))}>
        Nhắn tin cho OA
      </Button>
      {error && <p className="error-text">{error}</p>}
    </div>
  );
}
