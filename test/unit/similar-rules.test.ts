import { describe, expect, it } from 'vitest';
import {
  boundingBox,
  haversineMeters,
  isSimilar,
  sharedWordCount,
  toldDistance,
  words,
} from '../../bot-server/src/domain/feedback/similar-rules.js';

describe('distance', () => {
  it('measures short distances on the sphere to within a metre', () => {
    // 0.001° of latitude is about 111.2 m everywhere.
    expect(haversineMeters({ lat: 22.147, lng: 105.8348 }, { lat: 22.148, lng: 105.8348 })).toBeCloseTo(111.2, 0);
    // 0.001° of longitude at 22.147° N is 111.2 m × cos(22.147°) ≈ 103.0 m.
    expect(haversineMeters({ lat: 22.147, lng: 105.8348 }, { lat: 22.147, lng: 105.8358 })).toBeCloseTo(103.0, 0);
    expect(haversineMeters({ lat: 10, lng: 106 }, { lat: 10, lng: 106 })).toBe(0);
  });

  it('boxes every point within the radius, and not far more', () => {
    const p = { lat: 22.147, lng: 105.8348 };
    const box = boundingBox(p, 300);
    for (let deg = 0; deg < 360; deg += 15) {
      // A point 299 m away in each direction lies inside the box.
      const dLat = (299 / 111_195) * Math.cos((deg * Math.PI) / 180);
      const dLng = ((299 / 111_195) * Math.sin((deg * Math.PI) / 180)) / Math.cos((p.lat * Math.PI) / 180);
      const q = { lat: p.lat + dLat, lng: p.lng + dLng };
      expect(haversineMeters(p, q)).toBeLessThan(300);
      expect(q.lat).toBeGreaterThanOrEqual(box.minLat);
      expect(q.lat).toBeLessThanOrEqual(box.maxLat);
      expect(q.lng).toBeGreaterThanOrEqual(box.minLng);
      expect(q.lng).toBeLessThanOrEqual(box.maxLng);
    }
    expect(haversineMeters(p, { lat: box.maxLat, lng: p.lng })).toBeLessThan(310);
  });
});

describe('similar words', () => {
  it('compares without diacritics or case and ignores common words', () => {
    expect([...words('Ổ gà lớn trên đường Trần Hưng Đạo')]).toEqual(['ga', 'lon', 'duong', 'tran', 'hung', 'dao']);
    expect(sharedWordCount(words('Đèn đường hỏng trước cổng trường'), words('den duong HONG, tối om'))).toBe(3);
  });

  it('calls an item similar by category, or by three shared words', () => {
    const w = words('Đèn đường hỏng trước cổng trường');
    expect(isSimilar({ category: 'ha-tang' }, { category: 'ha-tang', words: new Set() })).toBe(true);
    expect(isSimilar({ category: 'ha-tang' }, { category: 'moi-truong', words: new Set() })).toBe(false);
    expect(isSimilar({ category: 'ha-tang', words: w }, { category: 'moi-truong', words: words('Đèn đường bị hỏng') })).toBe(true);
    expect(isSimilar({ category: 'ha-tang', words: w }, { category: 'moi-truong', words: words('Đèn hỏng') })).toBe(false);
    expect(isSimilar({}, { category: null, words: new Set() })).toBe(true);
  });
});

describe('told distance', () => {
  it('is exact for staff, to 10 m for published items, and only to the next 50 m otherwise', () => {
    expect(toldDistance(123.4, 'exact')).toBe(123);
    expect(toldDistance(123.4, 'published')).toBe(120);
    expect(toldDistance(123.4, 'approximate')).toBe(150);
    expect(toldDistance(3, 'approximate')).toBe(50);
  });
});
