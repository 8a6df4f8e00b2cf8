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
  /** Who added it: the citizen's photos, or the handling unit's documents (feedback attachments only). */
  source?: 'citizen' | 'agency';
}

export interface FeedbackDetail extends Feedback {
  timeline: TimelineEvent[];
  attachments: AttachmentInfo[];
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
}
