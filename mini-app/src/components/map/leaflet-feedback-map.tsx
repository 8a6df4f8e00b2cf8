// The items' map (lazy chunk): one marker per item; tapping one (or Enter on it) selects it.
import { useEffect, useRef } from 'react';
import type { MapConfig } from '../../api/types';
import { L, pinIcon, useLeafletMap } from './leaflet-base';
import type { MapItem } from './map-types';
import { TileNote } from './tile-note';

export interface LeafletFeedbackMapProps {
  config: MapConfig;
  items: MapItem[];
  selected: string | null;
  onSelect: (code: string) => void;
  label: string;
}

/** Several items side by side stay in view; one item alone is not shown from a metre away. */
const FIT = { padding: [32, 32] as [number, number], maxZoom: 16 };

export default function LeafletFeedbackMap({ config, items, selected, onSelect, label }: LeafletFeedbackMapProps) {
  const { ref, map, tiles, retryTiles } = useLeafletMap(config, { center: config.center, zoom: config.zoom });
  const select = useRef(onSelect);
  select.current = onSelect;
  const markers = useRef(new Map<string, L.Marker>());
  const itemsKey = items.map((i) => `${i.code}@${i.lat},${i.lng}`).join('|');

  useEffect(() => {
    if (!map) return;
    const group = L.layerGroup().addTo(map);
    markers.current.clear();
    for (const item of items) {
      const name = `${item.code}: ${item.title}`;
      const m = L.marker([item.lat, item.lng], { icon: pinIcon(false), title: name, keyboard: true })
        .on('click', () => select.current(item.code))
        .addTo(group);
      const el = m.getElement();
      el?.setAttribute('aria-label', name);
      el?.setAttribute('data-code', item.code);
      markers.current.set(item.code, m);
    }
    if (items.length) map.fitBounds(L.latLngBounds(items.map((i) => [i.lat, i.lng] as [number, number])), FIT);
    return () => {
      group.remove();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map, itemsKey]);

  useEffect(() => {
    for (const [code, m] of markers.current) {
      m.setIcon(pinIcon(code === selected));
      m.getElement()?.setAttribute('aria-pressed', String(code === selected));
    }
  }, [selected, map, itemsKey]);

  return (
    <>
      <div ref={ref} className="map-view" data-testid="feedback-map" aria-label={label} />
      <TileNote status={tiles} onRetry={retryTiles} fallback="Các phản ánh vẫn có trong danh sách." />
    </>
  );
}
