// Quick updates of DTI values through the API: drafts, evidence, submission by the lead unit, review, locks.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

const SET = 'NINH-SON-DTI-2022';
const at = (iso: string) => new Date(iso);
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF');

describe.each(DB_KINDS)('DTI values on %s', (kind) => {
  let t: TestApp;
  let vp: { token: string }; // officer of Văn phòng HĐND-UBND huyện (lead of 1.1)
  let vhtt: { token: string }; // officer of Phòng Văn hóa và Thông tin (coordinating on 1.1, lead of 1.3 and 3.1)
  let leader: { token: string }; // leader of UBND huyện Ninh Sơn: reviews its offices
  let otherLeader: { token: string }; // leader of another branch of the tree

  const path = (period: string, indicator: string, unit: string) => `/api/v1/dti/values/${SET}/${period}/${indicator}/${unit}`;
  const put = (token: string, period: string, indicator: string, unit: string, json: object) =>
    t.request('PUT', path(period, indicator, unit), { token, json });
  const post = (token: string, url: string, json: object = {}) => t.request('POST', url, { token, json });

  beforeAll(async () => {
    t = await createTestApp(kind, { now: at('2026-03-02T02:00:00Z') });
    const gen = await t.request('POST', '/api/v1/admin/dti/periods/generate', { token: ADMIN_TOKEN, json: { set: SET, year: 2026 } });
    expect(gen.status).toBe(201);
    vp = await t.staff('NS-VP', 'officer');
    vhtt = await t.staff('NS-VHTT', 'officer');
    leader = await t.staff('NS', 'leader');
    otherLeader = await t.staff('SO-XD', 'leader');
  });
  afterAll(() => t?.close());

  it('lists the periods with due dates before the 20th of the quarter’s last month', async () => {
    const res = await t.request('GET', `/api/v1/dti/periods?set=${SET}`, { token: vp.token });
    const { periods } = await res.json();
    expect(periods.find((p: { code: string }) => p.code === '2026-Q1')).toMatchObject({ dueOn: '2026-03-19', locked: false });
    expect(periods.find((p: { code: string }) => p.code === '2026')).toMatchObject({ dueOn: '2026-12-09' });
  });

  it('shows an officer the indicators assigned to the unit for the current period, with role and status', async () => {
    const res = await t.request('GET', `/api/v1/dti/assigned?set=${SET}`, { token: vhtt.token });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.period).toMatchObject({ code: '2026-Q1', dueOn: '2026-03-19' });
    const byCode = new Map(body.indicators.map((i: { code: string }) => [i.code, i]));
    expect(byCode.get('1.1')).toMatchObject({ role: 'coordinating', status: 'missing', valueType: 'boolean' });
    expect(byCode.get('1.3')).toMatchObject({ role: 'lead', valueType: 'count' });
    expect((await t.request('GET', `/api/v1/dti/assigned?set=${SET}&unit=NS-VP`, { token: vhtt.token })).status).toBe(403);
  });

  it('validates each value type with the field at fault', async () => {
    const cases: [string, object, string][] = [
      ['1.1', { value: { value: 'có' } }, 'value'],
      ['1.3', { value: { value: -1 } }, 'value'],
      ['1.3', { value: { value: 2.5 } }, 'value'],
      ['3.1', { value: { numerator: 120, denominator: 100 } }, 'numerator'],
      ['3.1', { value: { numerator: 5, denominator: 0 } }, 'denominator'],
    ];
    for (const [indicator, json, field] of cases) {
      const unit = indicator === '1.1' ? 'NS-VP' : 'NS-VHTT';
      const token = indicator === '1.1' ? vp.token : vhtt.token;
      const res = await put(token, '2026-Q1', indicator, unit, json);
      expect(res.status, `${indicator} ${JSON.stringify(json)}`).toBe(422);
      const { errors } = await res.json();
      expect(errors.map((e: { field: string }) => e.field).join(' ')).toContain(field);
    }
    const ok = await put(vhtt.token, '2026-Q1', '3.1', 'NS-VHTT', { value: { numerator: 41_200, denominator: 52_000 } });
    expect(ok.status).toBe(200);
  });

  it('runs draft → submit → return → resubmit → approve, with the audit trail', async () => {
    const url = path('2026-Q1', '1.1', 'NS-VP');
    expect((await put(vp.token, '2026-Q1', '1.1', 'NS-VP', { value: { value: true }, comment: 'Quyết định số 12/QĐ-UBND' })).status).toBe(200);
    const noEvidence = await post(vp.token, `${url}/submit`);
    expect(noEvidence.status).toBe(422);
    expect((await noEvidence.json()).errors[0].field).toBe('evidence');
    const form = new FormData();
    form.append('file', new Blob([PDF], { type: 'application/pdf' }), 'quyet-dinh.pdf');
    expect((await t.request('POST', `${url}/evidence`, { token: vp.token, body: form })).status).toBe(201);
    expect((await post(vp.token, `${url}/submit`)).status).toBe(200);
    // Under review: the officer cannot change it.
    expect((await put(vp.token, '2026-Q1', '1.1', 'NS-VP', { value: { value: false } })).status).toBe(409);
    expect((await post(otherLeader.token, `${url}/approve`)).status).toBe(403);
    expect((await post(leader.token, `${url}/return`)).status).toBe(422);
    expect((await post(leader.token, `${url}/return`, { comment: 'Bổ sung số quyết định' })).status).toBe(200);
    expect((await put(vp.token, '2026-Q1', '1.1', 'NS-VP', { citation: { number: '12/QĐ-UBND', date: '2026-01-15', issuer: 'UBND tỉnh', title: 'Kiện toàn Ban chỉ đạo' } })).status).toBe(200);
    expect((await post(vp.token, `${url}/submit`)).status).toBe(200);
    const approved = await post(leader.token, `${url}/approve`, { comment: 'Đạt' });
    expect((await approved.json()).value.status).toBe('approved');

    const detail = await (await t.request('GET', url, { token: leader.token })).json();
    // Attaching the evidence is not a "Lưu nháp" of its own: one entry per press of a button.
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['save', 'submit', 'return', 'save', 'submit', 'approve']);
    expect(detail.history[2]).toMatchObject({ from: 'submitted', to: 'returned', note: 'Bổ sung số quyết định' });
    expect(detail.evidence).toHaveLength(1);
  });

  it('locks approved values for officers; an admin correction is flagged', async () => {
    expect((await put(vp.token, '2026-Q1', '1.1', 'NS-VP', { value: { value: false } })).status).toBe(409);
    const fixed = await put(ADMIN_TOKEN, '2026-Q1', '1.1', 'NS-VP', { value: { value: false }, comment: 'Sửa theo kết quả thẩm định' });
    expect(fixed.status).toBe(200);
    expect((await fixed.json()).value).toMatchObject({ status: 'approved', changedAfterApproval: true });
    const detail = await (await t.request('GET', path('2026-Q1', '1.1', 'NS-VP'), { token: ADMIN_TOKEN })).json();
    expect(detail.history.at(-1)).toMatchObject({ action: 'correct_after_approval' });
  });

  it('does not let a coordinating unit submit the consolidated value', async () => {
    expect((await put(vhtt.token, '2026-Q1', '1.2', 'NS-VHTT', { value: { value: true }, comment: 'Đóng góp' })).status).toBe(200);
    const res = await post(vhtt.token, `${path('2026-Q1', '1.2', 'NS-VHTT')}/submit`);
    expect(res.status).toBe(403);
    expect((await res.json()).message).toMatch(/lead unit/);
    // The lead unit sees the contribution.
    const assigned = await (await t.request('GET', `/api/v1/dti/assigned?set=${SET}&period=2026-Q1&unit=NS-VP`, { token: vp.token })).json();
    const row = assigned.indicators.find((i: { code: string }) => i.code === '1.2');
    expect(row.contributions).toEqual([expect.objectContaining({ unit: 'NS-VHTT', comment: 'Đóng góp' })]);
  });

  it('lets a reviewer designated by an admin review the unit’s values', async () => {
    const reviewer = await t.staff('SO-KHCN', 'officer', 'Cán bộ đầu mối DTI');
    const [{ phone }] = (await t.database.db.select({ phone: users.phone }).from(users).where(eq(users.id, reviewer.userId))) as [{ phone: string }];
    await put(vhtt.token, '2026-Q1', '1.6', 'NS-VHTT', { value: { value: 4 }, citation: { number: '7/TB-VHTT', title: 'Lịch phát sóng' } });
    const url = path('2026-Q1', '1.6', 'NS-VHTT');
    expect((await post(vhtt.token, `${url}/submit`)).status).toBe(200);
    expect((await post(reviewer.token, `${url}/approve`)).status).toBe(403);
    const add = await t.request('POST', '/api/v1/admin/dti/reviewers', { token: ADMIN_TOKEN, json: { unit: 'NS-VHTT', phone } });
    expect(add.status).toBe(201);
    expect((await post(reviewer.token, `${url}/approve`)).status).toBe(200);
    const unknown = await t.request('POST', '/api/v1/admin/dti/reviewers', { token: ADMIN_TOKEN, json: { unit: 'NS-VHTT', phone: '0999999999' } });
    expect(unknown.status).toBe(422);
  });

  it('records a submission after the due date as late', async () => {
    t.clock.now = at('2026-03-20T03:00:00Z'); // Fri 20/3 local, after the due date 19/3, inside the grace period
    await put(vhtt.token, '2026-Q1', '1.3', 'NS-VHTT', { value: { value: 4 }, citation: { number: '45/CV-UBND', title: 'Công văn chỉ đạo' } });
    expect((await post(vhtt.token, `${path('2026-Q1', '1.3', 'NS-VHTT')}/submit`)).status).toBe(200);
    const detail = await (await t.request('GET', path('2026-Q1', '1.3', 'NS-VHTT'), { token: vhtt.token })).json();
    expect(detail.history.at(-1)).toMatchObject({ action: 'submit', note: 'nộp muộn (hạn 2026-03-19)' });
  });

  it('refuses edits in a locked period until an admin reopens it', async () => {
    t.clock.now = at('2026-03-25T03:00:00Z'); // past 19/3 + 5 days of grace
    const locked = await put(vhtt.token, '2026-Q1', '1.4', 'NS-VHTT', { value: { value: 12 } });
    expect(locked.status).toBe(409);
    expect((await locked.json()).error).toBe('period_locked');
    const reopen = await t.request('POST', `/api/v1/admin/dti/periods/${SET}/2026-Q1/reopen`, { token: ADMIN_TOKEN, json: { until: '2026-03-31T23:59:59+07:00' } });
    expect((await reopen.json()).locked).toBe(false);
    expect((await put(vhtt.token, '2026-Q1', '1.4', 'NS-VHTT', { value: { value: 12 } })).status).toBe(200);
  });

  it('accepts images and PDF by their bytes only, cleans file names, and serves evidence only to those allowed', async () => {
    t.clock.now = at('2026-03-30T02:00:00Z'); // sessions of this file were opened on 2/3 and last 30 days
    const url = path('2026-Q2', '1.4', 'NS-VHTT');
    const exe = new FormData();
    exe.append('file', new Blob([new Uint8Array([0x4d, 0x5a, 0x90, 0])], { type: 'application/pdf' }), 'bao-cao.pdf');
    expect((await t.request('POST', `${url}/evidence`, { token: vhtt.token, body: exe })).status).toBe(415);
    const html = new FormData();
    html.append('file', new Blob(['<html><script>alert(1)</script>'], { type: 'image/png' }), 'x.png');
    expect((await t.request('POST', `${url}/evidence`, { token: vhtt.token, body: html })).status).toBe(415);
    const good = new FormData();
    good.append('file', new Blob([PDF], { type: 'application/octet-stream' }), '..\\..\\windows\\bien-ban.pdf');
    const res = await t.request('POST', `${url}/evidence`, { token: vhtt.token, body: good });
    expect(res.status).toBe(201);
    const [file] = (await res.json()).evidence;
    expect(file).toMatchObject({ fileName: 'bien-ban.pdf', mimeType: 'application/pdf' });
    const fileUrl = `${url}/evidence/${file.id}`;
    const got = await t.request('GET', fileUrl, { token: leader.token });
    expect(got.status).toBe(200);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(PDF);
    // Downloaded, never shown in place, and sandboxed should a browser render it anyway.
    expect(got.headers.get('content-disposition')).toBe("attachment; filename*=UTF-8''bien-ban.pdf");
    expect(got.headers.get('content-security-policy')).toMatch(/^default-src 'none';.*sandbox/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await t.request('GET', fileUrl, { token: otherLeader.token })).status).toBe(403);
    expect((await t.request('GET', fileUrl)).status).toBe(401);
  });

  it('refuses callers outside the unit', async () => {
    const citizen = await t.citizen();
    expect((await put(citizen.token, '2026-Q2', '1.1', 'NS-VP', { value: { value: true } })).status).toBe(403);
    expect((await put(vhtt.token, '2026-Q2', '1.1', 'NS-VP', { value: { value: true } })).status).toBe(403);
    expect((await t.request('PUT', path('2026-Q2', '1.1', 'NS-VP'), { json: { value: { value: true } } })).status).toBe(401);
    expect((await put(vp.token, '2026-Q2', '3.1', 'NS-VP', { value: { numerator: 1, denominator: 2 } })).status).toBe(422); // not assigned to NS-VP
    expect((await put(vp.token, '2026-Q9', '1.1', 'NS-VP', { value: { value: true } })).status).toBe(404);
  });
});
