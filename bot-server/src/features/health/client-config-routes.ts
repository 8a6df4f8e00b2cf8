import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import type { AppEnv } from '../auth/auth-middleware.js';

/**
 * Public: what the mini app needs to know about this deployment (the OA to follow, the map's tiles). Never a secret.
 * `map` is null when maps are off (MAP_TILE_URL empty).
 */
export function clientConfigRoutes(deps: AppDeps) {
  const { MAP_TILE_URL: tileUrl, MAP_TILE_ATTRIBUTION: attribution, MAP_DEFAULT_CENTER: center } = deps.env;
  const map = tileUrl ? { tileUrl, attribution, center: { lat: center.lat, lng: center.lng }, zoom: center.zoom } : null;
  return new Hono<AppEnv>().get('/', (c) => c.json({ oaId: deps.env.ZALO_OA_ID ?? null, map }, 200, { 'cache-control': 'no-cache' }));
}
