// One feedback as its handling officer sees it: everything the citizen sent (contact details included), the deadline
// in working days, the history, and the actions its status allows.
import { useState } from 'react';
import { Button, useNavigate, useParams, useSnackbar } from 'zmp-ui';
import { api } from '../../api/endpoints';
import type { AttachmentInfo, FeedbackDetail } from '../../api/types';
import { Badge } from '../../components/badge';
import { DeadlineBadge } from '../../components/deadline-badge';
import { FeedbackTimeline } from '../../components/feedback-timeline';
import { ErrorState, LoadState } from '../../components/load-state';
import { Screen } from '../../components/screen';
import { StatusBadge } from '../../components/status-badge';
import { useLoad } from '../../components/use-load';
import { CHANNEL_LABELS, STATUS_LABELS } from '../../lib/feedback-labels';
import { formatDateTime } from '../../lib/format';
import { paths } from '../../routes';
import { DuplicateLinks, handledThroughMain } from './duplicate-link';
import { FeedbackActionSheet } from './feedback-action-sheet';
import { ACTION_LABELS, availableActions, type OfficerAction } from './feedback-actions';
import { ProtectedFiles } from './protected-files';
import { AGENCY_FILES_TITLE, CITIZEN_FILES_TITLE, splitBySource } from '../../lib/attachment-groups';

/** One group of the item's files: the citizen's photos, or the unit's documents. */
function FileGroup({ f, files, title, id, empty }: { f: { code: string }; files: AttachmentInfo[]; title: string; id: string; empty: string }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{`${title} (${files.length})`}</h2>
      {files.length === 0 ? (
        <p className="muted">{empty}</p>
      ) : (
        <ProtectedFiles files={files} pathOf={(fileId) => api.feedback.attachmentPath(f.code, fileId)} altPrefix={title} />
      )}
    </section>
  );
}
import './officer.css';

type Snackbar = { openSnackbar(o: { text: string; type?: 'success' | 'error' | 'info'; duration?: number }): void };

const URGENCY_LABELS: Record<string, string> = { normal: 'Bình thường', urgent: 'Khẩn' };

function Assignee({ unitCode, userId }: { unitCode: string; userId: number }) {
  const staff = useLoad(() => api.units.staff(unitCode), [unitCode]);
  const person = staff.data?.staff.find((s) => s.id === userId);
  return <>{person?.name ?? (staff.loading ? 'Đang tải…' : `Cán bộ #${userId}`)}</>;
}

function Details({ f, categoryName }: { f: FeedbackDetail; categoryName: string | null }) {
  return (
    <section className="card" aria-labelledby="info-title">
      <h2 id="info-title">Thông tin</h2>
      <dl className="details">
        <dt>Lĩnh vực</dt>
        <dd>{categoryName ?? f.category ?? 'Chưa phân loại'}</dd>
        <dt>Đơn vị xử lý</dt>
        <dd>{f.unit.name}</dd>
        <dt>Kênh tiếp nhận</dt>
        <dd>{CHANNEL_LABELS[f.channel] ?? f.channel}</dd>
        <dt>Ngày nhận</dt>
        <dd>{formatDateTime(f.receivedAt)}</dd>
        {f.urgency && (
          <>
            <dt>Mức độ</dt>
            <dd>{URGENCY_LABELS[f.urgency] ?? f.urgency}</dd>
          </>
        )}
        <dt>Cán bộ xử lý</dt>
        <dd>{f.assignedUserId ? <Assignee unitCode={f.unit.code} userId={f.assignedUserId} /> : 'Chưa phân công'}</dd>
        {f.answeredAt && (
          <>
            <dt>Ngày trả lời</dt>
            <dd>{formatDateTime(f.answeredAt)}</dd>
          </>
        )}
        {(f.address || f.location) && (
          <>
            <dt>Địa điểm</dt>
            <dd>
              {f.address}
              {f.location && (
                <>
                  {f.address && <br />}
                  <a
                    className="tap"
                    href={`https://www.google.com/maps?q=${f.location.lat},${f.location.lng}`}
                    target="_blank"
                    rel="noopener noreferrer"
                  >
                    Xem trên bản đồ ({f.location.lat.toFixed(5)}, {f.location.lng.toFixed(5)})
                  </a>
                </>
              )}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Contact({ f }: { f: FeedbackDetail }) {
  const { name, phone, email } = f.contact;
  return (
    <section className="card" aria-labelledby="contact-title">
      <h2 id="contact-title">Người phản ánh</h2>
      {!name && !phone && !email ? (
        <p className="muted">Người dân không để lại thông tin liên hệ.</p>
      ) : (
        <dl className="details">
          <dt>Họ tên</dt>
          <dd>{name ?? '—'}</dd>
          <dt>Điện thoại</dt>
          <dd>
            {phone ? (
              <a className="tap" href={`tel:${phone}`}>
                {phone}
              </a>
            ) : (
              '—'
            )}
          </dd>
          {email && (
            <>
              <dt>Thư điện tử</dt>
              <dd>
                <a className="tap" href={`mailto:${email}`}>
                  {email}
                </a>
              </dd>
            </>
          )}
        </dl>
      )}
    </section>
  );
}

function Outcome({ f }: { f: FeedbackDetail }) {
  if (!f.answer && !f.rejectReason && f.rating === null) return null;
  return (
    <section className="card" aria-labelledby="outcome-title">
      <h2 id="outcome-title">Kết quả xử lý</h2>
      {f.answer && (
        <>
          <h3>Nội dung trả lời</h3>
          <p className="pre-wrap">{f.answer}</p>
        </>
      )}
      {f.rejectReason && (
        <>
          <h3>Lý do từ chối</h3>
          <p className="pre-wrap">{f.rejectReason}</p>
        </>
      )}
      {f.rating !== null && (
        <>
          <h3>Đánh giá của người dân</h3>
          <p>
            {f.rating}/5 sao{f.ratingComment ? ` · ${f.ratingComment}` : ''}
          </p>
        </>
      )}
    </section>
  );
}

function FeedbackView({ f, onAction, onLinkChanged }: { f: FeedbackDetail; onAction: (a: OfficerAction) => void; onLinkChanged: (message: string) => void }) {
  const categories = useLoad(() => api.categories(), []);
  const categoryName = categories.data?.categories.find((c) => c.code === f.category)?.name ?? null;
  // A linked duplicate is handled through its main item: only "Bỏ gộp" (in the duplicates card) is offered.
  const throughMain = handledThroughMain(f);
  const actions = throughMain ? [] : availableActions(f);
  return (
    <>
      <section className="card" aria-labelledby="fb-title">
        <div className="spread">
          <span className="item-code">{f.code}</span>
          <span className="badges">
            <StatusBadge status={f.status} />
            {f.published && <Badge tone="neutral">Đã công khai</Badge>}
          </span>
        </div>
        <h2 id="fb-title">{f.title?.trim() || 'Phản ánh, kiến nghị'}</h2>
        <p className="row small">
          <span>
            Hạn xử lý: {f.dueAt ? formatDateTime(f.dueAt) : f.status === 'needs_info' ? 'tạm dừng, chờ người dân bổ sung' : '—'}
          </span>
          <DeadlineBadge deadline={f.deadline} />
        </p>
        <p className="pre-wrap">{f.content}</p>
      </section>

      <section aria-labelledby="actions-title">
        <h2 id="actions-title">Xử lý</h2>
        {throughMain ? (
          <p className="notice">{`Phản ánh này được xử lý theo phản ánh chính ${f.duplicateOf!.code}. Trả lời phản ánh chính, hoặc bỏ gộp để xử lý riêng.`}</p>
        ) : actions.length === 0 ? (
          <p className="muted">Phản ánh ở trạng thái “{STATUS_LABELS[f.status]}”, không còn thao tác nào.</p>
        ) : (
          <div className="action-buttons">
            {actions.map((a) => (
              <Button
                key={a}
                size="medium"
                variant={a === 'answer' || a === 'accept' || a === 'start' ? 'primary' : 'secondary'}
                type={a === 'reject' ? 'danger' : 'highlight'}
                onClick={() => onAction(a)}
              >
                {ACTION_LABELS[a]}
              </Button>
            ))}
          </div>
        )}
      </section>

      <DuplicateLinks f={f} onChanged={onLinkChanged} />
      <Details f={f} categoryName={categoryName} />
      <Contact f={f} />
      <Outcome f={f} />
      <FileGroup f={f} files={splitBySource(f.attachments).citizen} title={CITIZEN_FILES_TITLE} id="citizen-files-title" empty="Người phản ánh không gửi ảnh." />
      <FileGroup f={f} files={splitBySource(f.attachments).agency} title={AGENCY_FILES_TITLE} id="agency-files-title" empty="Cơ quan chưa đính kèm tệp." />
      <FeedbackTimeline events={f.timeline} statusChanges />
    </>
  );
}

export default function OfficerFeedback() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const snackbar = useSnackbar() as Snackbar;
  const state = useLoad(() => api.feedback.get(code), [code]);
  const [action, setAction] = useState<OfficerAction | null>(null);

  const done = (a: OfficerAction, message: string) => {
    setAction(null);
    snackbar.openSnackbar({ text: message, type: 'success', duration: 3000 });
    // After a transfer the item may leave the officer's units: back to the inbox.
    if (a === 'transfer') navigate(paths.officerInbox, { replace: true });
    else state.reload();
  };

  return (
    <Screen title={`Phản ánh ${code}`}>
      <LoadState state={state}>
        {(f) => (
          <>
            {state.error && <ErrorState error={state.error} onRetry={state.reload} />}
            <FeedbackView
              f={f}
              onAction={setAction}
              onLinkChanged={(message) => {
                snackbar.openSnackbar({ text: message, type: 'success', duration: 3000 });
                state.reload();
              }}
            />
            {action && (
              <FeedbackActionSheet
                key={action}
                action={action}
                feedback={f}
                onClose={() => setAction(null)}
                onDone={(message) => done(action, message)}
              />
            )}
          </>
        )}
      </LoadState>
    </Screen>
  );
}
