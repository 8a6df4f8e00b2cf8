// What each audience may see of a feedback. Contact details only ever reach staff of the unit and the citizen.
import { toIsoWithOffset } from '../../domain/calendar/local-date.js';
import type { DeadlineStatus } from '../../domain/feedback/deadline-status.js';
import { actorDisplayName, STATUS_LABELS_VI } from '../../domain/feedback/feedback-vocabulary.js';
import type { FeedbackRow } from './feedback-service.js';

const iso = (d: Date | null) => (d ? toIsoWithOffset(d) : null);

export interface UnitInfo {
  code: string;
  name: string;
}

export function publicView(row: FeedbackRow, unit: UnitInfo, categoryCode: string | null) {
  return {
    code: row.code,
    channel: row.channel,
    category: categoryCode,
    unit,
    title: row.title,
    content: row.content,
    status: row.status,
    statusLabel: STATUS_LABELS_VI[row.status],
    published: row.published,
    receivedAt: iso(row.receivedAt),
    dueAt: iso(row.dueAt),
    answeredAt: iso(row.answeredAt),
    answer: row.answer,
    rejectReason: row.rejectReason,
    closedAt: iso(row.closedAt),
    location: row.lat !== null && row.lng !== null ? { lat: row.lat, lng: row.lng } : null,
    address: row.address,
  };
}

/** `deadline` is deadlineStatus() of the row at the time of the request. */
export function citizenView(row: FeedbackRow, unit: UnitInfo, categoryCode: string | null, deadline: DeadlineStatus) {
  return {
    ...publicView(row, unit, categoryCode),
    deadline,
    rating: row.rating,
    ratingComment: row.ratingComment,
    contact: { name: row.contactName, phone: row.contactPhone, email: row.contactEmail },
  };
}

export function staffView(row: FeedbackRow, unit: UnitInfo, categoryCode: string | null, deadline: DeadlineStatus) {
  return {
    ...citizenView(row, unit, categoryCode, deadline),
    externalId: row.externalId,
    urgency: row.urgency,
    assignedUserId: row.assignedUserId,
    policy: { unit: row.policyUnit, amount: row.policyAmount },
    clockStartedAt: iso(row.clockStartedAt),
    pausedAt: iso(row.pausedAt),
    pausedAmount: row.pausedAmount,
    ratingChannel: row.ratingChannel,
    ratedAt: iso(row.ratedAt),
  };
}

/** A timeline entry; the actor as a person's name or the kind of system, never a token's name. */
export function eventView(e: {
  at: Date;
  actorLabel: string;
  actorUserId: number | null;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
}) {
  return { at: toIsoWithOffset(e.at), actor: actorDisplayName(e), type: e.type, from: e.fromStatus, to: e.toStatus, note: e.note };
}
