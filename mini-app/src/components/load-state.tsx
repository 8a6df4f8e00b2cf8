import type { ReactNode } from 'react';
import { Button, Spinner } from 'zmp-ui';
import { ApiError } from '../api/client';
import type { Loaded } from './use-load';

/**
 * Whether trying again can help: no connection, a timeout, a busy or failing server, or an error that is not the
 * server's answer. A refusal (not found, no right, invalid) would only answer the same, so no "Thử lại" for it.
 */
export function isRetryable(error: Error): boolean {
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || error.status === 408 || error.status === 429 || error.status >= 500;
}

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
  // A reload (new period, retry) keeps the last data on screen: say that it is updating, or that it failed and
  // what is shown is the previous load.
  const banner = state.error ? (
    <ErrorState error={new Error(`${state.error.message} Nội dung dưới đây là lần tải trước.`)} onRetry={state.reload} />
  ) : state.loading ? (
    <p className="muted" role="status" aria-live="polite">
      Đang cập nhật…
    </p>
  ) : null;
  if (isEmpty?.(state.data)) {
    return (
      <>
        {banner}
        <div className="state state-empty">{empty ?? 'Chưa có dữ liệu.'}</div>
      </>
    );
  }
  return (
    <>
      {banner}
      {children(state.data)}
    </>
  );
}

export function ErrorState({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <p>{error.message}</p>
      {onRetry && isRetryable(error) && (
        <Button variant="secondary" size="medium" onClick={onRetry}>
          Thử lại
        </Button>
      )}
    </div>
  );
}
