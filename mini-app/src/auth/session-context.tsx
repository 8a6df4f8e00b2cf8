// Who is using the app. Inside Zalo the user is signed in with their Zalo access token (CONTRACT §7); outside Zalo
// the sign-in screen offers the development personas when the server allows them.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { ApiError, session, setUnauthorizedHandler } from '../api/client';
import { api } from '../api/endpoints';
import type { Me, SignInReply } from '../api/types';
import { isInZalo, zaloAccessToken } from '../zalo';

type Status = 'loading' | 'signed-out' | 'signed-in' | 'error';

interface SessionState {
  status: Status;
  me: Me | null;
  error: Error | null;
  /** Stores a session the server issued and loads the person. */
  accept: (reply: SignInReply) => Promise<void>;
  signOut: () => void;
  retry: () => void;
  refresh: () => Promise<void>;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  // A returning person starts signed in as the server last described them; /me, asked at once, confirms or corrects
  // it (the server checks every call anyway, so a stale role opens nothing).
  const [remembered] = useState(() => session.profile());
  const [status, setStatus] = useState<Status>(remembered ? 'signed-in' : 'loading');
  const [me, setMe] = useState<Me | null>(remembered);
  const [error, setError] = useState<Error | null>(null);
  const [attempt, setAttempt] = useState(0);

  const signOut = useCallback(() => {
    session.clear();
    setMe(null);
    setStatus('signed-out');
  }, []);

  const loadMe = useCallback(async () => {
    // With a stored session, main.tsx started this call before the app's code arrived (api/client.ts prefetch).
    const person = await api.auth.me();
    session.setProfile(person);
    setMe(person);
    setStatus('signed-in');
  }, []);

  const accept = useCallback(
    async (reply: SignInReply) => {
      session.set(reply.token);
      await loadMe();
    },
    [loadMe],
  );

  useEffect(() => {
    // An expired or revoked session: inside Zalo, sign in again with the Zalo account at once; elsewhere, back to
    // the sign-in screen.
    setUnauthorizedHandler(() => {
      if (!isInZalo()) return signOut();
      session.clear();
      setAttempt((a) => a + 1);
    });
    return () => setUnauthorizedHandler(null);
  }, [signOut]);

  useEffect(() => {
    let cancelled = false;
    (async () => {
      const known = session.profile();
      if (!known) setStatus('loading');
      setError(null);
      try {
        if (session.token()) {
          try {
            await loadMe();
            return;
          } catch (err) {
            if (!(err instanceof ApiError && err.status === 401)) {
              // No answer (offline, a server error): the person stays signed in as known; their screens say
              // what they could not load.
              if (known) return;
              throw err;
            }
            session.clear();
            if (!cancelled) {
              setMe(null);
              setStatus('loading');
            }
          }
        }
        const token = isInZalo() ? await zaloAccessToken() : null;
        if (!token) {
          if (!cancelled) setStatus('signed-out');
          return;
        }
        const reply = await api.auth.zalo(token);
        if (!cancelled) await accept(reply);
      } catch (err) {
        if (!cancelled) {
          setError(err as Error);
          setStatus('error');
        }
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [attempt, loadMe, accept]);

  const value = useMemo<SessionState>(
    () => ({ status, me, error, accept, signOut, retry: () => setAttempt((a) => a + 1), refresh: loadMe }),
    [status, me, error, accept, signOut, loadMe],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

export { isLeader, isLeaderOnly, isStaff, rolesOf, unitsWithRole } from './roles';
