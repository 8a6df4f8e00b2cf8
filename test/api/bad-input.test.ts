// Every endpoint answers malformed input with a 4xx JSON error that names the problem, never a 500.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

const WRITE_ENDPOINTS: [string, string][] = [
  ['POST', '/api/v1/feedback'],
  ['POST', '/api/v1/feedback/PA-2026-000001/accept'],
  ['POST', '/api/v1/feedback/PA-2026-000001/rating'],
  ['POST', '/api/v1/feedback/import'],
  ['POST', '/api/v1/admin/units/import'],
  ['POST', '/api/v1/admin/users/import'],
  ['POST', '/api/v1/admin/categories/import'],
  ['PUT', '/api/v1/admin/deadline-policies'],
  ['PUT', '/api/v1/calendar/days/2026-12-31'],
  ['PUT', '/api/v1/calendar/years/2027'],
  ['POST', '/open311/v2/requests.json'],
  ['POST', '/api/v1/auth/zalo'],
  ['POST', '/api/v1/auth/zalo/phone'],
];

const READ_ENDPOINTS = [
  '/api/v1/calendar/deadline?start=yesterday&workingDays=-1',
  '/api/v1/calendar/days?year=abc',
  '/api/v1/feedback?limit=100000&status=nope',
  '/api/v1/feedback/PA-2026-1',
  '/api/v1/indicators/feedback?from=2026-02-30&to=x',
  '/api/v1/indicators/feedback.xlsx?from=2026-03-01',
  '/open311/v2/requests.json?start_date=never',
  '/open311/v2/requests/%00.json',
];

const BODIES: [string, string][] = [
  ['application/json', '{not json'],
  ['application/json', 'null'],
  ['application/json', '42'],
  ['application/json', '"text"'],
  ['application/json', '[]'],
  ['application/json', '[null, 1, "x", {}]'],
  ['application/json', '{"content": {"$gt": ""}, "rating": "5", "kind": 1}'],
  ['application/json', JSON.stringify({ a: Array.from({ length: 2000 }, () => ({ b: [1, 2, 3] })) })],
  ['text/csv', 'external_id,channel\n"unterminated'],
  ['text/plain', 'hello'],
  ['application/x-www-form-urlencoded', 'a=%ZZ&b'],
];

describe.each(DB_KINDS)('bad input on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t?.close());

  it('never answers 500 to a malformed write, and says what is wrong in JSON', async () => {
    for (const [method, path] of WRITE_ENDPOINTS) {
      for (const [type, body] of BODIES) {
        const res = await t.request(method, path, { token: ADMIN_TOKEN, body, headers: { 'content-type': type } });
        const label = `${method} ${path} ${type} ${body.slice(0, 40)}`;
        expect(res.status, label).toBeGreaterThanOrEqual(400);
        expect(res.status, label).toBeLessThan(500);
        const text = await res.text();
        expect(text.length, label).toBeGreaterThan(0);
      }
    }
  });

  it('never answers 500 to malformed queries', async () => {
    for (const path of READ_ENDPOINTS) {
      const res = await t.request('GET', path, { token: ADMIN_TOKEN });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
  });
});
