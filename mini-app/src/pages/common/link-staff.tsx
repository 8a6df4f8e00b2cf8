// Staff link their Zalo account once to the phone number an administrator registered (CONTRACT §7). Zalo asks
// for consent; this screen says first why the number is needed and what happens to it.
import { useState } from 'react';
import { Button, useNavigate } from 'zmp-ui';
import { api } from '../../api/endpoints';
import { useSession } from '../../auth/session-context';
import { errorMessage } from '../../components/field-errors';
import { Screen } from '../../components/screen';
import { paths } from '../../routes';
import { phoneNumberToken, zaloAccessToken } from '../../zalo';
import { ApiError } from '../../api/client';

export default function LinkStaffPage() {
  const { accept } = useSession();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const link = async () => {
    setBusy(true);
    setError(null);
    try {
      const accessToken = await zaloAccessToken();
      if (!accessToken) throw new Error('Chức năng này chỉ dùng được trong ứng dụng Zalo.');
      const phoneToken = await phoneNumberToken();
      await accept(await api.auth.linkPhone(accessToken, phoneToken));
      navigate(paths.home, { replace: true });
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 404
          ? 'Số điện thoại Zalo của bạn chưa được đăng ký là cán bộ. Vui lòng liên hệ quản trị viên của đơn vị.'
          : errorMessage(err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title="Liên kết tài khoản cán bộ">
      <section className="card">
        <h2>Vì sao cần số điện thoại?</h2>
        <p>
          Quản trị viên đã đăng ký cán bộ theo số điện thoại. Ứng dụng đề nghị Zalo cung cấp số điện thoại của bạn một lần
          để đối chiếu và mở các chức năng xử lý phản ánh, cập nhật chỉ số DTI của đơn vị.
        </p>
        <ul className="bullets">
          <li>Số điện thoại chỉ dùng để xác minh bạn là cán bộ đã đăng ký.</li>
          <li>Không hiển thị cho người dân, không dùng cho mục đích khác.</li>
          <li>Bạn có thể từ chối; khi đó bạn vẫn dùng được các chức năng dành cho người dân.</li>
        </ul>
      </section>
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <Button fullWidth loading={busy} onClick={link}>
          Đồng ý và xác minh số điện thoại
        </Button>
        <Button fullWidth variant="tertiary" onClick={() => navigate(-1)}>
          Để sau
        </Button>
      </div>
    </Screen>
  );
}
