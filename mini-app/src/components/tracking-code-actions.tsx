// "Sao chép mã" and "Chia sẻ" next to a tracking code: the citizen keeps it, or sends it to a relative in Zalo.
import { Button, useSnackbar } from 'zmp-ui';
import { copyText, shareText } from '../zalo';
import { errorMessage } from './field-errors';

type Snackbar = { openSnackbar(o: { text: string; type?: 'success' | 'error' | 'info'; duration?: number }): void };

export function TrackingCodeActions({ code }: { code: string }) {
  const { openSnackbar } = useSnackbar() as unknown as Snackbar;
  const copy = async () => {
    try {
      await copyText(code);
      openSnackbar({ text: 'Đã sao chép mã', type: 'success', duration: 2500 });
    } catch (err) {
      openSnackbar({ text: errorMessage(err), type: 'error', duration: 4000 });
    }
  };
  const share = async () => {
    try {
      // Where there is no share sheet, copying is the next best thing.
      const shared = await shareText(`Mã phản ánh: ${code}. Tra cứu trong ứng dụng Phản ánh, kiến nghị trên Zalo.`);
      if (shared === 'unavailable') await copy();
    } catch (err) {
      openSnackbar({ text: errorMessage(err), type: 'error', duration: 4000 });
    }
  };
  return (
    <div className="code-actions">
      <Button size="medium" variant="secondary" onClick={() => void copy()}>
        Sao chép mã
      </Button>
      <Button size="medium" variant="tertiary" onClick={() => void share()}>
        Chia sẻ
      </Button>
    </div>
  );
}
