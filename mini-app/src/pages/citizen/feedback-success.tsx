// After sending: the tracking code, what happens next, and how to hear about it.
import { Button, useNavigate, useParams } from 'zmp-ui';
import { Screen } from '../../components/screen';
import { TrackingCodeActions } from '../../components/tracking-code-actions';
import { paths } from '../../routes';
import { FollowOaCard } from './follow-oa';
import './citizen.css';

export default function FeedbackSuccess() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  return (
    <Screen title="Đã gửi phản ánh" back={false}>
      <section className="card" aria-labelledby="sent-title">
        <p className="success-icon" aria-hidden="true">
          ✓
        </p>
        <h2 id="sent-title">Đã gửi phản ánh</h2>
        <p>Mã phản ánh của bạn:</p>
        <strong className="tracking-code" data-testid="tracking-code">
          {code}
        </strong>
        <TrackingCodeActions code={code} />
        <p className="muted">Hãy ghi lại mã này để tra cứu khi cần. Bạn cũng xem lại được trong mục “Phản ánh của tôi”.</p>
        <p>
          Cơ quan có thẩm quyền sẽ xem xét và trả lời trong thời hạn theo quy định. Thời hạn được tính theo ngày làm việc
          (không tính thứ Bảy, Chủ nhật và ngày nghỉ lễ, Tết). Nếu cần thêm thông tin, cán bộ xử lý sẽ đề nghị bạn bổ sung.
        </p>
      </section>
      <div className="actions">
        <Button fullWidth onClick={() => navigate(paths.feedback(code), { replace: true })}>
          Xem phản ánh
        </Button>
        <Button fullWidth variant="secondary" onClick={() => navigate(paths.home, { replace: true, direction: 'backward' })}>
          Về trang chủ
        </Button>
      </div>
      <FollowOaCard text="Quan tâm Official Account để nhận tin nhắn Zalo khi phản ánh này được tiếp nhận, xử lý và trả lời." />
    </Screen>
  );
}
