// What each timeline event means, in the citizen's words. Event types: bot-server/src/features/feedback/
// feedback-service.ts (created, the handling actions, rated), feedback-routes.ts (attachment_added),
// feedback-import.ts (imported_answer, imported_update) and calendar-repository.ts (deadline_recomputed).
import type { TimelineEvent } from '../../api/types';

export const EVENT_LABELS: Record<string, string> = {
  created: 'Tiếp nhận phản ánh',
  accept: 'Thụ lý phản ánh',
  start: 'Bắt đầu xử lý',
  request_info: 'Đề nghị bổ sung thông tin',
  provide_info: 'Bổ sung thông tin',
  transfer: 'Chuyển đơn vị xử lý',
  answer: 'Trả lời phản ánh',
  reject: 'Từ chối xử lý',
  close: 'Đóng phản ánh',
  publish: 'Công khai kết quả',
  unpublish: 'Thôi công khai kết quả',
  assign: 'Phân công cán bộ xử lý',
  rated: 'Đánh giá mức độ hài lòng',
  attachment_added: 'Bổ sung ảnh, tệp đính kèm',
  imported_answer: 'Cập nhật kết quả từ hệ thống khác',
  imported_update: 'Cập nhật từ hệ thống khác',
  deadline_recomputed: 'Điều chỉnh hạn xử lý',
  link_duplicate: 'Gộp vào phản ánh chính',
  unlink_duplicate: 'Bỏ gộp',
  duplicate_linked: 'Gộp phản ánh tương tự để xử lý chung',
  duplicate_unlinked: 'Bỏ gộp một phản ánh tương tự',
};

export const eventLabel = (type: string): string => EVENT_LABELS[type] ?? 'Cập nhật';

/** The answer and the reject reason have their own card; the timeline does not repeat their full text. */
export function eventNote(e: TimelineEvent): string | null {
  if (e.type === 'answer' || e.type === 'reject') return null;
  return e.note?.trim() || null;
}

/** The officer's latest request for more information, shown above the "Bổ sung thông tin" form. */
export function latestInfoRequest(timeline: TimelineEvent[]): TimelineEvent | null {
  for (let i = timeline.length - 1; i >= 0; i--) {
    const e = timeline[i];
    if (e && e.type === 'request_info') return e;
  }
  return null;
}
