// The frame every map sits in: the map library is a chunk of its own, loaded when a map is first shown, with a
// loading state while it comes and an error state (and "Thử lại") when it cannot be downloaded.
import { Component, type ComponentType, lazy, type ReactNode, Suspense, useMemo, useState } from 'react';
import { Button, Spinner } from 'zmp-ui';
import './map-frame.css';

export const MAP_LOADING = 'Đang tải bản đồ…';

export function MapLoading() {
  return (
    <div className="map-frame map-state" role="status" aria-live="polite">
      <Spinner visible />
      <p>{MAP_LOADING}</p>
    </div>
  );
}

class MapBoundary extends Component<{ onRetry: () => void; fallbackNote?: string; children: ReactNode }, { failed: boolean }> {
  state = { failed: false };
  static getDerivedStateFromError() {
    return { failed: true };
  }
  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="map-frame map-state state-error" role="alert">
        <p>{`Không tải được bản đồ. ${this.props.fallbackNote ?? ''}`.trim()}</p>
        <Button variant="secondary" size="medium" onClick={this.props.onRetry}>
          Thử lại
        </Button>
      </div>
    );
  }
}

/**
 * Renders the lazily loaded map component. A fresh lazy() per attempt: React keeps a failed import's rejection
 * for good, so "Thử lại" must ask for the chunk again.
 */
export function LazyMap<P extends object>({
  load,
  props,
  fallbackNote,
}: {
  load: () => Promise<{ default: ComponentType<P> }>;
  props: P;
  fallbackNote?: string;
}) {
  const [attempt, setAttempt] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const Inner = useMemo(() => lazy(load) as unknown as ComponentType<P>, [attempt]);
  return (
    <MapBoundary key={attempt} onRetry={() => setAttempt((a) => a + 1)} {...(fallbackNote ? { fallbackNote } : {})}>
      <Suspense fallback={<MapLoading />}>
        <Inner {...props} />
      </Suspense>
    </MapBoundary>
  );
}
