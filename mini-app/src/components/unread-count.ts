// The signed-in person's unread notification count, shared by every badge on screen: one poll for all of them,
// every 60 s, when the app comes back to the front, and right after the person reads something. No websockets.
import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../api/endpoints';

export const UNREAD_POLL_MS = 60_000;

let count = 0;
let inFlight: Promise<void> | null = null;
const listeners = new Set<() => void>();

function set(next: number) {
  if (next === count) return;
  count = next;
  for (const l of listeners) l();
}

/** Asks the server for the count (limit=0: the count alone). Failures keep the last count: a badge is a hint. */
export function refreshUnread(): Promise<void> {
  inFlight ??= Promise.resolve()
    .then(() => api.notifications({ limit: 0 }))
    .then((r) => {
      if (typeof r?.unread === 'number') set(r.unread);
    })
    .catch(() => undefined)
    .finally(() => {
      inFlight = null;
    });
  return inFlight;
}

/** After a read the server answers with the new count: no need to ask again. */
export function setUnread(next: number): void {
  set(next);
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useUnreadCount(): number {
  const value = useSyncExternalStore(subscribe, () => count);
  useEffect(() => {
    void refreshUnread();
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refreshUnread();
    };
    const onFocus = () => void refreshUnread();
    document.addEventListener('visibilitychange', onVisible);
    window.addEventListener('focus', onFocus);
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') void refreshUnread();
    }, UNREAD_POLL_MS);
    return () => {
      document.removeEventListener('visibilitychange', onVisible);
      window.removeEventListener('focus', onFocus);
      clearInterval(timer);
    };
  }, []);
  return value;
}

/** Test hook: forget the count between renders of separate tests. */
export function resetUnreadForTests(): void {
  count = 0;
  inFlight = null;
}
