// Paths of the app's screens, in one place so links and tests agree.
export const paths = {
  home: '/',
  linkStaff: '/link-staff',
  newFeedback: '/feedback/new',
  feedbackSent: (code: string) => `/feedback/sent/${code}`,
  myFeedback: '/feedback/mine',
  feedback: (code: string) => `/feedback/${code}`,
  officerInbox: '/officer',
  officerFeedback: (code: string) => `/officer/feedback/${code}`,
  officerDti: '/officer/dti',
  officerDtiEdit: (k: { set: string; period: string; indicator: string; unit: string }) =>
    `/officer/dti/${encodeURIComponent(k.set)}/${encodeURIComponent(k.period)}/${encodeURIComponent(k.indicator)}/${encodeURIComponent(k.unit)}`,
  leader: '/leader',
  leaderAlerts: '/leader/alerts',
  leaderDtiReview: '/leader/dti-review',
  publicResults: '/public',
  publicFeedback: (code: string) => `/public/${code}`,
  notifications: '/notifications',
  officerAlerts: '/officer/alerts',
  /** The items behind one figure of the dashboard. */
  leaderItems: (q: { from: string; to: string; unit?: string; code: string; bucket: string }) =>
    `/leader/items?${new URLSearchParams(Object.entries(q).filter((e): e is [string, string] => e[1] !== undefined))}`,
  /** One item, read-only, as a leader sees it. */
  leaderFeedback: (code: string) => `/leader/feedback/${code}`,
} as const;
