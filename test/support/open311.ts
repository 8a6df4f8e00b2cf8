import { expect } from 'vitest';

export interface GeoError {
  code: number;
  description: string;
}

/** A GeoReport error list: every entry carries the HTTP status, and the descriptions say what is wrong. */
export async function expectGeoErrors(res: Response, status: number, pattern: RegExp): Promise<GeoError[]> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as GeoError[];
  expect(Array.isArray(body)).toBe(true);
  expect(body.length).toBeGreaterThan(0);
  for (const e of body) expect(e.code).toBe(status);
  expect(body.map((e) => e.description).join(' | ')).toMatch(pattern);
  return body;
}
