import { describe, expect, it } from 'vitest';
import {
  duplicateResolutionNote,
  handledThroughMain,
  linkRefusal,
  type LinkItem,
  mergedNoticeVi,
  propagatesToDuplicates,
  unlinkRefusal,
} from '../../bot-server/src/domain/feedback/duplicate-rules.js';

const item = (id: number, over: Partial<LinkItem> = {}): LinkItem => ({
  id,
  code: `PA-2026-00000${id}`,
  status: 'received',
  duplicateOfId: null,
  duplicateCount: 0,
  ...over,
});

describe('linking a duplicate to its main item', () => {
  it('allows two open items that are neither duplicates nor, for the duplicate, a main item', () => {
    expect(linkRefusal(item(2), item(1))).toBeNull();
    expect(linkRefusal(item(2, { status: 'needs_info' }), item(1, { status: 'in_progress' }))).toBeNull();
    // The main item may already have other duplicates.
    expect(linkRefusal(item(3), item(1, { duplicateCount: 2 }))).toBeNull();
  });

  it('refuses an item as its own duplicate with 422 naming the field', () => {
    expect(linkRefusal(item(1), item(1))).toMatchObject({ status: 422, field: 'main' });
  });

  it('refuses chains: a duplicate as main, or a main item as duplicate', () => {
    expect(linkRefusal(item(3), item(2, { duplicateOfId: 1 }))).toMatchObject({ status: 409, error: 'main_is_duplicate' });
    expect(linkRefusal(item(1, { duplicateCount: 1 }), item(3))).toMatchObject({ status: 409, error: 'has_duplicates' });
    // A cycle needs one of the two: A→B while B→A is refused as "already linked" or "main is a duplicate".
    expect(linkRefusal(item(1), item(2, { duplicateOfId: 1 }))).toMatchObject({ status: 409 });
    expect(linkRefusal(item(2, { duplicateOfId: 1 }), item(3))).toMatchObject({ status: 409, error: 'already_linked' });
  });

  it('refuses items that are no longer open', () => {
    for (const status of ['answered', 'closed', 'rejected'] as const) {
      expect(linkRefusal(item(2, { status }), item(1))).toMatchObject({ status: 409, error: 'not_open' });
      expect(linkRefusal(item(2), item(1, { status }))).toMatchObject({ status: 409, error: 'main_not_open' });
    }
  });
});

describe('unlinking', () => {
  it('is allowed while the main item is open', () => {
    expect(unlinkRefusal(item(2, { duplicateOfId: 1 }), item(1, { status: 'in_progress' }))).toBeNull();
  });
  it('is refused when not linked, or once the main item is answered', () => {
    expect(unlinkRefusal(item(2), null)).toMatchObject({ status: 409, error: 'not_linked' });
    expect(unlinkRefusal(item(2, { duplicateOfId: 1 }), item(1, { status: 'answered' }))).toMatchObject({ status: 409, error: 'main_not_open' });
  });
});

describe('handling through the main item', () => {
  it('holds an open linked duplicate, not an unlinked or resolved one', () => {
    expect(handledThroughMain({ duplicateOfId: 1, status: 'accepted' })).toBe(true);
    expect(handledThroughMain({ duplicateOfId: 1, status: 'needs_info' })).toBe(true);
    expect(handledThroughMain({ duplicateOfId: null, status: 'accepted' })).toBe(false);
    expect(handledThroughMain({ duplicateOfId: 1, status: 'answered' })).toBe(false);
  });
  it('passes answers and rejections on, nothing else', () => {
    expect(propagatesToDuplicates('answer')).toBe(true);
    expect(propagatesToDuplicates('reject')).toBe(true);
    for (const a of ['accept', 'start', 'transfer', 'request_info', 'close', 'publish', 'assign'] as const) {
      expect(propagatesToDuplicates(a)).toBe(false);
    }
  });
  it('words the timeline note and the citizen notice with the main code', () => {
    expect(duplicateResolutionNote('answer', 'PA-2026-000001')).toBe('Trả lời theo phản ánh chính PA-2026-000001');
    expect(duplicateResolutionNote('reject', 'PA-2026-000001')).toBe('Từ chối theo phản ánh chính PA-2026-000001');
    expect(mergedNoticeVi('PA-2026-000001')).toBe('Phản ánh của bạn được gộp với PA-2026-000001 để xử lý chung');
  });
});
