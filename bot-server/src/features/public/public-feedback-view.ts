// What anyone may see of a published feedback (CONTRACT §13). Built field by field from an allow-list, never by
// removing fields from a staff view: no contact details, Zalo ids, citizen or officer names, internal notes, reject
// reasons, exact coordinates or free-text address. The texts an officer published are the citizen's own words, so
// the item's own contact details are masked in them too, with anything shaped like a phone number or e-mail.
import { toIsoWithOffset } from '../../domain/calendar/local-date.js';
import { localDateOf } from '../../domain/calendar/local-date.js';
import type { WorkingCalendar } from '../../domain/calendar/working-calendar.js';
import { STATUS_LABELS_VI } from '../../domain/feedback/feedback-vocabulary.js';
import type { FeedbackRow } from '../feedback/feedback-service.js';

export const MASK = '[đã ẩn]';

/** About 110 m: enough for a map of a commune, not enough to find a house. */
export const LOCATION_DECIMALS = 3;
const round = (v: number) => Math.round(v * 10 ** LOCATION_DECIMALS) / 10 ** LOCATION_DECIMALS;

// Vietnamese phone numbers as people write them (0912 345 678, +84 912.345.678, 84912345678) and e-mails.
const PHONE_RE = /(?<!\d)(?:\+?84|0)(?:[\s.-]?\d){8,10}(?!\d)/g;
const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text with the given personal values and anything like a phone number or e-mail replaced by MASK. */
export function maskPersonalData(text: string | null, personal: (string | null | undefined)[]): string | null {
  if (text === null) return null;
  let out = text;
  for (const value of personal) {
    const v = value?.trim();
    // Very short values (a one-letter name) would mask ordinary words.
    if (v && v.length >= 3) out = out.replace(new RegExp(escapeRe(v), 'giu'), MASK);
  }
  return out.replace(EMAIL_RE, MASK).replace(PHONE_RE, MASK);
}

export interface PublicRowContext {
  unit: { code: string; name: string };
  category: { code: string; name: string } | null;
  /** The commune or district the handling unit belongs to (itself included), from the unit tree. */
  area: string | null;
  photoIds: number[];
  /** The citizen's account name, masked in the texts like the contact name. */
  citizenName: string | null;
}

export const publicPhotoPath = (code: string, id: number) => `/api/v1/public/feedback/${code}/photos/${id}`;

export function publishedView(row: FeedbackRow, ctx: PublicRowContext, cal: WorkingCalendar) {
  const personal = [row.contactName, row.contactPhone, row.contactEmail, ctx.citizenName];
  const iso = (d: Date | null) => (d ? toIsoWithOffset(d) : null);
  return {
    code: row.code,
    title: maskPersonalData(row.title, personal),
    content: maskPersonalData(row.content, personal),
    category: ctx.category?.code ?? null,
    categoryName: ctx.category?.name ?? null,
    // Codes like the query's filters (CONTRACT §13), names beside them for people.
    unit: ctx.unit.code,
    unitName: ctx.unit.name,
    area: ctx.area,
    status: row.status,
    statusLabel: STATUS_LABELS_VI[row.status],
    receivedAt: iso(row.receivedAt)!,
    answeredAt: iso(row.answeredAt),
    // Working days from receipt to answer; the day of receipt does not count (CONTRACT §4).
    workingDaysTaken: row.answeredAt ? cal.workingDaysBetween(localDateOf(row.receivedAt), localDateOf(row.answeredAt)) : null,
    answer: maskPersonalData(row.answer, personal),
    location: row.lat !== null && row.lng !== null ? { lat: round(row.lat), lng: round(row.lng) } : null,
    photos: ctx.photoIds.map((id) => publicPhotoPath(row.code, id)),
  };
}

export type PublishedView = ReturnType<typeof publishedView>;
