// The citizen's first screen: send a feedback, follow the ones sent, get updates from the OA.
import { useState } from 'react';
import { Button, useNavigate } from 'zmp-ui';
import { useSession } from '../../auth/session-context';
import { BellIcon } from '../../components/icons';
import { Screen } from '../../components/screen';
import { UnreadBadge } from '../../components/unread-badge';
import { useUnreadCount } from '../../components/unread-count';
import { paths } from '../../routes';
import { clearDraft, draftHasContent, type FeedbackDraft, loadDraft } from './feedback-draft';
import { CodeLookup } from './code-lookup';
import { FollowOaCard } from './follow-oa';
import './citizen.css';

function DraftCard({ draft, onContinue, onDiscard }: { draft: FeedbackDraft; onContinue: () => void; onDiscard: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const summary = draft.title.trim() || draft.content.trim();
  return (
    <section className="card draft-card" aria-labelledby="draft-title">
      <h2 id="draft-title">{draft.createdCode ? 'Ảnh của phản ánh chưa tải lên xong' : 'Bạn có bản nháp chưa gửi'}</h2>
      {draft.createdCode ? (
        <p>{`Phản ánh ${draft.createdCode} đã được gửi nhưng ảnh đính kèm chưa tải lên được.`}</p>
      ) : (
        summary && <p className="muted">{summary.length > 80 ? `${summary.slice(0, 80)}…` : summary}</p>
      )}
      <div className="actions">
        <Button fullWidth onClick={onContinue}>
          {draft.createdCode ? 'Tải ảnh lên tiếp' : 'Tiếp tục soạn'}
        </Button>
        {!draft.createdCode &&
          (confirming ? (
            <div className="row">
              <span>Xoá bản nháp này?</span>
              <Button size="medium" variant="secondary" type="danger" onClick={onDiscard}>
                Xoá
              </Button>
              <Button size="medium" variant="tertiary" onClick={() => setConfirming(false)}>
                Không
              </Button>
            </div>
          ) : (
            <Button fullWidth variant="tertiary" onClick={() => setConfirming(true)}>
              Xoá bản nháp
            </Button>
          ))}
      </div>
    </section>
  );
}

export default function CitizenHome() {
  const { me } = useSession();
  const navigate = useNavigate();
  const [draft, setDraft] = useState(() => loadDraft());
  const unread = useUnreadCount();

  const discard = () => {
    setDraft(null);
    void clearDraft();
  };

  return (
    <Screen title="Phản ánh, kiến nghị" back={false}>
      <div className="home-top">
        <p className="citizen-greeting">{me?.name ? `Xin chào, ${me.name}!` : 'Xin chào!'}</p>
        <button
          type="button"
          className="bell-link"
          aria-label={unread ? `Thông báo, ${unread} chưa đọc` : 'Thông báo'}
          onClick={() => navigate(paths.notifications)}
        >
          <BellIcon />
          <span>Thông báo</span>
          <UnreadBadge count={unread} />
        </button>
      </div>
      <p className="muted">Gửi phản ánh, kiến nghị tới chính quyền địa phương và theo dõi kết quả xử lý ngay trên Zalo.</p>

      {draftHasContent(draft) && <DraftCard draft={draft} onContinue={() => navigate(paths.newFeedback)} onDiscard={discard} />}

      <div className="big-actions">
        <Button fullWidth size="large" onClick={() => navigate(paths.newFeedback)}>
          Gửi phản ánh
        </Button>
        <Button fullWidth size="large" variant="secondary" onClick={() => navigate(paths.myFeedback)}>
          Phản ánh của tôi
        </Button>
        <Button fullWidth size="large" variant="tertiary" onClick={() => navigate(paths.publicResults)}>
          Kết quả đã công khai
        </Button>
      </div>

      <CodeLookup />

      <FollowOaCard />

      <p>
        <button type="button" className="text-link" onClick={() => navigate(paths.linkStaff)}>
          Bạn là cán bộ? Liên kết tài khoản
        </button>
      </p>
    </Screen>
  );
}
