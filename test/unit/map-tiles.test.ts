import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '../../bot-server/src/env.js';
import { tileOrigin } from '../../bot-server/src/lib/map-tiles.js';

describe('map tile configuration', () => {
  it('takes the origin of a tile URL template', () => {
    expect(tileOrigin('https://tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://tile.openstreetmap.org');
    expect(tileOrigin('http://127.0.0.1:4567/t/{z}/{x}/{y}.png')).toBe('http://127.0.0.1:4567');
    expect(tileOrigin('https://{s}.tile.example.vn/{z}/{x}/{y}{r}.png?key=abc')).toBe('https://*.tile.example.vn');
    expect(tileOrigin('HTTPS://Tiles.Example.VN:443/{z}/{x}/{y}.png')).toBe('https://tiles.example.vn');
  });

  it('refuses what is not an http(s) template, or lets the host vary beyond a leading {s}.', () => {
    for (const bad of [
      'ftp://tiles.example.vn/{z}/{x}/{y}.png',
      'https://tiles.example.vn/{z}/{x}.png',
      '//tiles.example.vn/{z}/{x}/{y}.png',
      'https://{z}.example.vn/{z}/{x}/{y}.png',
      'https://tiles.{s}.example.vn/{z}/{x}/{y}.png',
      "https://a.vn 'unsafe-inline'/{z}/{x}/{y}.png",
      'https://a.vn;script-src/{z}/{x}/{y}.png',
      'javascript:alert(1)//{z}/{x}/{y}',
    ]) {
      expect(tileOrigin(bad), bad).toBeNull();
    }
  });

  it('defaults to OpenStreetMap, turns maps off when empty, and refuses a bad template or centre at start', () => {
    const env = parseEnv({});
    expect(env.MAP_TILE_URL).toBe('https://tile.openstreetmap.org/{z}/{x}/{y}.png');
    expect(env.MAP_TILE_ATTRIBUTION).toBe('© OpenStreetMap contributors');
    expect(env.MAP_DEFAULT_CENTER).toEqual({ lat: 22.147, lng: 105.8348, zoom: 13 });
    expect(parseEnv({ MAP_TILE_URL: '  ' }).MAP_TILE_URL).toBe('');
    expect(parseEnv({ MAP_DEFAULT_CENTER: '10.1,106.2' }).MAP_DEFAULT_CENTER).toEqual({ lat: 10.1, lng: 106.2, zoom: 13 });
    expect(() => parseEnv({ MAP_TILE_URL: 'https://tiles.example.vn/tile.png' })).toThrow(/MAP_TILE_URL/);
    for (const bad of ['91,100', 'abc', '10,106,25', '10,106,13,1']) {
      expect(() => parseEnv({ MAP_DEFAULT_CENTER: bad }), bad).toThrow(EnvError);
    }
  });
});
