// Typed calls to the server, one per endpoint the mini app uses.
import { download, request, upload } from './client';
import type {
  ActionBody,
  AssignedList,
  Category,
  ClientConfig,
  CompletenessReport,
  DevPersona,
  DtiKey,
  DtiPeriod,
  DtiSetSummary,
  DtiValue,
  DtiValueDetail,
  AttachmentInfo,
  Feedback,
  FeedbackAction,
  FeedbackDetail,
  FeedbackStatus,
  IndicatorReport,
  Me,
  MonthlyIndicators,
  NewFeedback,
  NotificationItem,
  ReviewItem,
  SignInReply,
  StaffMember,
  UnitSummary,
} from './types';

const enc = encodeURIComponent;
const valuePath = (k: DtiKey) => `/api/v1/dti/values/${enc(k.set)}/${enc(k.period)}/${enc(k.indicator)}/${enc(k.unit)}`;

export const api = {
  clientConfig: () => request<ClientConfig>('GET', '/api/v1/client-config'),

  auth: {
    zalo: (accessToken: string) => request<SignInReply>('POST', '/api/v1/auth/zalo', { json: { accessToken } }),
    linkPhone: (accessToken: string, phoneToken: string) =>
      request<SignInReply>('POST', '/api/v1/auth/zalo/phone', { json: { accessToken, phoneToken } }),
    devPersonas: () => request<{ personas: DevPersona[] }>('GET', '/api/v1/auth/dev'),
    devSignIn: (persona: string) => request<SignInReply>('POST', '/api/v1/auth/dev', { json: { persona } }),
    me: () => request<Me>('GET', '/api/v1/me'),
  },

  categories: () => request<{ categories: Category[] }>('GET', '/api/v1/categories'),

  resolveLocation: (accessToken: string, locationToken: string) =>
    request<{ lat: number; lng: number }>('POST', '/api/v1/location/resolve', { json: { accessToken, locationToken } }),

  feedback: {
    create: (body: NewFeedback) => request<Feedback>('POST', '/api/v1/feedback', { json: body }),
    list: (q: { status?: FeedbackStatus; due?: 'overdue' | 'due_soon'; unit?: string; limit?: number; offset?: number } = {}) =>
      request<{ items: Feedback[]; limit: number; offset: number }>('GET', '/api/v1/feedback', { query: q }),
    get: (code: string) => request<FeedbackDetail>('GET', `/api/v1/feedback/${enc(code)}`),
    act: (code: string, action: FeedbackAction, body: ActionBody = {}) =>
      request<Feedback>('POST', `/api/v1/feedback/${enc(code)}/${action}`, { json: body }),
    rate: (code: string, rating: number, comment?: string) =>
      request<Feedback>('POST', `/api/v1/feedback/${enc(code)}/rating`, { json: { rating, comment } }),
    attach: (code: string, files: { blob: Blob; name: string }[], onProgress?: (f: number) => void) =>
      upload<{ attachments: AttachmentInfo[] }>(`/api/v1/feedback/${enc(code)}/attachments`, files, onProgress),
    attachmentPath: (code: string, id: number) => `/api/v1/feedback/${enc(code)}/attachments/${id}`,
  },

  units: {
    list: () => request<{ units: UnitSummary[] }>('GET', '/api/v1/units'),
    staff: (code: string) => request<{ staff: StaffMember[] }>('GET', `/api/v1/units/${enc(code)}/staff`),
  },

  indicators: {
    feedback: (q: { from: string; to: string; unit?: string }) => request<IndicatorReport>('GET', '/api/v1/indicators/feedback', { query: q }),
    monthly: (q: { from: string; to: string; unit?: string }) =>
      request<MonthlyIndicators>('GET', '/api/v1/indicators/feedback/monthly', { query: q }),
    downloadXlsx: (q: { from: string; to: string; unit?: string }) =>
      download('/api/v1/indicators/feedback.xlsx', q, `chi-so-pakn_${q.from}_${q.to}.xlsx`),
  },

  notifications: () => request<{ items: NotificationItem[] }>('GET', '/api/v1/notifications'),

  dti: {
    sets: () => request<{ sets: DtiSetSummary[] }>('GET', '/api/v1/dti/sets'),
    periods: (set: string) => request<{ periods: DtiPeriod[] }>('GET', '/api/v1/dti/periods', { query: { set } }),
    assigned: (q: { set: string; period?: string; unit?: string }) => request<AssignedList>('GET', '/api/v1/dti/assigned', { query: q }),
    value: (k: DtiKey) => request<DtiValueDetail>('GET', valuePath(k)),
    saveDraft: (k: DtiKey, body: { value?: unknown; comment?: string }) =>
      request<DtiKey & { value: DtiValue }>('PUT', valuePath(k), { json: body }),
    /** With `body`, the value is saved and submitted at once (one "Gửi duyệt" in the history). */
    submit: (k: DtiKey, body: { value?: unknown; comment?: string } = {}) =>
      request<DtiKey & { value: DtiValue }>('POST', `${valuePath(k)}/submit`, { json: body }),
    review: (k: DtiKey, decision: 'approve' | 'return', comment?: string) =>
      request<DtiKey & { value: DtiValue }>('POST', `${valuePath(k)}/${decision}`, { json: { comment } }),
    addEvidence: (k: DtiKey, files: { blob: Blob; name: string }[], onProgress?: (f: number) => void) =>
      upload<{ evidence: AttachmentInfo[] }>(`${valuePath(k)}/evidence`, files, onProgress),
    evidencePath: (k: DtiKey, id: number) => `${valuePath(k)}/evidence/${id}`,
    reviewQueue: (q: { set: string; period?: string }) => request<{ items: ReviewItem[] }>('GET', '/api/v1/dti/review-queue', { query: q }),
    completeness: (q: { set: string; period: string; unit?: string }) =>
      request<CompletenessReport>('GET', '/api/v1/dti/reports/completeness', { query: q }),
  },
};
