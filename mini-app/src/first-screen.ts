// The first screen, started as early as the app starts. Which screen a person lands on depends on their roles, which
// the server tells only after a round trip; so the app remembers where this person landed last time, and main.tsx
// starts that screen's code and its first calls while the rest of the app is still downloading. On a 1.6 Mbps
// network with 150 ms latency that takes the session check, the screen's download and its data off the critical path.
// Plain module (no React): it runs before React has loaded.
import { prefetch, session } from './api/client';
import { api } from './api/endpoints';
import type { Me } from './api/types';
import { isLeader, isStaff } from './auth/roles';
import { firstInboxQuery } from './pages/officer/inbox-filters';
import { deadlineListQuery } from './pages/leader/leader-periods';
import { paths } from './routes';
import { isInZalo, storage } from './zalo';

const KEY = 'pakn.firstScreen';

/**
 * Each landing screen: where Home sends the person, the screen's module (the same module app.tsx loads lazily, so
 * the same chunk, fetched once) and the GETs it makes before anything is chosen (the same calls, so the screen takes
 * these replies; api/client.ts matches them by URL).
 */
const SCREENS = {
  citizen: {
    path: paths.home,
    load: () => import('./pages/citizen/citizen-home'),
    calls: () => [api.clientConfig(), api.notifications({ limit: 0 })],
  },
  officer: {
    path: paths.officerInbox,
    load: () => import('./pages/officer/officer-inbox'),
    calls: () => [api.feedback.list(firstInboxQuery()), api.clientConfig(), api.notifications({ limit: 0 })],
  },
  dti: {
    path: paths.officerDti,
    load: () => import('./pages/officer/dti-list'),
    calls: () => [api.notifications({ limit: 0 })],
  },
  leader: {
    path: paths.leader,
    load: () => import('./pages/leader/leader-dashboard'),
    // The overdue list comes first on the dashboard; the figures depend on the person's units, known after /me.
    calls: () => [api.feedback.list(deadlineListQuery('overdue')), api.feedback.list(deadlineListQuery('due_soon')), api.notifications({ limit: 0 })],
  },
} as const;
export type LandingScreen = keyof typeof SCREENS;

const isScreen = (v: string | null): v is LandingScreen => v !== null && Object.prototype.hasOwnProperty.call(SCREENS, v);

/** Where Home sends this person: leaders to their dashboard, officers to the inbox (or DTI when that is all their units do). */
export function landingScreen(me: Me | null): LandingScreen {
  if (isLeader(me)) return 'leader';
  if (isStaff(me)) return me?.work?.dti && !me.work.feedback ? 'dti' : 'officer';
  return 'citizen';
}

export const landingPath = (screen: LandingScreen): string => SCREENS[screen].path;

/** Only a start at the home screen (not a link to one feedback item) lands where it did before. */
function startsAtHome(): boolean {
  const rest = location.pathname.replace(/^\/zapps\/[^/]+/, '');
  return (rest === '' || rest === '/') && !new URLSearchParams(location.search).has('feedback');
}

/**
 * With a stored session: starts the session check, and at a start at home the screen this person landed on last
 * time (a citizen's home when unknown) with its first calls. Inside Zalo without a session, only the screen's code
 * (signing in with Zalo comes first). Outside Zalo without a session the sign-in screen shows: nothing to start.
 */
export function startFirstScreen(): void {
  const signedIn = session.token() !== null;
  if (signedIn) prefetch(() => [api.auth.me()]);
  if (!startsAtHome() || !(signedIn || isInZalo())) return;
  const saved = storage.get(KEY);
  const screen = SCREENS[isScreen(saved) ? saved : 'citizen'];
  // A failed download is retried by the screen's own lazy import.
  void screen.load().catch(() => {});
  if (signedIn) prefetch(screen.calls);
}

/** Home's choice for this person, remembered for the next start. */
export function rememberLandingScreen(screen: LandingScreen): void {
  storage.set(KEY, screen);
}
