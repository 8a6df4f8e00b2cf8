// "Danh sách / Bản đồ" of the inbox: the switch, and the map of the items the current filter lists.
import { useNavigate } from 'zmp-ui';
import type { Feedback } from '../../api/types';
import { FeedbackMap } from '../../components/map/feedback-map';
import { type ListOrMap, ListMapToggle } from '../../components/map/list-map-toggle';
import type { MapItem } from '../../components/map/map-types';
import { feedbackHeadline } from '../../lib/feedback-labels';
import { paths } from '../../routes';

export type InboxView = ListOrMap;
/** The inbox's switch is the shared one. */
export const InboxViewToggle = ListMapToggle;

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
