// The device's "back online" moment, for screens that show a copy saved while offline: they load again, so a
// "Không có mạng" banner never outlives the outage.
import { useEffect, useRef } from 'react';

export function useOnlineAgain(callback: () => void): void {
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => {
    if (typeof window === 'undefined') return undefined;
    const onOnline = () => latest.current();
    window.addEventListener('online', onOnline);
    return () => window.removeEventListener('online', onOnline);
  }, []);
}
