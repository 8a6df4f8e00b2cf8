// Typed calls to the server, one per endpoint the mini app uses.
import { download, request, upload } from './client';
import type {
  IndicatorItems,
  UnitStanding,
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
  NotificationList,
  PublicFeedback,
  PublicFilters,
  PublicList,
  ReviewItem,
  SignInReply,
  SimilarItem,
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
    list: (q: { status?: FeedbackStatus; due?: 'overdue' | 'due_soon'; unit?: string; q?: string; limit?: number; offset?: number } = {}) =>
      request<{ items: Feedback[]; limit: number; offset: number }>('GET', '/api/v1/feedback', { query: q }),
    get: (code: string) => request<FeedbackDetail>('GET', `/api/v1/feedback/${enc(code)}`),
    act: (code: string, action: FeedbackAction, body: ActionBody = {}) =>
      request<Feedback>('POST', `/api/v1/feedback/${enc(code)}/${action}`, { json: body }),
    rate: (code: string, rating: number, comment?: string) =>
      request<Feedback>('POST', `/api/v1/feedback/${enc(code)}/rating`, { json: { rating, comment } }),
    attach: (code: string, files: { blob: Blob; name: string }[], onProgress?: (f: number) => void) =>
      upload<{ attachments: AttachmentInfo[] }>(`/api/v1/feedback/${enc(code)}/attachments`, files, onProgress),
    attachmentPath: (code: string, id: number) => `/api/v1/feedback/${enc(code)}/attachments/${id}`,
    similar: (q: { lat: number; lng: number; category?: string; text?: string; exclude?: string }) =>
      request<{ items: SimilarItem[]; radiusM: number; days: number }>('GET', '/api/v1/feedback/similar', { query: q }),
    linkDuplicate: (code: string, main: string) =>
      request<FeedbackDetail>('POST', `/api/v1/feedback/${enc(code)}/link_duplicate`, { json: { main } }),
    unlinkDuplicate: (code: string) => request<FeedbackDetail>('POST', `/api/v1/feedback/${enc(code)}/unlink_duplicate`, { json: {} }),
  },

  /** Anonymous: what officers have published. */
  public: {
    list: (q: { q?: string; category?: string; unit?: string; status?: FeedbackStatus; limit?: number; offset?: number } = {}) =>
      request<PublicList>('GET', '/api/v1/public/feedback', { query: q }),
    get: (code: string) => request<PublicFeedback>('GET', `/api/v1/public/feedback/${enc(code)}`),
    filters: () => request<PublicFilters>('GET', '/api/v1/public/feedback/filters'),
  },

  units: {
    list: () => request<{ units: UnitSummary[] }>('GET', '/api/v1/units'),
    staff: (code: string) => request<{ staff: StaffMember[] }>('GET', `/api/v1/units/${enc(code)}/staff`),
  },

  indicators: {
    feedback: (q: { from: string; to: string; unit?: string }) => request<IndicatorReport>('GET', '/api/v1/indicators/feedback', { query: q }),
    monthly: (q: { from: string; to: string; unit?: string }) =>
      request<MonthlyIndicators>('GET', '/api/v1/indicators/feedback/monthly', { query: q }),
    items: (q: { from: string; to: string; unit?: string; code: string; bucket: string; limit?: number; offset?: number }) =>
      request<IndicatorItems>('GET', '/api/v1/indicators/feedback/items', { query: q }),
    units: (q: { from: string; to: string; unit?: string }) =>
      request<{ units: UnitStanding[] }>('GET', '/api/v1/indicators/feedback/units', { query: q }),
    downloadXlsx: (q: { from: string; to: string; unit?: string }) =>
      download('/api/v1/indicators/feedback.xlsx', q, `chi-so-pakn_${q.from}_${q.to}.xlsx`),
  },

  notifications: (q?: { unread?: boolean; limit?: number; before?: number }) =>
    request<NotificationList>('GET', '/api/v1/notifications', {
      query: { unread: q?.unread === undefined ? undefined : String(q.unread), limit: q?.limit, before: q?.before },
    }),
  notificationRead: (id: number) => request<{ id: number; readAt: string; unread: number }>('POST', `/api/v1/notifications/${id}/read`, { json: {} }),
  notificationsReadAll: () => request<{ marked: number; unread: number }>('POST', '/api/v1/notifications/read-all', { json: {} }),

  dti: {
    sets: (unit?: string) => request<{ sets: DtiSetSummary[] }>('GET', '/api/v1/dti/sets', { query: { unit } }),
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
