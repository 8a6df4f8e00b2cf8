import { Button } from 'zmp-ui';
import type { TileStatus } from './leaflet-base';

/** Shown under a map whose tiles do not load (offline, tile server down): the rest of the screen still works. */
export function TileNote({ status, onRetry, fallback }: { status: TileStatus; onRetry: () => void; fallback: string }) {
  if (status !== 'failed') return null;
  return (
    <div className="state-error map-tiles-failed" role="alert">
      <p>{`Không tải được bản đồ nền. ${fallback}`}</p>
      <Button variant="secondary" size="medium" onClick={onRetry}>
        Tải lại bản đồ
      </Button>
    </div>
  );
}
