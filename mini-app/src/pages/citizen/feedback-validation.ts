// The checks of the feedback form, pure and in Vietnamese, matching the server's create rules
// (bot-server/src/features/feedback/feedback-routes.ts: createSchema) so a citizen learns what is wrong before sending.
import type { NewFeedback } from '../../api/types';
import { fieldError } from '../../components/field-errors';

export const CONTENT_MIN = 10;
export const CONTENT_MAX = 4000;
export const TITLE_MAX = 200;
export const ADDRESS_MAX = 500;
export const NAME_MAX = 200;
export const NOTE_MAX = 4000;
export const RATING_COMMENT_MAX = 2000;
/** Photos a citizen may attach in one go (the server allows 10 per feedback in all). */
export const MAX_PHOTOS = 5;
/** The server refuses an upload request over 10 MB. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

export type FeedbackField = 'category' | 'title' | 'content' | 'address' | 'location' | 'name' | 'phone' | 'photos';
export type FieldErrors = Partial<Record<FeedbackField, string>>;

export interface FeedbackFormValues {
  category: string;
  title: string;
  content: string;
  address: string;
  location: { lat: number; lng: number } | null;
  consent: boolean;
  name: string;
  phone: string;
  photoCount: number;
}

export const emptyFeedbackValues = (): FeedbackFormValues => ({
  category: '',
  title: '',
  content: '',
  address: '',
  location: null,
  consent: false,
  name: '',
  phone: '',
  photoCount: 0,
});

/** The length the server counts: after trimming, in UTF-16 units like JavaScript's (and zod's) `length`. */
export const contentLength = (content: string): number => content.trim().length;

/** A phone number as people type it ("0912 345 678", "+84 912.345.678") without the separators. */
export function normalizePhone(phone: string): string {
  return phone.trim().replace(/[\s.\-()]/g, '');
}

export function isValidPhone(phone: string): boolean {
  return /^\+?\d{8,15}$/.test(normalizePhone(phone));
}

export function validateContent(content: string): string | undefined {
  const n = contentLength(content);
  if (n === 0) return `Vui lòng nhập nội dung phản ánh (ít nhất ${CONTENT_MIN} ký tự).`;
  if (n < CONTENT_MIN) return `Nội dung phản ánh cần ít nhất ${CONTENT_MIN} ký tự (hiện có ${n}).`;
  if (n > CONTENT_MAX) return `Nội dung phản ánh không được quá ${CONTENT_MAX} ký tự (hiện có ${n}).`;
  return undefined;
}

/** How many more photos may be added. */
export const photoSlotsLeft = (current: number): number => Math.max(0, MAX_PHOTOS - current);

export function validatePhotoCount(count: number): string | undefined {
  return count > MAX_PHOTOS ? `Chỉ được đính kèm tối đa ${MAX_PHOTOS} ảnh.` : undefined;
}

/** Every problem of the form, one Vietnamese message per field; empty when it can be sent. */
export function validateFeedback(v: FeedbackFormValues): FieldErrors {
  const errors: FieldErrors = {};
  const content = validateContent(v.content);
  if (content) errors.content = content;
  if (v.title.trim().length > TITLE_MAX) errors.title = `Tiêu đề không được quá ${TITLE_MAX} ký tự.`;
  if (v.address.trim().length > ADDRESS_MAX) errors.address = `Địa chỉ không được quá ${ADDRESS_MAX} ký tự.`;
  if (v.consent) {
    if (v.name.trim().length > NAME_MAX) errors.name = `Họ và tên không được quá ${NAME_MAX} ký tự.`;
    if (!v.phone.trim()) errors.phone = 'Vui lòng nhập số điện thoại để cơ quan xử lý liên hệ lại.';
    else if (!isValidPhone(v.phone)) errors.phone = 'Số điện thoại chưa đúng (8 đến 15 chữ số, có thể bắt đầu bằng +).';
  }
  const photos = validatePhotoCount(v.photoCount);
  if (photos) errors.photos = photos;
  return errors;
}

export const hasErrors = (errors: FieldErrors): boolean => Object.values(errors).some(Boolean);

/** The request body: empty optional fields left out, contact details only with the citizen's consent. */
export function toNewFeedback(v: FeedbackFormValues): NewFeedback {
  const body: NewFeedback = { content: v.content.trim() };
  if (v.category) body.category = v.category;
  if (v.title.trim()) body.title = v.title.trim();
  if (v.location) body.location = { lat: v.location.lat, lng: v.location.lng };
  if (v.address.trim()) body.address = v.address.trim();
  if (v.consent) {
    const contact: NonNullable<NewFeedback['contact']> = { phone: normalizePhone(v.phone) };
    if (v.name.trim()) contact.name = v.name.trim();
    body.contact = contact;
  }
  return body;
}

/** Server field names (zod paths such as "contact.phone") and the Vietnamese hint shown under the field. */
const SERVER_FIELDS: { server: string; field: FeedbackField; message: string }[] = [
  { server: 'content', field: 'content', message: `Nội dung phản ánh cần từ ${CONTENT_MIN} đến ${CONTENT_MAX} ký tự.` },
  { server: 'title', field: 'title', message: `Tiêu đề không được quá ${TITLE_MAX} ký tự.` },
  { server: 'category', field: 'category', message: 'Lĩnh vực này không còn được hỗ trợ. Vui lòng chọn lĩnh vực khác.' },
  { server: 'address', field: 'address', message: `Địa chỉ không được quá ${ADDRESS_MAX} ký tự.` },
  { server: 'location', field: 'location', message: 'Vị trí chưa hợp lệ. Vui lòng lấy lại vị trí.' },
  { server: 'contact.name', field: 'name', message: `Họ và tên không được quá ${NAME_MAX} ký tự.` },
  { server: 'contact.phone', field: 'phone', message: 'Số điện thoại chưa đúng (8 đến 15 chữ số, có thể bắt đầu bằng +).' },
  { server: 'file', field: 'photos', message: 'Ảnh chưa hợp lệ hoặc đã quá số ảnh cho phép.' },
];

/** The fields a server 400/422 names, as Vietnamese messages next to the form's fields. */
export function serverFieldErrors(error: unknown): FieldErrors {
  const errors: FieldErrors = {};
  for (const s of SERVER_FIELDS) {
    const message = fieldError(error, s.server, s.message);
    if (message && !errors[s.field]) errors[s.field] = message;
  }
  return errors;
}
