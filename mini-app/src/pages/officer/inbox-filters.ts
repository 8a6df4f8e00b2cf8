// The inbox's filters (kept in the address, so "back" from an item returns to the same tab) and their empty states.
import type { FeedbackStatus } from '../../api/types';
import { STATUS_LABELS } from '../../lib/feedback-labels';

export type InboxTab = 'all' | 'due_soon' | 'overdue';

export const INBOX_TABS: { key: InboxTab; label: string }[] = [
  { key: 'all', label: 'Tất cả' },
  { key: 'due_soon', label: 'Sắp đến hạn' },
  { key: 'overdue', label: 'Quá hạn' },
];

export const ALL_STATUSES = 'all';

export interface InboxFilter {
  tab: InboxTab;
  status: FeedbackStatus | undefined;
  /** Words searched without diacritics in the title, content and code (the server's q). */
  q?: string | undefined;
}

const isStatus = (s: string | null): s is FeedbackStatus => s !== null && Object.prototype.hasOwnProperty.call(STATUS_LABELS, s);

export function filterFromParams(params: URLSearchParams): InboxFilter {
  const due = params.get('due');
  const status = params.get('status');
  const q = params.get('q')?.trim() || undefined;
  return { tab: due === 'due_soon' || due === 'overdue' ? due : 'all', status: isStatus(status) ? status : undefined, q };
}

export function paramsFromFilter(f: InboxFilter): Record<string, string> {
  const out: Record<string, string> = {};
  if (f.tab !== 'all') out.due = f.tab;
  if (f.status) out.status = f.status;
  if (f.q?.trim()) out.q = f.q.trim();
  return out;
}

export function listQuery(f: InboxFilter): { status?: FeedbackStatus; due?: 'overdue' | 'due_soon'; q?: string } {
  return { ...(f.status ? { status: f.status } : {}), ...(f.tab !== 'all' ? { due: f.tab } : {}), ...(f.q ? { q: f.q } : {}) };
}

/** How many items the inbox asks for at a time. */
export const INBOX_PAGE = 50;

/** The inbox's first call when opened without filters (main.tsx starts it early: first-screen.ts). */
export const firstInboxQuery = () => ({ ...listQuery(filterFromParams(new URLSearchParams())), limit: INBOX_PAGE });

/** "Không có phản ánh quá hạn", "Không có phản ánh sắp đến hạn ở trạng thái “Đang xử lý”"… */
export function emptyMessage(f: InboxFilter): string {
  if (f.q) return `Không tìm thấy phản ánh nào có “${f.q}”.`;
  const base = f.tab === 'overdue' ? 'Không có phản ánh quá hạn' : f.tab === 'due_soon' ? 'Không có phản ánh sắp đến hạn' : 'Chưa có phản ánh nào';
  if (!f.status) return `${base}.`;
  const state = `ở trạng thái “${STATUS_LABELS[f.status]}”`;
  return f.tab === 'all' ? `Không có phản ánh ${state}.` : `${base} ${state}.`;
}
