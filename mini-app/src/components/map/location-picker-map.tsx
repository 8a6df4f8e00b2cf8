// "Chọn trên bản đồ": a map to set or adjust where the feedback is. The map (Leaflet) is loaded only when this is
// shown; the chosen point is said in words under it, and the form's address field stays the way without a map.
import type { MapConfig } from '../../api/types';
import { LazyMap, MapLoading } from './lazy-map';
import { useMapConfig } from './map-config';
import { type MapPoint, pointInWords } from './map-types';
import type { LeafletLocationPickerProps } from './leaflet-location-picker';

const loadPicker = () => import('./leaflet-location-picker');

export interface LocationPickerMapProps {
  value: MapPoint | null;
  onChange: (p: MapPoint) => void;
  onLocate?: () => Promise<MapPoint | null>;
  /** Given by a caller that already has it; otherwise read from the client config. */
  config?: MapConfig;
}

export function LocationPickerMap({ value, onChange, onLocate, config: given }: LocationPickerMapProps) {
  const loaded = useMapConfig();
  const config = given ?? loaded;
  if (config === undefined) return <MapLoading />;
  if (config === null) return null;
  return (
    <div className="map-block">
      <LazyMap<LeafletLocationPickerProps>
        load={loadPicker}
        props={{ config, value, onChange, onLocate }}
        fallbackNote="Bạn vẫn có thể ghi địa chỉ ở ô bên dưới."
      />
      <p className="muted" role="status" aria-live="polite" data-testid="picked-point">
        {value ? `Vị trí đã chọn: ${pointInWords(value)}` : 'Chạm vào bản đồ để chọn vị trí.'}
      </p>
    </div>
  );
}
