import type { ReactNode } from 'react';
import { Button, Spinner } from 'zmp-ui';
import type { Loaded } from './use-load';

/** Loading, error (with "Thử lại") and empty states, so every screen shows one of them instead of a blank page. */
export function LoadState<T>({
  state,
  isEmpty,
  empty,
  children,
}: {
  state: Loaded<T>;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (state.error && state.data === undefined) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) {
    return (
      <div className="state" role="status" aria-live="polite">
        <Spinner visible />
        <p>Đang tải…</p>
      </div>
    );
  }
  if (isEmpty?.(state.data)) return <div className="state state-empty">{empty ?? 'Chưa có dữ liệu.'}</div>;
  return <>{children(state.data)}</>;
}

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p>{error.message}</p>
      {onRetry && (
        <Button variant="secondary" size="medium" onClick={onRetry}>
          Thử lại
        </Button>
      )}
    </div>
  );
}
