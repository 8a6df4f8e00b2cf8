// The map's tile source: one URL template (Leaflet's {s}/{z}/{x}/{y}/{r}), from which the page policy takes its origin.

export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
export const DEFAULT_TILE_ATTRIBUTION = '© OpenStreetMap contributors';

/**
 * The origin images come from for a tile URL template, e.g. `https://tile.openstreetmap.org`, or
 * `https://*.tile.example.vn` for a `{s}.` subdomain; null when it is not an http(s) template with {z}, {x} and {y}.
 * Only a leading `{s}.` may vary the host, so the policy never has to allow more than one site's subdomains.
 */
export function tileOrigin(template: string): string | null {
  const m = /^(https?):\/\/([^/?#]+)(\/[^#]*)$/i.exec(template.trim());
  if (!m) return null;
  const [, scheme, host, rest] = m as unknown as [string, string, string, string];
  if (!['{z}', '{x}', '{y}'].every((p) => rest.includes(p))) return null;
  const sub = host.startsWith('{s}.');
  const bare = sub ? host.slice(4) : host;
  if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i.test(bare)) return null;
  try {
    const origin = new URL(`${scheme}://${bare}`).origin;
    if (origin === 'null') return null;
    return sub ? origin.replace('://', '://*.') : origin;
  } catch {
    return null;
  }
}
