// Issue 11: who a history names (never a token), whose files are whose (citizens add images only; the unit may add
// a PDF), one DTI submit = one history entry, and where an officer's app opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegration } from '../../bot-server/src/features/auth/session-repository.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

const at = (iso: string) => new Date(iso);
const PDF = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF');
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);

describe.each(DB_KINDS)('history words and files on %s', (kind) => {
  let t: TestApp;
  let citizen: { token: string; userId: number };
  let officer: { token: string; userId: number };

  beforeAll(async () => {
    t = await createTestApp(kind, { now: at('2026-03-02T02:00:00Z') });
    citizen = await t.citizen();
    officer = await t.staff('SO-XD', 'officer', 'Cán bộ Sở Xây dựng');
  });
  afterAll(() => t?.close());

  async function file(): Promise<string> {
    const res = await t.request('POST', '/api/v1/feedback', {
      token: citizen.token,
      json: { category: 'ha-tang', content: 'Ổ gà lớn trên đường Trần Hưng Đạo, rất nguy hiểm' },
    });
    expect(res.status).toBe(201);
    return (await res.json()).code;
  }
  const upload = (code: string, token: string, bytes: Uint8Array, name: string, type: string) => {
    const form = new FormData();
    form.append('file', new Blob([bytes], { type }), name);
    return t.request('POST', `/api/v1/feedback/${code}/attachments`, { token, body: form });
  };

  it('takes only images from the citizen, a PDF from the handling officer, and says whose each file is', async () => {
    const code = await file();
    // A PDF, even named and typed as a photo, is refused from the citizen: the bytes decide.
    const pdfAsPhoto = await upload(code, citizen.token, PDF, 'anh-1.jpg', 'image/jpeg');
    expect(pdfAsPhoto.status).toBe(415);
    expect((await upload(code, citizen.token, PDF, 'to-trinh.pdf', 'application/pdf')).status).toBe(415);
    expect((await upload(code, citizen.token, PNG, 'o-ga.png', 'image/png')).status).toBe(201);
    // The officer attaches the answer's document.
    expect((await upload(code, officer.token, PDF, 'cong-van-tra-loi.pdf', 'application/pdf')).status).toBe(201);

    for (const token of [citizen.token, officer.token]) {
      const detail = await (await t.request('GET', `/api/v1/feedback/${code}`, { token })).json();
      expect(detail.attachments.map((a: { fileName: string; source: string }) => [a.fileName, a.source])).toEqual([
        ['o-ga.png', 'citizen'],
        ['cong-van-tra-loi.pdf', 'agency'],
      ]);
      expect(JSON.stringify(detail.attachments)).not.toContain('uploadedBy');
    }
  });

  it('names an administrator or an integration by role in the history, never by its token', async () => {
    const code = await file();
    expect((await t.request('POST', `/api/v1/feedback/${code}/accept`, { token: ADMIN_TOKEN, json: {} })).status).toBe(200);
    for (const token of [citizen.token, officer.token, ADMIN_TOKEN]) {
      const detail = await (await t.request('GET', `/api/v1/feedback/${code}`, { token })).json();
      const actors = detail.timeline.map((e: { type: string; actor: string }) => [e.type, e.actor]);
      expect(actors).toEqual([
        ['created', 'Nguyễn Văn Dân'],
        ['accept', 'Quản trị viên'],
      ]);
      expect(JSON.stringify(detail)).not.toContain('admin-token');
    }

    const key = await createIntegration(t.database.db, 'Cổng DVC', 'dvc_portal');
    const res = await t.request('POST', '/api/v1/feedback', {
      token: key,
      json: { category: 'ha-tang', content: 'Đèn tín hiệu giao thông không hoạt động' },
    });
    expect(res.status).toBe(201);
    const filed = await (await t.request('GET', `/api/v1/feedback/${(await res.json()).code}`, { token: officer.token })).json();
    expect(filed.timeline[0].actor).toBe('Hệ thống tích hợp');
    expect(JSON.stringify(filed.timeline)).not.toContain('integration:');
  });

  it('tells the app what the officer works on, so a DTI-only officer opens on DTI', async () => {
    const dtiOfficer = await t.staff('NS-VP', 'officer');
    expect((await (await t.request('GET', '/api/v1/me', { token: dtiOfficer.token })).json()).work).toEqual({ feedback: false, dti: true });
    expect((await (await t.request('GET', '/api/v1/me', { token: officer.token })).json()).work).toMatchObject({ feedback: true });
    expect((await (await t.request('GET', '/api/v1/me', { token: citizen.token })).json()).work).toEqual({ feedback: false, dti: false });
  });

  it('writes one "submit" for one submit with its evidence and value, and one "save" for a save', async () => {
    const gen = await t.request('POST', '/api/v1/admin/dti/periods/generate', { token: ADMIN_TOKEN, json: { set: 'NINH-SON-DTI-2022', year: 2026 } });
    expect(gen.status).toBe(201);
    const vhtt = await t.staff('NS-VHTT', 'officer');
    const url = '/api/v1/dti/values/NINH-SON-DTI-2022/2026-Q1/1.3/NS-VHTT';
    // The mini app's "Gửi duyệt": the files first, then the value with the submit.
    for (const name of ['bien-ban-1.pdf', 'bien-ban-2.pdf']) {
      const form = new FormData();
      form.append('file', new Blob([PDF], { type: 'application/pdf' }), name);
      expect((await t.request('POST', `${url}/evidence`, { token: vhtt.token, body: form })).status).toBe(201);
    }
    const submitted = await t.request('POST', `${url}/submit`, { token: vhtt.token, json: { value: { type: 'count', value: 7 }, comment: 'Theo sổ theo dõi' } });
    expect(submitted.status).toBe(200);
    expect((await submitted.json()).value).toMatchObject({ status: 'submitted', value: { value: 7 }, comment: 'Theo sổ theo dõi' });
    let detail = await (await t.request('GET', url, { token: vhtt.token })).json();
    expect(detail.history.map((h: { action: string }) => h.action)).toEqual(['submit']);
    expect(detail.history[0]).toMatchObject({ from: 'draft', to: 'submitted', value: { value: 7 } });
    expect(detail.evidence).toHaveLength(2);

    // A refused submit (the value is invalid) leaves nothing behind.
    const url2 = '/api/v1/dti/values/NINH-SON-DTI-2022/2026-Q2/1.3/NS-VHTT';
    expect((await t.request('POST', `${url2}/submit`, { token: vhtt.token, json: { value: { type: 'count', value: -1 } } })).status).toBe(422);
    expect((await t.request('PUT', url2, { token: vhtt.token, json: { value: { type: 'count', value: 3 } } })).status).toBe(200);
    detail = await (await t.request('GET', url2, { token: vhtt.token })).json();
    expect(detail.history.map((h: { action: string; actor: string }) => [h.action, h.actor])).toEqual([['save', 'officer NS-VHTT']]);
  });
});
