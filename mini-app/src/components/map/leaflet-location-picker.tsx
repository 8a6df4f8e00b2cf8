// The picker's map (lazy chunk): a tap puts the marker there, the marker can be dragged, and for keyboards the
// map pans with the arrow keys and "Chọn điểm giữa bản đồ" takes its centre.
import { useEffect, useRef, useState } from 'react';
import { Button } from 'zmp-ui';
import type { MapConfig } from '../../api/types';
import { L, pinIcon, useLeafletMap } from './leaflet-base';
import { type MapPoint, roundPoint } from './map-types';
import { TileNote } from './tile-note';

export interface LeafletLocationPickerProps {
  config: MapConfig;
  value: MapPoint | null;
  onChange: (p: MapPoint) => void;
  /** The device's current location (the existing getLocation flow); null when it gave none. */
  onLocate?: (() => Promise<MapPoint | null>) | undefined;
}

/** Close enough to see which house: where the map opens on a point already chosen. */
const POINT_ZOOM = 17;

export default function LeafletLocationPicker({ config, value, onChange, onLocate }: LeafletLocationPickerProps) {
  const { ref, map, tiles, retryTiles } = useLeafletMap(config, {
    center: value ?? config.center,
    zoom: value ? POINT_ZOOM : config.zoom,
  });
  const change = useRef(onChange);
  change.current = onChange;
  const marker = useRef<L.Marker | null>(null);
  const [locating, setLocating] = useState(false);

  useEffect(() => {
    if (!map) return;
    const onClick = (e: L.LeafletMouseEvent) => change.current(roundPoint(e.latlng.wrap()));
    map.on('click', onClick);
    return () => {
      map.off('click', onClick);
    };
  }, [map]);

  // The marker follows the value, wherever it was set from (tap, drag, the current location, the form).
  useEffect(() => {
    if (!map) return;
    if (!value) {
      marker.current?.remove();
      marker.current = null;
      return;
    }
    if (marker.current) {
      marker.current.setLatLng(value);
      return;
    }
    const m = L.marker(value, { icon: pinIcon(true), draggable: true, autoPan: true, title: 'Điểm đã chọn, kéo để chỉnh' })
      .on('dragend', () => change.current(roundPoint(m.getLatLng().wrap())))
      .addTo(map);
    m.getElement()?.setAttribute('aria-label', 'Điểm đã chọn trên bản đồ');
    marker.current = m;
  }, [map, value]);

  const locate = async () => {
    if (!onLocate) return;
    setLocating(true);
    try {
      const p = await onLocate();
      if (p) {
        change.current(roundPoint(p));
        map?.setView(p, Math.max(map.getZoom(), POINT_ZOOM));
      }
    } finally {
      setLocating(false);
    }
  };

  return (
    <>
      <div
        ref={ref}
        className="map-view"
        data-testid="location-picker-map"
        aria-label="Bản đồ chọn vị trí. Chạm vào bản đồ để đặt điểm; với bàn phím, dùng phím mũi tên để di chuyển bản đồ rồi chọn “Chọn điểm giữa bản đồ”."
      />
      <TileNote status={tiles} onRetry={retryTiles} fallback="Bạn vẫn có thể ghi địa chỉ ở ô bên dưới." />
      <div className="map-toggle">
        <Button size="medium" variant="tertiary" disabled={!map} onClick={() => map && change.current(roundPoint(map.getCenter().wrap()))}>
          Chọn điểm giữa bản đồ
        </Button>
        {onLocate && (
          <Button size="medium" variant="tertiary" loading={locating} disabled={locating} onClick={() => void locate()}>
            Về vị trí hiện tại
          </Button>
        )}
      </div>
    </>
  );
}
