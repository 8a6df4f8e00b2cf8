// Shapes of the server's JSON, as the mini app uses them (see bot-server/src/features/*/…-routes.ts).

export type Role = 'officer' | 'leader' | 'admin';

export interface SessionUser {
  id: number;
  name: string;
  roles: Role[];
  units: { unit: string; role: Role }[];
}

export interface SignInReply {
  token: string;
  user: SessionUser;
}

export interface Me {
  id: number;
  name: string;
  roles: { unit: string; unitName?: string; role: Role }[];
  /** What the officer's units work on (the app opens on it); absent from older servers. */
  work?: { feedback: boolean; dti: boolean };
  oa: { lastInteractionAt: string | null; needsChat: boolean };
}

export interface DevPersona {
  key: string;
  name: string;
  role: 'citizen' | Role;
  unit: { code: string; name: string } | null;
}

export interface ClientConfig {
  oaId: string | null;
  /** The map's tiles and where it opens; null when the deployment turned maps off. */
  map?: MapConfig | null;
}

export interface MapConfig {
  /** Leaflet URL template, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png */
  tileUrl: string;
  attribution: string;
  center: { lat: number; lng: number };
  zoom: number;
}

export interface Category {
  code: string;
  name: string;
  description: string | null;
}

export type FeedbackStatus =
  | 'received'
  | 'accepted'
  | 'in_progress'
  | 'needs_info'
  | 'answered'
  | 'closed'
  | 'rejected';

export type Channel = 'dvc_portal' | 'mobile_app' | 'zalo_oa' | 'zalo_mini_app' | 'email' | 'other';

export interface DeadlineSummary {
  state: 'done' | 'paused' | 'on_track' | 'due_soon' | 'overdue';
  workingDaysLeft: number | null;
  overdueWorkingDays: number | null;
}

export interface Feedback {
  code: string;
  channel: Channel;
  category: string | null;
  unit: { code: string; name: string };
  title: string | null;
  content: string;
  status: FeedbackStatus;
  statusLabel: string;
  published: boolean;
  receivedAt: string;
  dueAt: string | null;
  answeredAt: string | null;
  answer: string | null;
  rejectReason: string | null;
  closedAt: string | null;
  location: { lat: number; lng: number } | null;
  address: string | null;
  rating: number | null;
  ratingComment: string | null;
  contact: { name: string | null; phone: string | null; email: string | null };
  deadline?: DeadlineSummary;
  // staff only
  urgency?: string;
  assignedUserId?: number | null;
  ratingChannel?: Channel | null;
  /** Staff lists only: this officer never opened it / the citizen added information since they last did. */
  isNew?: boolean;
  citizenReplied?: boolean;
}

export interface TimelineEvent {
  at: string;
  actor: string;
  type: string;
  from: string | null;
  to: string | null;
  note: string | null;
}

export interface AttachmentInfo {
  id: number;
  fileName: string;
  mimeType: string;
  size: number;
  /** Shown on the public results (chosen by the officer when publishing). */
  published?: boolean;
  /** Who added it: the citizen's photos, or the handling unit's documents (feedback attachments only). */
  source?: 'citizen' | 'agency';
}

export interface FeedbackDetail extends Feedback {
  timeline: TimelineEvent[];
  attachments: AttachmentInfo[];
  /** Staff: the main item this one is linked to as a duplicate, and the duplicates linked to this one. */
  duplicateOf?: DuplicateLinkRef | null;
  duplicates?: DuplicateLinkRef[];
  /** The citizen of a duplicate: the main item's code and the sentence to show. */
  mergedInto?: { code: string; notice: string } | null;
}

export interface DuplicateLinkRef {
  code: string;
  status: FeedbackStatus;
  receivedAt: string | null;
  answeredAt?: string | null;
}

/** One nearby similar report (GET /api/v1/feedback/similar); `code` is null when the caller may not know it. */
export interface SimilarItem {
  code: string | null;
  category: string | null;
  status: FeedbackStatus;
  published: boolean;
  distanceM: number;
  title?: string | null;
  /** Staff of the item's unit: the start of its content. */
  excerpt?: string;
  content?: string;
  answer?: string | null;
  mine?: boolean;
  receivedAt?: string;
  receivedDate?: string;
}

export interface NewFeedback {
  category?: string;
  title?: string;
  content: string;
  location?: { lat: number; lng: number };
  address?: string;
  contact?: { name?: string; phone?: string };
}

export type FeedbackAction =
  | 'accept'
  | 'start'
  | 'request_info'
  | 'provide_info'
  | 'transfer'
  | 'answer'
  | 'reject'
  | 'close'
  | 'publish'
  | 'unpublish'
  | 'assign';

export interface ActionBody {
  note?: string;
  answer?: string;
  reason?: string;
  unitCode?: string;
  assigneeUserId?: number;
  photoIds?: number[];
}

export interface UnitSummary {
  code: string;
  name: string;
  level: string;
  parent: string | null;
}

export interface StaffMember {
  id: number;
  name: string;
  role: Role;
}

// ——— Indicators (CONTRACT §6) ———

// The report's shapes are the server's own (a type-only import: nothing of the server is bundled).
export type {
  FeedbackIndicatorReport as IndicatorReport,
  OnTimeIndicator,
  SatisfactionIndicator,
} from '../../../bot-server/src/domain/indicators/feedback-indicators';
import type { OnTimeIndicator, SatisfactionIndicator } from '../../../bot-server/src/domain/indicators/feedback-indicators';

export interface MonthlyIndicators {
  from: string;
  to: string;
  unit: string | null;
  months: { month: string; from: string; to: string; onTime: OnTimeIndicator[]; satisfaction: SatisfactionIndicator[] }[];
}

// ——— DTI ———

export type DtiValueType = 'boolean' | 'count' | 'ratio' | 'percentage' | 'amount' | 'text' | 'date';
export type DtiStatus = 'missing' | 'draft' | 'submitted' | 'approved' | 'returned';

export interface DtiValue {
  status: DtiStatus;
  value: unknown;
  comment: string | null;
  citation: { number?: string; date?: string; issuer?: string; title?: string } | null;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewComment: string | null;
  changedAfterApproval: boolean;
  updatedAt: string | null;
}

export interface DtiPeriod {
  code: string;
  kind: string;
  startsOn: string;
  endsOn: string;
  dueOn: string;
  locked: boolean;
}

export interface AssignedIndicator {
  code: string;
  name: string;
  role: 'lead' | 'coordinating';
  valueType: DtiValueType;
  unitOfMeasure: string | null;
  guidance: string | null;
  evidenceRequired: boolean;
  status: DtiStatus;
  value: DtiValue | null;
  auto: { value: unknown; formula: string } | null;
  /** A yes/no indicator scored part by part: one answer per part. */
  parts?: { key: string; label: string }[] | null;
}

export interface AssignedList {
  set: string;
  period: { code: string; dueOn: string; locked: boolean };
  unit: string;
  indicators: AssignedIndicator[];
}

export interface DtiKey {
  set: string;
  period: string;
  indicator: string;
  unit: string;
}

export interface DtiValueDetail extends DtiKey {
  role: string;
  dueOn: string;
  value: DtiValue | null;
  evidence: AttachmentInfo[];
  history: { at: string; actor: string; action: string; from: string | null; to: string | null; value: unknown; note: string | null }[];
}

export interface ReviewItem {
  set: string;
  period: string;
  indicator: { code: string; name: string; valueType: DtiValueType; unitOfMeasure: string | null };
  unit: { code: string; name: string };
  value: DtiValue;
  evidence: AttachmentInfo[];
}

export interface DtiSetSummary {
  code: string;
  name: string;
  year: number | null;
  /** How many indicators the set holds. */
  indicators?: number;
  /** How many of them are led or coordinated within the unit asked about (?unit=). */
  assigned?: number;
}

export interface CompletenessReport {
  set: { code: string; name: string };
  period: { code: string; dueOn: string };
  scored: boolean;
  indices: { code: string; name: string; maxPoints: number | null; scored: boolean }[];
  maxTotal: number | null;
  rows: {
    unit: { code: string; name: string; level: string };
    expected: number;
    submitted: number;
    onTime: number;
    missing: number;
    approved: number;
    rate: number;
    onTimeRate: number;
    indices: { code: string; points: number | null; estimatedPoints: number | null; maxPoints: number | null }[];
    total: number | null;
    estimatedTotal: number | null;
    maxTotal: number | null;
  }[];
  totals: { expected: number; submitted: number; onTime: number; late: number; approved: number; missing: number };
}

export interface NotificationItem {
  id: number;
  purpose: 'notification' | 'alert';
  text: string;
  feedbackId: number | null;
  feedbackCode?: string | null;
  createdAt: string;
  deliveredOnZalo: boolean;
  /** The action, new_item, provide_info, rated, or the alert's kind. */
  kind?: string;
  readAt?: string | null;
}

export interface NotificationList {
  items: NotificationItem[];
  unread: number;
}

/** A published feedback as anyone sees it (bot-server/src/features/public/public-feedback-view.ts). */
export interface PublicFeedback {
  code: string;
  title: string | null;
  content: string;
  category: string | null;
  categoryName: string | null;
  unit: string;
  unitName: string;
  area: string | null;
  status: FeedbackStatus;
  statusLabel: string;
  receivedAt: string;
  answeredAt: string | null;
  workingDaysTaken: number | null;
  answer: string | null;
  /** Rounded to about 110 m, for a map. */
  location: { lat: number; lng: number } | null;
  photos: string[];
}

export interface PublicList {
  items: PublicFeedback[];
  total: number;
  limit: number;
  offset: number;
}

export interface PublicFilters {
  categories: { code: string; name: string }[];
  units: { code: string; name: string; level: string }[];
}

/** GET /api/v1/indicators/feedback/items: the items behind one figure of the report. */
export interface IndicatorItem {
  code: string;
  title: string | null;
  unit: { code: string; name: string };
  channel: Channel;
  status: FeedbackStatus;
  receivedAt: string;
  dueAt: string | null;
  answeredAt: string | null;
  rating: number | null;
  standing: 'onTime' | 'late' | 'pending';
}

export interface IndicatorItems {
  from: string;
  to: string;
  asOf: string;
  unit: string | null;
  code: string;
  bucket: string;
  total: number;
  limit: number;
  offset: number;
  items: IndicatorItem[];
}

/** GET /api/v1/indicators/feedback/units: on-time figures per handling unit. */
export interface UnitStanding {
  unit: { code: string; name: string };
  total: number;
  onTime: number;
  late: number;
  overdue: number;
  pending: number;
  rate: number | null;
}
