// The leader's DTI review queue: values officers submitted, oldest first, to approve or return with a reason.
import { useMemo, useState } from 'react';
import { Select, useSnackbar } from 'zmp-ui';
import { api } from '../../api/endpoints';
import { LoadState } from '../../components/load-state';
import { Screen } from '../../components/screen';
import { StaffNav } from '../../components/staff-nav';
import { useLoad } from '../../components/use-load';
import { todayInVietnam } from '../../lib/format';
import { pickDtiSet } from './leader-periods';
import { ReviewCard } from './review-card';
import { reviewItemId } from './review-rules';
import './leader.css';
import { LabelledSelect } from '../../components/labelled-select';
import { useQueryState } from '../../components/use-query-state';

function Queue({ set }: { set: string }) {
  const queue = useLoad(() => api.dti.reviewQueue({ set }), [set]);
  const { openSnackbar } = useSnackbar() as { openSnackbar: (o: { text: string; type?: string; duration?: number }) => void };
  const [notice, setNotice] = useState<string | null>(null);

  const reviewed = (message: string) => {
    setNotice(message);
    openSnackbar({ text: message, type: 'success', duration: 3000 });
    queue.reload();
  };

  return (
    <>
      <p className="visually-hidden" role="status" aria-live="polite">
        {notice}
      </p>
      <LoadState state={queue} isEmpty={(q) => q.items.length === 0} empty="Không có chỉ số nào chờ duyệt">
        {(q) => (
          <>
            <p className="muted small">{q.items.length} chỉ số chờ duyệt, gửi sớm nhất ở trên.</p>
            <ul className="stack">
              {q.items.map((item) => (
                <ReviewCard key={reviewItemId(item)} item={item} onReviewed={reviewed} />
              ))}
            </ul>
          </>
        )}
      </LoadState>
    </>
  );
}

export default function DtiReview() {
  const today = useMemo(() => todayInVietnam(), []);
  const sets = useLoad(() => api.dti.sets(), []);
  const [chosen, setChosen] = useQueryState('set');
  const setCode = chosen ?? (sets.data ? pickDtiSet(sets.data.sets, today)?.code : undefined);

  return (
    <Screen title="Duyệt chỉ số DTI" back={false}>
      <LoadState state={sets} isEmpty={(d) => d.sets.length === 0} empty="Không có chỉ số nào chờ duyệt">
        {(d) => (
          <>
            {d.sets.length > 1 && (
              <LabelledSelect label="Bộ chỉ số" value={setCode} closeOnSelect onChange={(v) => typeof v === 'string' && setChosen(v)}>
                {d.sets.map((s) => (
                  <Select.Option key={s.code} value={s.code} title={s.name} />
                ))}
              </LabelledSelect>
            )}
            {setCode && <Queue set={setCode} />}
          </>
        )}
      </LoadState>
      <StaffNav />
    </Screen>
  );
}
