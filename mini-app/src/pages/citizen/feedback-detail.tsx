// One feedback as its sender sees it: where it stands, what was asked and answered, the history, and the
// citizen's part (adding information when asked, rating the answer).
import { Button, useNavigate, useParams } from 'zmp-ui';
import { api } from '../../api/endpoints';
import type { FeedbackDetail } from '../../api/types';
import { DeadlineBadge } from '../../components/deadline-badge';
import { FeedbackTimeline } from '../../components/feedback-timeline';
import { isRetryable, LoadState } from '../../components/load-state';
import { Screen } from '../../components/screen';
import { StatusBadge } from '../../components/status-badge';
import { TrackingCodeActions } from '../../components/tracking-code-actions';
import { useLoad } from '../../components/use-load';
import { AGENCY_FILES_TITLE, CITIZEN_FILES_TITLE, splitBySource } from '../../lib/attachment-groups';
import { formatDate, formatDateTime } from '../../lib/format';
import { paths } from '../../routes';
import { AttachmentGallery } from './attachment-gallery';
import { latestInfoRequest } from './event-labels';
import { ProvideInfoForm } from './provide-info-form';
import { RatingForm, RatingResult } from './rating-form';
import './citizen.css';

function Summary({ f }: { f: FeedbackDetail }) {
  const paused = f.status === 'needs_info';
  return (
    <section className="card" aria-labelledby="fb-code">
      <div className="item-head">
        <h2 id="fb-code" className="item-code">
          {f.code}
        </h2>
        <StatusBadge status={f.status} />
      </div>
      <TrackingCodeActions code={f.code} />
      <dl className="facts">
        <dt>Đơn vị xử lý</dt>
        <dd>{f.unit.name}</dd>
        <dt>Ngày gửi</dt>
        <dd>{formatDateTime(f.receivedAt)}</dd>
        <dt>Hạn trả lời</dt>
        <dd>
          {f.dueAt ? `${formatDate(f.dueAt)} ` : f.deadline ? null : paused ? 'Tạm dừng, chờ bạn bổ sung thông tin' : 'Chưa xác định'}
          {!f.answeredAt && <DeadlineBadge deadline={f.deadline} />}
        </dd>
        {f.answeredAt && (
          <>
            <dt>Ngày trả lời</dt>
            <dd>{formatDate(f.answeredAt)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Content({ f }: { f: FeedbackDetail }) {
  const contact = [f.contact.name, f.contact.phone].filter(Boolean).join(' · ');
  return (
    <section className="card" aria-labelledby="content-title">
      <h2 id="content-title">Nội dung phản ánh</h2>
      {f.title && <h3>{f.title}</h3>}
      <p className="content-text">{f.content}</p>
      <dl className="facts">
        {f.address && (
          <>
            <dt>Địa chỉ</dt>
            <dd>{f.address}</dd>
          </>
        )}
        {f.location && (
          <>
            <dt>Vị trí</dt>
            <dd>{`${f.location.lat.toFixed(5)}, ${f.location.lng.toFixed(5)}`}</dd>
          </>
        )}
        {contact && (
          <>
            <dt>Liên hệ</dt>
            <dd>{contact}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Detail({ f, reload }: { f: FeedbackDetail; reload: () => void }) {
  const answered = f.status === 'answered' || f.status === 'closed';
  const request = f.status === 'needs_info' ? latestInfoRequest(f.timeline) : null;
  const groups = splitBySource(f.attachments);
  return (
    <>
      <Summary f={f} />

      {f.mergedInto && (
        <section className="card notice-card" aria-label="Gộp phản ánh" data-testid="merged-notice">
          <p>
            {/* The code kept on one line: "PA-" alone at a line's end reads as a typo. */}
            {f.mergedInto.notice.split(f.mergedInto.code).flatMap((part, i) => (i ? [<strong key={i} className="nowrap">{f.mergedInto!.code}</strong>, part] : [part]))}
          </p>
          <p className="muted">Khi có kết quả, bạn sẽ nhận được câu trả lời cho phản ánh của mình.</p>
        </section>
      )}

      {/* A merged item is handled through its main one: the officer asks there, not here. */}
      {f.status === 'needs_info' && !f.mergedInto && (
        <section className="card request-card" aria-labelledby="request-title">
          <h2 id="request-title">Cơ quan đề nghị bạn bổ sung thông tin</h2>
          {request?.note ? (
            <>
              <p className="content-text">{request.note}</p>
              <p className="muted">{`${formatDateTime(request.at)}${request.actor ? ` · ${request.actor}` : ''}`}</p>
            </>
          ) : (
            <p>Vui lòng bổ sung thông tin để cơ quan tiếp tục xử lý phản ánh.</p>
          )}
          <p className="muted">Thời hạn xử lý tạm dừng cho đến khi bạn gửi thông tin bổ sung.</p>
          <ProvideInfoForm code={f.code} attachmentCount={f.attachments.length} onDone={reload} />
        </section>
      )}

      {answered && f.answer && (
        <section className="card answer-card" aria-labelledby="answer-title">
          <h2 id="answer-title">Trả lời của cơ quan</h2>
          <p className="content-text">{f.answer}</p>
          <p className="muted">{`${f.unit.name}${f.answeredAt ? ` · ${formatDate(f.answeredAt)}` : ''}`}</p>
        </section>
      )}

      {f.status === 'rejected' && (
        <section className="card reject-card" aria-labelledby="reject-title">
          <h2 id="reject-title">Phản ánh không được xử lý</h2>
          <p className="content-text">{f.rejectReason ? `Lý do: ${f.rejectReason}` : 'Cơ quan chưa ghi lý do.'}</p>
        </section>
      )}

      {answered &&
        (f.rating !== null ? (
          <RatingResult rating={f.rating} comment={f.ratingComment} />
        ) : (
          <RatingForm feedback={f} onDone={reload} />
        ))}

      <Content f={f} />
      <AttachmentGallery code={f.code} attachments={groups.citizen} title={CITIZEN_FILES_TITLE} id="citizen-files-title" />
      <AttachmentGallery code={f.code} attachments={groups.agency} title={AGENCY_FILES_TITLE} id="agency-files-title" />
      <FeedbackTimeline events={f.timeline} />
    </>
  );
}

export default function FeedbackDetailPage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const detail = useLoad(() => api.feedback.get(code), [code]);
  return (
    <Screen title="Chi tiết phản ánh">
      <LoadState state={detail}>{(f) => <Detail f={f} reload={detail.reload} />}</LoadState>
      {detail.error && detail.data !== undefined && (
        <p className="error-text" role="alert">
          {`Chưa cập nhật được: ${detail.error.message}`}{' '}
          {isRetryable(detail.error) && (
            <Button size="small" variant="tertiary" onClick={detail.reload}>
              Thử lại
            </Button>
          )}
        </p>
      )}
      {detail.error && detail.data === undefined && (
        <div className="actions">
          <Button fullWidth variant="tertiary" onClick={() => navigate(paths.myFeedback)}>
            Về danh sách phản ánh
          </Button>
        </div>
      )}
    </Screen>
  );
}
