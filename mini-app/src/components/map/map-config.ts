// The deployment's map settings (from the client config), fetched once per app start and shared by every map.
import { useEffect, useState } from 'react';
import { api } from '../../api/endpoints';
import type { MapConfig } from '../../api/types';

let pending: Promise<MapConfig | null> | null = null;

/** A config that cannot be loaded means no map: the forms keep their address field, the lists their list. */
function loadMapConfig(): Promise<MapConfig | null> {
  pending ??= api.clientConfig().then(
    (c) => c.map ?? null,
    () => {
      pending = null;
      return null;
    },
  );
  return pending;
}

/** undefined while loading, null when maps are off. */
export function useMapConfig(): MapConfig | null | undefined {
  const [config, setConfig] = useState<MapConfig | null | undefined>(undefined);
  useEffect(() => {
    let alive = true;
    void loadMapConfig().then((c) => alive && setConfig(c));
    return () => {
      alive = false;
    };
  }, []);
  return config;
}
