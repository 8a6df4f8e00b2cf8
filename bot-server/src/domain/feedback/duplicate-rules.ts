// Linking a duplicate feedback to its main item, as pure rules. One level only: a main item is never itself a
// duplicate and a duplicate never has duplicates, so there are no chains and no cycles. While linked and open, a
// duplicate is handled through its main item: answering (or rejecting) the main one answers every open duplicate.
// The mini app imports this module too: it imports only other pure modules.
import type { FeedbackStatus } from '../../../../db/schema.js';
import { type FeedbackAction, isOpen } from './feedback-state.js';

export const DUPLICATE_ACTIONS = ['link_duplicate', 'unlink_duplicate'] as const;
export type DuplicateAction = (typeof DUPLICATE_ACTIONS)[number];

/** What the rules need of an item. */
export interface LinkItem {
  id: number;
  code: string;
  status: FeedbackStatus;
  duplicateOfId: number | null;
  /** How many items are linked to this one as duplicates. */
  duplicateCount: number;
}

export type Refusal = { status: 409 | 422; error: string; message: string; field?: string };

const conflict = (error: string, message: string): Refusal => ({ status: 409, error, message });

/** Why `dup` may not be linked to `main`, or null when it may. Visibility is checked before (404). */
export function linkRefusal(dup: LinkItem, main: LinkItem): Refusal | null {
  if (dup.id === main.id) {
    return { status: 422, error: 'unprocessable', field: 'main', message: 'A feedback cannot be a duplicate of itself' };
  }
  if (dup.duplicateOfId !== null) {
    return conflict('already_linked', `${dup.code} is already linked to a main item; unlink it first`);
  }
  if (!isOpen(dup.status)) return conflict('not_open', `${dup.code} is ${dup.status}; only an open feedback can be linked`);
  if (dup.duplicateCount > 0) {
    return conflict('has_duplicates', `${dup.code} is itself the main item of ${dup.duplicateCount} duplicate(s)`);
  }
  if (main.duplicateOfId !== null) {
    return conflict('main_is_duplicate', `${main.code} is itself a duplicate; link to its main item instead`);
  }
  if (!isOpen(main.status)) return conflict('main_not_open', `${main.code} is ${main.status}; the main item must be open`);
  return null;
}

/** Why `dup` may not be unlinked from its main item, or null when it may. */
export function unlinkRefusal(dup: Pick<LinkItem, 'code' | 'duplicateOfId' | 'status'>, main: Pick<LinkItem, 'code' | 'status'> | null): Refusal | null {
  if (dup.duplicateOfId === null || !main) return conflict('not_linked', `${dup.code} is not linked to a main item`);
  if (!isOpen(main.status)) return conflict('main_not_open', `${main.code} is ${main.status}; the link can no longer be undone`);
  if (!isOpen(dup.status)) return conflict('not_open', `${dup.code} is ${dup.status}; the link can no longer be undone`);
  return null;
}

/** Whether an action on an item is refused because the item is an open duplicate handled through its main item. */
export function handledThroughMain(item: { duplicateOfId: number | null; status: FeedbackStatus }): boolean {
  return item.duplicateOfId !== null && isOpen(item.status);
}

/** The actions on a main item that resolve its open duplicates too, with the same text. */
export function propagatesToDuplicates(action: FeedbackAction): action is 'answer' | 'reject' {
  return action === 'answer' || action === 'reject';
}

/** The timeline note of a duplicate resolved by its main item. */
export function duplicateResolutionNote(action: 'answer' | 'reject', mainCode: string): string {
  return action === 'answer' ? `Trả lời theo phản ánh chính ${mainCode}` : `Từ chối theo phản ánh chính ${mainCode}`;
}

/** What the citizen of a duplicate reads on its screen. */
export function mergedNoticeVi(mainCode: string): string {
  return `Phản ánh của bạn được gộp với ${mainCode} để xử lý chung`;
}

export const DUPLICATE_LABELS_VI = {
  link: 'Gộp vào phản ánh chính',
  linkDone: 'Đã gộp',
  unlink: 'Bỏ gộp',
  unlinkDone: 'Đã bỏ gộp',
} as const;
