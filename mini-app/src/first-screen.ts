// The first screen's code starts downloading as the app starts, beside the session check, instead of after it.
// Which screen that is depends on the person (Home sends leaders to their dashboard, other staff to the inbox), which
// the server tells only after a round trip; so the app remembers where this person landed last time. On a 1.6 Mbps
// network with 150 ms latency that saves a round trip and the chunk's download after the session check.
import { useEffect } from 'react';
import { session } from './api/client';
import type { Me } from './api/types';
import { isLeader, isStaff } from './auth/session-context';
import { isInZalo, storage } from './zalo';

const KEY = 'pakn.firstScreen';

/** The same modules app.tsx loads lazily: the same chunks, fetched once. */
const SCREENS = {
  citizen: () => import('./pages/citizen/citizen-home'),
  officer: () => import('./pages/officer/officer-inbox'),
  leader: () => import('./pages/leader/leader-dashboard'),
} as const;
type FirstScreen = keyof typeof SCREENS;

const isScreen = (v: string | null): v is FirstScreen => v !== null && Object.prototype.hasOwnProperty.call(SCREENS, v);

/** Only a start at the home screen (not a link to one feedback item) lands where it did before. */
function startsAtHome(): boolean {
  const rest = location.pathname.replace(/^\/zapps\/[^/]+/, '');
  return (rest === '' || rest === '/') && !new URLSearchParams(location.search).has('feedback');
}

/**
 * Starts loading the screen this person landed on last time (a citizen's home when unknown). Not without a session
 * outside Zalo: that start shows the sign-in screen.
 */
export function prefetchFirstScreen(): void {
  if (!startsAtHome() || !(isInZalo() || session.token())) return;
  const saved = storage.get(KEY);
  // A failed download is retried by the screen's own lazy import.
  void SCREENS[isScreen(saved) ? saved : 'citizen']().catch(() => {});
}

/** Home's choice for this person, remembered for the next start. */
export function useRememberFirstScreen(me: Me | null): void {
  useEffect(() => {
    if (me) storage.set(KEY, isLeader(me) ? 'leader' : isStaff(me) ? 'officer' : 'citizen');
  }, [me]);
}
