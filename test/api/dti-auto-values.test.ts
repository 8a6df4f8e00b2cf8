// Indicators 3.x and 4.x of the Bắc Kạn set are filled by the system from the feedback it holds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

const SET = 'BAC-KAN-PAKN-2023';
const at = (iso: string) => new Date(iso);

describe.each(DB_KINDS)('DTI values computed from feedback on %s', (kind) => {
  let t: TestApp;
  let officer: { token: string };

  beforeAll(async () => {
    t = await createTestApp(kind, { now: at('2026-01-05T02:00:00Z') });
    expect((await t.request('POST', '/api/v1/admin/dti/periods/generate', { token: ADMIN_TOKEN, json: { set: SET, year: 2026 } })).status).toBe(201);
    officer = await t.staff('SO-XD', 'officer');
    const citizen = await t.citizen();
    // Three mini-app feedbacks to Sở Xây dựng in Q1 2026: one answered on time, one answered late, one pending.
    const codes: string[] = [];
    for (const content of ['Vỉa hè bị lấn chiếm trên phố A', 'Công trình xây dựng không che chắn', 'Nắp cống bị vỡ trước trường học']) {
      const res = await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { category: 'ha-tang', content } });
      codes.push((await res.json()).code);
    }
    t.clock.now = at('2026-01-08T02:00:00Z');
    await t.request('POST', `/api/v1/feedback/${codes[0]}/answer`, { token: officer.token, json: { answer: 'Đã xử lý' } });
    await t.request('POST', `/api/v1/feedback/${codes[0]}/rating`, { token: citizen.token, json: { rating: 5 } });
    t.clock.now = at('2026-02-03T02:00:00Z'); // past the due date 23/1 (15 working days from Mon 5/1, with Sat 10/1 worked)
    await t.request('POST', `/api/v1/feedback/${codes[1]}/answer`, { token: officer.token, json: { answer: 'Đã nhắc nhở chủ đầu tư' } });
    await t.request('POST', `/api/v1/feedback/${codes[1]}/rating`, { token: citizen.token, json: { rating: 2 } });
    // The fourth is filed now, so it is not yet due.
    t.clock.now = at('2026-02-03T03:00:00Z');
    await t.request('POST', '/api/v1/feedback', { token: citizen.token, json: { category: 'ha-tang', content: 'Đèn tín hiệu giao thông hỏng ở ngã năm' } });
  });
  afterAll(() => t?.close());

  it('shows the computed value and its formula in the officer’s list', async () => {
    const body = await (await t.request('GET', `/api/v1/dti/assigned?set=${SET}&period=2026-Q1`, { token: officer.token })).json();
    const byCode = new Map(body.indicators.map((i: { code: string }) => [i.code, i]));
    // Zalo channels (mini app): on time 1, late 1 (the third from 5/1 is unanswered and overdue), pending 1.
    const i33 = byCode.get('3.3') as { auto: { value: unknown; formula: string; detail: Record<string, number> } };
    expect(i33.auto.detail).toEqual({ total: 4, onTime: 1, late: 2, pending: 1 });
    expect(i33.auto.value).toEqual({ numerator: 1, denominator: 3 });
    expect(i33.auto.formula).toContain('1 / 3');
    const i41 = byCode.get('4.1') as { auto: { value: unknown } };
    expect(i41.auto.value).toEqual({ numerator: 1, denominator: 2 });
    expect((byCode.get('3.1') as { auto: { value: unknown } }).auto.value).toBeNull(); // no DVC portal feedback
  });

  it('saves the computed value on request, with the formula as its comment', async () => {
    const res = await t.request('PUT', `/api/v1/dti/values/${SET}/2026-Q1/3.3/SO-XD`, { token: officer.token, json: { auto: true } });
    expect(res.status).toBe(200);
    const { value } = await res.json();
    expect(value.value).toEqual({ type: 'ratio', numerator: 1, denominator: 3 });
    expect(value.comment).toMatch(/^Hệ thống tự tính: /);
    const none = await t.request('PUT', `/api/v1/dti/values/${SET}/2026-Q1/3.1/SO-XD`, { token: officer.token, json: { auto: true } });
    expect(none.status).toBe(422);
  });
});
