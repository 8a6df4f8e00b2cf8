// The inbox's map of the items the current filter lists (the list/map switch is the shared ListMapToggle).
import { useNavigate } from 'zmp-ui';
import type { Feedback } from '../../api/types';
import { FeedbackMap } from '../../components/map/feedback-map';
import type { ListOrMap } from '../../components/map/list-map-toggle';
import type { MapItem } from '../../components/map/map-types';
import { feedbackHeadline } from '../../lib/feedback-labels';
import { paths } from '../../routes';

export type InboxView = ListOrMap;

export function InboxMap({ items }: { items: Feedback[] }) {
  const navigate = useNavigate();
  const placed: MapItem[] = items.flatMap((i) =>
    i.location ? [{ code: i.code, title: feedbackHeadline(i, 89), lat: i.location.lat, lng: i.location.lng }] : [],
  );
  const missing = items.length - placed.length;
  return (
    <>
      {missing > 0 && <p className="muted small">{`${missing} phản ánh chưa có vị trí, chỉ có trong danh sách.`}</p>}
      <FeedbackMap items={placed} label="Bản đồ phản ánh cần xử lý" onOpen={(code) => navigate(paths.officerFeedback(code))} />
    </>
  );
}
