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
} as const;
