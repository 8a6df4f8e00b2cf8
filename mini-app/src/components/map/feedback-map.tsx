// Items on a map (the officer's inbox, the public list): a marker per item with coordinates; a tapped marker shows
// the item's code and title with a link to it. The map (Leaflet) is loaded only when this is shown.
import { useState } from 'react';
import { Button } from 'zmp-ui';
import type { MapConfig } from '../../api/types';
import { LazyMap, MapLoading } from './lazy-map';
import { useMapConfig } from './map-config';
import type { MapItem } from './map-types';
import type { LeafletFeedbackMapProps } from './leaflet-feedback-map';

const loadMap = () => import('./leaflet-feedback-map');

export interface FeedbackMapProps {
  /** Items with coordinates; the caller says how many others have none. */
  items: MapItem[];
  onOpen: (code: string) => void;
  /** What the map is called for screen readers. */
  label?: string;
  openLabel?: string;
  config?: MapConfig;
}

export function FeedbackMap({ items, onOpen, label = 'Bản đồ phản ánh', openLabel = 'Xem chi tiết', config: given }: FeedbackMapProps) {
  const loaded = useMapConfig();
  const config = given ?? loaded;
  const [selected, setSelected] = useState<string | null>(null);
  if (config === undefined) return <MapLoading />;
  if (config === null) {
    return <p className="muted">Bản đồ chưa được bật cho hệ thống này.</p>;
  }
  const item = items.find((i) => i.code === selected);
  return (
    <div className="map-block">
      <LazyMap<LeafletFeedbackMapProps>
        load={loadMap}
        props={{ config, items, selected, onSelect: setSelected, label }}
        fallbackNote="Các phản ánh vẫn có trong danh sách."
      />
      {item ? (
        <div className="card map-selected" role="status" aria-live="polite" data-testid="map-selected">
          <p className="item-code">{item.code}</p>
          <p className="item-title">{item.title}</p>
          <Button size="medium" variant="secondary" onClick={() => onOpen(item.code)}>
            {openLabel}
          </Button>
        </div>
      ) : (
        <p className="muted small">Chạm vào một điểm trên bản đồ để xem phản ánh.</p>
      )}
    </div>
  );
}
