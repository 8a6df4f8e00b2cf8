// The feedback lifecycle as data: which action moves which state where. Pure, unit-tested.
// The mini app imports this module too (one table for the server and the screens): keep it free of runtime imports.
import type { FeedbackStatus } from '../../../../db/schema.js';

export const FEEDBACK_ACTIONS = [
  'accept',
  'start',
  'request_info',
  'provide_info',
  'transfer',
  'answer',
  'reject',
  'close',
  'publish',
  'unpublish',
  'assign',
] as const;
export type FeedbackAction = (typeof FEEDBACK_ACTIONS)[number];

const OPEN: FeedbackStatus[] = ['received', 'accepted', 'in_progress'];

/** States from which each action is allowed. */
const FROM: Record<FeedbackAction, readonly FeedbackStatus[]> = {
  accept: ['received'],
  start: ['accepted'],
  request_info: OPEN,
  provide_info: ['needs_info'],
  transfer: [...OPEN, 'needs_info'],
  answer: [...OPEN, 'needs_info'],
  reject: [...OPEN, 'needs_info'],
  close: ['answered', 'rejected'],
  publish: ['answered', 'closed'],
  unpublish: ['answered', 'closed'],
  assign: [...OPEN, 'needs_info'],
};

export function canApply(action: FeedbackAction, status: FeedbackStatus): boolean {
  return FROM[action].includes(status);
}

/**
 * The state after an action. `provide_info` returns to in_progress (the officer had the item in hand);
 * a transfer lands as `received` at the new unit, whose clock restarts.
 */
export function nextStatus(action: FeedbackAction, status: FeedbackStatus): FeedbackStatus {
  switch (action) {
    case 'accept':
      return 'accepted';
    case 'start':
    case 'provide_info':
      return 'in_progress';
    case 'request_info':
      return 'needs_info';
    case 'transfer':
      return 'received';
    case 'answer':
      return 'answered';
    case 'reject':
      return 'rejected';
    case 'close':
      return 'closed';
    default:
      return status;
  }
}

export function isOpen(status: FeedbackStatus): boolean {
  return OPEN.includes(status) || status === 'needs_info';
}

// The words of the states are in feedback-vocabulary.ts (one vocabulary for the app, the bot and the exports).

export function formatTrackingCode(year: number, seq: number): string {
  return `PA-${year}-${String(seq).padStart(6, '0')}`;
}

export const TRACKING_CODE_RE = /^PA-\d{4}-\d{6,}$/;
