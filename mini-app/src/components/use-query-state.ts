import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * A screen's choice (set, period, unit) kept in the address, so going back from a detail screen, or reloading,
 * shows the same choice. Replaces the history entry: choosing is not navigating.
 */
export function useQueryState(
  key: string,
): [string | undefined, (value: string | undefined, alsoClear?: string[]) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(key) ?? undefined;
  const set = useCallback(
    // Two setters called in one event would each start from the same address, so dependent choices that must reset
    // (the set, when the unit changes) are cleared in the same update.
    (next: string | undefined, alsoClear: string[] = []) =>
      setParams(
        (current) => {
          const copy = new URLSearchParams(current);
          if (next) copy.set(key, next);
          else copy.delete(key);
          for (const other of alsoClear) copy.delete(other);
          return copy;
        },
        { replace: true },
      ),
    [key, setParams],
  );
  return [value, set];
}
