// Leaflet, its stylesheet and what both maps share. Only the lazily loaded map modules import this file, so the
// library and its CSS stay out of the first load (test/mini-app/bundle-budget.test.ts checks it).
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './map.css';
import { useEffect, useRef, useState } from 'react';
import type { MapConfig } from '../../api/types';
import type { MapPoint } from './map-types';

export { L };

export type TileStatus = 'loading' | 'ok' | 'failed';

/**
 * Leaflet's default marker is an image its CSS finds by a path bundlers break; a divIcon is drawn by map.css
 * instead. 44 px square: the touch target the rest of the app uses.
 */
export function pinIcon(selected = false): L.DivIcon {
  return L.divIcon({
    className: selected ? 'map-pin map-pin-selected' : 'map-pin',
    html: '',
    iconSize: [44, 44],
    iconAnchor: [22, 40],
  });
}

/**
 * Creates the map in `el` with the deployment's tiles; the attribution is plain text (never HTML from the
 * configuration). Reports whether the tiles load: failed when tiles error and none has loaded.
 */
export function createMap(
  el: HTMLElement,
  config: MapConfig,
  view: { center: MapPoint; zoom: number },
  onTiles: (s: TileStatus) => void,
): { map: L.Map; retryTiles: () => void } {
  const map = L.map(el, { attributionControl: false, zoomControl: true }).setView(view.center, view.zoom);
  const attribution = L.control.attribution({ prefix: false }).addTo(map);
  if (config.attribution) attribution.addAttribution(escapeHtml(config.attribution));
  let loaded = 0;
  const tiles = L.tileLayer(config.tileUrl, { maxZoom: 19 })
    .on('tileload', () => {
      loaded += 1;
      onTiles('ok');
    })
    .on('tileerror', () => {
      if (loaded === 0) onTiles('failed');
    })
    .addTo(map);
  // The container may get its size after Leaflet measured it (a sheet opening, fonts loading).
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => map.invalidateSize()) : null;
  ro?.observe(el);
  map.on('unload', () => ro?.disconnect());
  return {
    map,
    retryTiles: () => {
      onTiles('loading');
      tiles.redraw();
    },
  };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/** Mounts a map on the returned ref for the component's lifetime, and tracks its tiles. */
export function useLeafletMap(config: MapConfig, view: { center: MapPoint; zoom: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<L.Map | null>(null);
  const [tiles, setTiles] = useState<TileStatus>('loading');
  const retry = useRef(() => {});
  useEffect(() => {
    if (!ref.current) return;
    const made = createMap(ref.current, config, view, setTiles);
    retry.current = made.retryTiles;
    setMap(made.map);
    return () => {
      made.map.remove();
      setMap(null);
    };
    // The view is where the map opens; later changes move it through the map itself.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [config.tileUrl]);
  return { ref, map, tiles, retryTiles: () => retry.current() };
}
