// This officer's marks on an inbox item: never opened by them, or the citizen added information since they last did.
import type { Feedback } from '../../api/types';
import { Badge } from '../../components/badge';

export function ReadMarks({ item }: { item: Pick<Feedback, 'isNew' | 'citizenReplied'> }) {
  return (
    <>
      {item.isNew && <Badge tone="ok">Mới</Badge>}
      {item.citizenReplied && <Badge tone="warning">Công dân đã bổ sung</Badge>}
    </>
  );
}
