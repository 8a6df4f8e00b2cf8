// Every Vietnamese text the OA chatbot sends. Pure: no I/O, dates formatted in Asia/Ho_Chi_Minh.
// Tone: polite and warm; the bot speaks as "chúng tôi" and addresses the citizen as "bạn".
// Zalo consultation messages carry at most 2,000 characters of text, so every builder returns text within
// that limit (long free text is shortened, or split by the builders that return several messages).
import { localDateOf } from '../calendar/local-date.js';
import { ACTION_DONE_VI, STATUS_LABELS_VI } from '../feedback/feedback-vocabulary.js';

/** Zalo's limit for the text of a consultation message (`/v3.0/oa/message/cs`). */
export const MAX_MESSAGE_LENGTH = 2000;

export type CategoryOption = { code: string; name: string };
export type MyFeedbackItem = { code: string; statusLabel: string; receivedAt: Date };
export type DraftSummary = {
  content: string;
  categoryName?: string | null;
  photoCount: number;
  hasLocation: boolean;
};
export type Rating = 1 | 2 | 3 | 4 | 5;

/** 'dd/mm/yyyy' of an instant, in Vietnamese local time. */
export function formatViDate(instant: Date): string {
  const [y, m, d] = localDateOf(instant).split('-');
  return `${d}/${m}/${y}`;
}

/** Shortens text to at most `max` characters (code points), ending with '…' when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return `${chars
    .slice(0, Math.max(0, max - 1))
    .join('')
    .trimEnd()}…`;
}

/** Keeps a message within Zalo's limit (counting UTF-16 units, the strictest reading of the limit). */
export function clip(text: string, max = MAX_MESSAGE_LENGTH): string {
  if (text.length <= max) return text;
  let out = text.slice(0, max - 1);
  // Do not leave half of a surrogate pair.
  if (/[\uD800-\uDBFF]$/.test(out)) out = out.slice(0, -1);
  return `${out.trimEnd()}…`;
}

/**
 * Splits long text into messages of at most `max` UTF-16 units, preferring paragraph, line, then word breaks.
 */
export function splitMessage(text: string, max = MAX_MESSAGE_LENGTH): string[] {
  const parts: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    let cut = -1;
    for (const sep of ['\n\n', '\n', '. ', ' ']) {
      const at = window.lastIndexOf(sep);
      if (at >= max / 2) {
        cut = at + (sep === '. ' ? 1 : 0);
        break;
      }
    }
    if (cut <= 0) {
      cut = max;
      if (/[\uD800-\uDBFF]/.test(rest.charAt(cut - 1))) cut -= 1;
    }
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) parts.push(rest);
  return parts;
}

const CANCEL_HINT = 'Gõ “hủy” nếu bạn muốn dừng.';
const CODE_EXAMPLE = 'PA-2026-000123';

export const RATING_LABELS: Record<Rating, string> = {
  1: 'Rất không hài lòng',
  2: 'Không hài lòng',
  3: 'Bình thường',
  4: 'Hài lòng',
  5: 'Rất hài lòng',
};

function menu(): string {
  return [
    'Bạn vui lòng trả lời bằng một số:',
    numbered(['Gửi phản ánh', 'Phản ánh của tôi', `Tra cứu phản ánh: gõ #tracuu <mã>, ví dụ #tracuu ${CODE_EXAMPLE}`]),
    '',
    'Gửi nhanh: gõ #phananh rồi nội dung, ví dụ: #phananh Đèn đường trước nhà số 12 phố Lê Lợi bị hỏng.',
  ].join('\n');
}

function numbered(lines: string[]): string {
  return lines.map((l, i) => `${i + 1}. ${l}`).join('\n');
}

/** A numbered category list that always fits in one message, whatever the number of categories. */
function categoryLines(categories: CategoryOption[], budget: number): string {
  const lines: string[] = [];
  let used = 0;
  for (const [i, c] of categories.entries()) {
    const line = `${i + 1}. ${truncate(c.name, 80)}`;
    if (used + line.length + 1 > budget - 80) {
      lines.push(`(và ${categories.length - i} lĩnh vực khác: bạn có thể gõ tên lĩnh vực)`);
      break;
    }
    lines.push(line);
    used += line.length + 1;
  }
  return lines.join('\n');
}

export const chatbotMessages = {
  /** The main menu, for greetings, unknown text and “trợ giúp”. */
  help(): string {
    return `Xin chào! Đây là kênh tiếp nhận phản ánh, kiến nghị của người dân qua Zalo. ${menu()}`;
  },

  /** For the `follow` event. */
  welcome(): string {
    return `Xin chào và cảm ơn bạn đã quan tâm! Chúng tôi luôn sẵn sàng lắng nghe phản ánh, kiến nghị của bạn. ${menu()}`;
  },

  /** Help while a feedback is being written (the step's own prompt follows it). */
  flowHelp(): string {
    return `Bạn đang soạn một phản ánh. Bạn vui lòng làm theo hướng dẫn bên dưới. ${CANCEL_HINT} Tra cứu phản ánh đã gửi: #tracuu <mã>.`;
  },

  askContent(): string {
    return [
      'Bạn vui lòng mô tả sự việc cần phản ánh: chuyện gì đang xảy ra, ở đâu, từ khi nào.',
      'Bạn có thể gửi kèm ảnh ngay bây giờ hoặc ở bước sau.',
      CANCEL_HINT,
    ].join('\n');
  },

  contentTooShort(minLength: number): string {
    return [
      `Nội dung hơi ngắn nên chúng tôi chưa đủ thông tin để chuyển đến cơ quan giải quyết. Bạn vui lòng mô tả rõ hơn (ít nhất ${minLength} ký tự), ví dụ:`,
      '“Cống thoát nước trước nhà số 5 đường Trần Phú bị tắc, nước tràn ra đường từ sáng nay.”',
      CANCEL_HINT,
    ].join('\n');
  },

  /** A photo was added to the draft. */
  photoAdded(count: number, max: number): string {
    return `Chúng tôi đã nhận ảnh của bạn (${count}/${max} ảnh).`;
  },

  /** The citizen filed as many feedback as the limit allows for now; nothing was filed. */
  tooManyFiled(retryAfterSeconds: number): string {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    return `Bạn đã gửi nhiều phản ánh trong thời gian ngắn nên phản ánh này chưa được tiếp nhận. Vui lòng gửi lại sau khoảng ${minutes} phút.`;
  },

  tooManyPhotos(max: number): string {
    return `Mỗi phản ánh được gửi kèm tối đa ${max} ảnh. Chúng tôi đã nhận đủ ${max} ảnh nên không thêm ảnh này.`;
  },

  locationAdded(): string {
    return 'Chúng tôi đã nhận vị trí bạn gửi.';
  },

  /** The content prompt after a photo or a location came first. */
  stillNeedContent(): string {
    return `Bạn vui lòng nhắn thêm vài dòng mô tả sự việc (chuyện gì, ở đâu, từ khi nào) để chúng tôi chuyển đến cơ quan giải quyết. ${CANCEL_HINT}`;
  },

  /** After a photo or location at the category step. */
  categoryReminder(): string {
    return 'Bạn vui lòng chọn lĩnh vực bằng cách trả lời số thứ tự trong danh sách ở trên.';
  },

  categoryList(categories: CategoryOption[]): string {
    const head = 'Phản ánh của bạn thuộc lĩnh vực nào? Bạn vui lòng trả lời bằng số thứ tự:';
    const tail = CANCEL_HINT;
    const budget = MAX_MESSAGE_LENGTH - head.length - tail.length - 4;
    return clip(`${head}\n${categoryLines(categories, budget)}\n${tail}`);
  },

  categoryInvalid(categories: CategoryOption[]): string {
    const head = 'Chúng tôi chưa nhận ra lĩnh vực bạn chọn. Bạn vui lòng trả lời bằng một số trong danh sách:';
    const tail = CANCEL_HINT;
    const budget = MAX_MESSAGE_LENGTH - head.length - tail.length - 4;
    return clip(`${head}\n${categoryLines(categories, budget)}\n${tail}`);
  },

  askMedia(photoCount: number, max: number): string {
    const have = photoCount > 0 ? ` Bạn đã gửi ${photoCount} ảnh.` : '';
    return [
      `Bạn có thể gửi thêm ảnh chụp hiện trường (tối đa ${max} ảnh) và vị trí của sự việc (trong Zalo, chọn đính kèm rồi chọn Vị trí).${have}`,
      'Khi đã gửi xong, bạn gõ “xong”. Nếu không có ảnh hay vị trí, bạn gõ “bỏ qua”.',
    ].join('\n');
  },

  /** After a photo or location at the media step. */
  mediaNext(): string {
    return 'Bạn có thể gửi thêm ảnh, vị trí, hoặc gõ “xong” để xem lại và gửi phản ánh.';
  },

  mediaHint(): string {
    return `Ở bước này, chúng tôi chờ ảnh hoặc vị trí. Bạn gõ “xong” để xem lại và gửi phản ánh, hoặc “bỏ qua” nếu không có ảnh. ${CANCEL_HINT}`;
  },

  summary(draft: DraftSummary): string {
    return [
      'Bạn vui lòng kiểm tra lại phản ánh trước khi gửi:',
      `• Nội dung: “${truncate(draft.content.replace(/\s+/g, ' ').trim(), 300)}”`,
      `• Lĩnh vực: ${draft.categoryName ? truncate(draft.categoryName, 100) : 'chưa chọn'}`,
      `• Ảnh: ${draft.photoCount > 0 ? `${draft.photoCount} ảnh` : 'không có'}`,
      `• Vị trí: ${draft.hasLocation ? 'có' : 'không có'}`,
      '',
      'Bạn vui lòng trả lời:',
      '1. Đồng ý gửi',
      '2. Hủy',
    ].join('\n');
  },

  /** Prefix when the answer at the confirm step was not understood (the summary follows). */
  confirmNotUnderstood(): string {
    return 'Chúng tôi chưa hiểu lựa chọn của bạn. Bạn gõ “1” hoặc “đồng ý” để gửi, “hủy” để dừng.';
  },

  cancelled(): string {
    return 'Chúng tôi đã hủy phản ánh bạn đang soạn. Khi cần, bạn gõ “1” hoặc “gửi phản ánh” để bắt đầu lại.';
  },

  nothingToCancel(): string {
    return 'Hiện bạn không có phản ánh nào đang soạn. Bạn gõ “trợ giúp” để xem hướng dẫn.';
  },

  /** The session was idle too long; what follows is handled as a new conversation. */
  expired(minutes = 30): string {
    return `Phiên trò chuyện trước đã hết hạn vì quá ${minutes} phút không có tin nhắn mới, nên phản ánh đang soạn dở chưa được gửi. Chúng tôi xin tiếp nhận tin nhắn bạn vừa gửi như một cuộc trò chuyện mới.`;
  },

  /** Stickers, voice messages, files…: say what the bot understands. */
  unsupported(eventName?: string): string {
    const what = unsupportedKind(eventName);
    const intro =
      eventName === 'user_send_sticker'
        ? 'Cảm ơn bạn! Tuy nhiên, chúng tôi chưa đọc được nhãn dán.'
        : `Xin lỗi, chúng tôi chưa đọc được ${what}.`;
    return `${intro} Chúng tôi hiểu tin nhắn chữ, ảnh chụp và vị trí (khi bạn gửi phản ánh). Bạn vui lòng nhắn bằng chữ, hoặc gõ “trợ giúp” để xem hướng dẫn.`;
  },

  /** `#phananh` without enough content. */
  shortcutUsage(minLength: number): string {
    return `Để gửi nhanh, bạn gõ #phananh rồi mô tả sự việc (ít nhất ${minLength} ký tự), ví dụ:\n#phananh Đèn đường trước nhà số 12 phố Lê Lợi bị hỏng 3 ngày nay.\nHoặc gõ “1” để được hướng dẫn từng bước.`;
  },

  filed(code: string, dueAt: Date | null): string {
    const due = dueAt ? `; hạn trả lời: ${formatViDate(dueAt)}` : '';
    return [
      // Filed is not yet accepted: the unit has still to take it on, so the words are those of sending.
      `${ACTION_DONE_VI.created} thành công (trạng thái: ${STATUS_LABELS_VI.received}). Cảm ơn bạn đã đóng góp ý kiến!`,
      `Mã phản ánh của bạn: ${code}${due}.`,
      `Bạn có thể tra cứu bất cứ lúc nào bằng cách gõ #tracuu ${code}. Chúng tôi sẽ nhắn tin cho bạn khi có kết quả.`,
    ].join('\n');
  },

  /** A filing or lookup could not be done because of a technical problem. */
  systemError(): string {
    return 'Xin lỗi, hệ thống đang gặp sự cố nên chưa xử lý được yêu cầu của bạn. Bạn vui lòng thử lại sau ít phút.';
  },

  /** How to write a tracking code. */
  lookupFormat(): string {
    return `Mã phản ánh có dạng ${CODE_EXAMPLE} (PA, năm tiếp nhận, số thứ tự). Để tra cứu, bạn gõ: #tracuu ${CODE_EXAMPLE}`;
  },

  /** Status of one of the citizen's own feedback items. */
  lookup(statusLabel: string, dueAt: Date | null, answer?: string | null, code?: string): string {
    const lines = [
      code ? `Phản ánh ${code}` : 'Thông tin phản ánh của bạn',
      `• Trạng thái: ${statusLabel}`,
    ];
    if (dueAt) lines.push(`• Hạn trả lời: ${formatViDate(dueAt)}`);
    const head = lines.join('\n');
    if (!answer?.trim()) return head;
    const label = '\n• Nội dung trả lời:\n';
    return clip(head + label + truncate(answer.trim(), MAX_MESSAGE_LENGTH - head.length - label.length - 10));
  },

  /**
   * Unknown code, or somebody else's: the same words, so a lookup never reveals that a code exists.
   * Deliberately does not repeat the code.
   */
  lookupNotFound(): string {
    return 'Chúng tôi không tìm thấy phản ánh nào của bạn có mã này. Bạn vui lòng kiểm tra lại mã, hoặc gõ #cuatoi để xem các phản ánh bạn đã gửi.';
  },
  lookupNotYours(): string {
    return chatbotMessages.lookupNotFound();
  },

  /** The citizen's feedback, newest first as given; at most 10 are shown. */
  myList(items: MyFeedbackItem[]): string {
    if (items.length === 0) {
      return 'Chúng tôi chưa thấy phản ánh nào của bạn. Bạn gõ “1” hoặc “gửi phản ánh” để gửi phản ánh đầu tiên.';
    }
    const shown = items.slice(0, 10);
    const head =
      items.length > shown.length
        ? `Bạn có ${items.length} phản ánh; dưới đây là ${shown.length} phản ánh gần nhất:`
        : 'Các phản ánh của bạn:';
    const lines = shown.map(
      (it, i) => `${i + 1}. ${it.code}: ${it.statusLabel} (gửi ngày ${formatViDate(it.receivedAt)})`,
    );
    return clip([head, ...lines, '', 'Để xem chi tiết, bạn gõ #tracuu <mã>.'].join('\n'));
  },

  ratingRequest(code?: string): string {
    const about = code ? `câu trả lời cho phản ánh ${code}` : 'câu trả lời';
    return [
      `Bạn có hài lòng với ${about} không? Bạn vui lòng trả lời bằng một số từ 1 đến 5:`,
      ...([1, 2, 3, 4, 5] as const).map((r) => `${r}. ${RATING_LABELS[r]}`),
    ].join('\n');
  },

  ratingThanks(rating: Rating): string {
    return rating <= 2
      ? 'Cảm ơn bạn đã đánh giá. Chúng tôi rất tiếc vì kết quả chưa làm bạn hài lòng và sẽ ghi nhận ý kiến của bạn để cải thiện.'
      : 'Cảm ơn bạn đã đánh giá! Ý kiến của bạn giúp chúng tôi phục vụ người dân tốt hơn.';
  },

  // Notifications to the citizen when the feedback moves on.

  accepted(code: string): string {
    return `Phản ánh ${code} của bạn đã được cơ quan có thẩm quyền tiếp nhận (trạng thái: ${STATUS_LABELS_VI.accepted}) và sẽ được xem xét, giải quyết. Chúng tôi sẽ nhắn tin cho bạn khi có kết quả.`;
  },

  needsInfo(code: string, note: string): string {
    const tail = '\nBạn vui lòng bổ sung thông tin để phản ánh được tiếp tục giải quyết. Cảm ơn bạn đã phối hợp!';
    if (!note.trim()) return `Để giải quyết phản ánh ${code}, cơ quan xử lý cần bạn bổ sung thông tin.${tail}`;
    const head = `Để giải quyết phản ánh ${code}, cơ quan xử lý cần bạn bổ sung thông tin:\n`;
    return clip(`${head}“${truncate(note.trim(), MAX_MESSAGE_LENGTH - head.length - tail.length - 4)}”${tail}`);
  },

  transferred(code: string, unitName: string): string {
    const unit = unitName.trim() ? truncate(unitName.trim(), 200) : 'đơn vị có thẩm quyền';
    return `Phản ánh ${code} của bạn đã được chuyển đến ${unit} để giải quyết theo thẩm quyền. Thời hạn trả lời được tính lại từ khi đơn vị này tiếp nhận. Bạn có thể gõ #tracuu ${code} để xem hạn trả lời mới.`;
  },

  /**
   * The answer, split over as many messages as it needs (never cut), followed by the rating request as the last
   * message. Send them in order.
   */
  answered(code: string, answer: string): string[] {
    const text = `Phản ánh ${code} của bạn đã có câu trả lời:\n\n${answer.trim()}`;
    return [...splitMessage(text), chatbotMessages.ratingRequest(code)];
  },

  rejected(code: string, reason: string): string {
    const head = `Chúng tôi rất tiếc, phản ánh ${code} của bạn không được tiếp nhận giải quyết.`;
    const tail = '\nNếu cần, bạn có thể gửi phản ánh mới với thông tin đầy đủ hơn.';
    if (!reason.trim()) return head + tail;
    const withLabel = `${head}\nLý do: `;
    return clip(withLabel + truncate(reason.trim(), MAX_MESSAGE_LENGTH - withLabel.length - tail.length - 2) + tail);
  },
};

export type ChatbotMessages = typeof chatbotMessages;

function unsupportedKind(eventName?: string): string {
  switch (eventName) {
    case 'user_send_sticker':
      return 'nhãn dán';
    case 'user_send_audio':
      return 'tin nhắn thoại';
    case 'user_send_video':
      return 'video';
    case 'user_send_file':
      return 'tệp đính kèm';
    case 'user_send_gif':
      return 'ảnh động';
    case 'user_send_link':
      return 'đường liên kết';
    case 'user_send_business_card':
      return 'danh thiếp';
    default:
      return 'loại tin nhắn này';
  }
}
