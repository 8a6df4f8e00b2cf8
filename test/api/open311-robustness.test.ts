// Open311 must keep answering well-formed documents and error lists whatever a citizen typed or a client sent:
// control characters in published text, broken multipart and garbage urlencoded bodies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntegration } from '../../bot-server/src/features/auth/session-repository.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { parseStrictXml } from '../support/strict-xml.js';
import { expectGeoErrors, type GeoError } from '../support/open311.js';

const BASE = '/open311/v2';

// Characters XML 1.0 forbids anywhere (not even as &#1;), among text it must keep: a CR, a tab, markup, an emoji.
const FORBIDDEN = '\u0001\u0008\u000b\u000c\u001f\uFFFE\uFFFF';
const CONTENT = `Cống\u0001 tràn\u0008 nước <b>&</b> "ngõ 5"\u001f\r\ntối\tqua \uFFFE😀\uFFFF hết.`;
const ADDRESS = `Số 12\u000b phố\u000c Huế`;
const ANSWER = `Đã nạo vét\u0002 cống ngày 04/03.\u001b`;

describe.each(DB_KINDS)('Open311 robustness on %s', (kind) => {
  let t: TestApp;
  let key: string;
  let code: string;

  beforeAll(async () => {
    t = await createTestApp(kind, { now: new Date('2026-03-02T02:00:00Z') });
    key = await createIntegration(t.database.db, 'Cổng DVC', 'dvc_portal');
    const category = await t.request('POST', '/api/v1/admin/categories/import', {
      token: ADMIN_TOKEN,
      json: [{ code: 'cong-ranh', name: `Cống\u0007 rãnh`, description: `Thoát nước\u0010 đô thị`, unit: 'SO-XD' }],
    });
    expect(category.status).toBe(200);
    const created = await t.request('POST', '/api/v1/feedback', {
      token: ADMIN_TOKEN,
      json: { channel: 'email', category: 'cong-ranh', content: CONTENT, address: ADDRESS, title: `Cống\u0003 tràn` },
    });
    expect(created.status).toBe(201);
    code = ((await created.json()) as { code: string }).code;
    expect((await t.request('POST', `/api/v1/feedback/${code}/answer`, { token: ADMIN_TOKEN, json: { answer: ANSWER } })).status).toBe(200);
    expect((await t.request('POST', `/api/v1/feedback/${code}/publish`, { token: ADMIN_TOKEN, json: {} })).status).toBe(200);
  });
  afterAll(() => t?.close());

  const wellFormed = async (path: string, status = 200) => {
    const res = await t.request('GET', `${BASE}${path}`);
    expect(res.status, path).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    const xml = await res.text();
    const parsed = parseStrictXml(xml);
    expect(parsed.errors, `${path}:\n${xml}`).toEqual([]);
    return parsed;
  };

  it('the published text with control characters keeps requests.xml and requests/<code>.xml well-formed', async () => {
    // The JSON form is unchanged: the stored text is the citizen's.
    const [json] = (await (await t.request('GET', `${BASE}/requests/${code}.json`)).json()) as Record<string, unknown>[];
    expect(json).toMatchObject({ description: CONTENT, address: ADDRESS, status_notes: ANSWER });

    for (const path of ['/requests.xml', `/requests/${code}.xml`, `/requests.xml?service_request_id=${code}`]) {
      const { root, texts } = await wellFormed(path);
      expect(root).toBe('service_requests');
      expect(texts.get('service_request_id')).toEqual([code]);
      // Only the forbidden characters are gone: markup, CR (as &#xD;), tab and the emoji come back as sent.
      expect(texts.get('description')).toEqual(['Cống tràn nước <b>&</b> "ngõ 5"\r\ntối\tqua 😀 hết.']);
      expect(texts.get('address')).toEqual(['Số 12 phố Huế']);
      expect(texts.get('status_notes')).toEqual(['Đã nạo vét cống ngày 04/03.']);
      expect(texts.get('service_name')).toEqual(['Cống rãnh']);
    }
    // The same list for the admin, who also sees unpublished rows.
    const admin = await t.request('GET', `${BASE}/requests.xml?api_key=${ADMIN_TOKEN}`);
    expect(parseStrictXml(await admin.text()).errors).toEqual([]);
  });

  it('services, a service definition and error lists stay well-formed', async () => {
    const services = await wellFormed('/services.xml');
    expect(services.root).toBe('services');
    expect(services.texts.get('service_name')).toContain('Cống rãnh');
    expect(services.texts.get('description')).toContain('Thoát nước đô thị');
    expect((await wellFormed('/services/cong-ranh.xml')).root).toBe('service_definition');
    // Error descriptions quote the caller's input.
    for (const path of ['/services/%01%08x%3C.xml', '/requests/%1F%3C%26.xml', '/nope%0B.xml']) {
      const err = await wellFormed(path, 404);
      expect(err.root).toBe('errors');
      expect(err.texts.get('code')).toEqual(['404']);
    }
    const bad = await wellFormed(`/requests.xml?status=%01%3Cx`, 400);
    expect(bad.texts.get('description')![0]).toBe('status: "<x" is not open or closed');
  });

  it('a POST answered in XML is well-formed too', async () => {
    const res = await t.request('POST', `${BASE}/requests.xml`, {
      body: new URLSearchParams({ api_key: key, service_code: 'cong-ranh', address_string: `Ngõ\u0001 7`, description: `Nắp cống\u0008 vỡ` }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.status).toBe(201);
    expect(parseStrictXml(await res.text()).errors).toEqual([]);
    const invalid = await t.request('POST', `${BASE}/requests.xml?api_key=${key}`, {
      body: `service_code=${encodeURIComponent(`x${FORBIDDEN}`)}&address_string=a&description=b`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(invalid.status).toBe(400);
    const parsed = parseStrictXml(await invalid.text());
    expect(parsed.errors).toEqual([]);
    expect(parsed.texts.get('description')).toEqual(['service_code: "x" is not a service of this endpoint']);
  });

  const expectErrors = expectGeoErrors;

  const post = (body: RequestInit['body'], type: string, file = 'requests.json') =>
    t.request('POST', `${BASE}/${file}?api_key=${key}`, { body, headers: { 'content-type': type } });

  it('a malformed multipart body is a 400 error list that says what is wrong, not a 500', async () => {
    await expectErrors(await post('service_code=cong-ranh', 'multipart/form-data'), 400, /needs a boundary/);
    await expectErrors(await post('not multipart at all', 'multipart/form-data; boundary=XYZ'), 400, /not valid multipart\/form-data.*--<boundary>--/);
    // Cut off before the closing delimiter.
    const truncated = '--XYZ\r\nContent-Disposition: form-data; name="service_code"\r\n\r\ncong-ranh\r\n';
    await expectErrors(await post(truncated, 'multipart/form-data; boundary=XYZ'), 400, /not valid multipart/);
    await expectErrors(await post('', 'multipart/form-data; boundary=XYZ'), 400, /not valid multipart/);
    // In XML too.
    const xml = await post('garbage', 'multipart/form-data; boundary=XYZ', 'requests.xml');
    expect(xml.status).toBe(400);
    const parsed = parseStrictXml(await xml.text());
    expect(parsed.errors).toEqual([]);
    expect(parsed.texts.get('description')![0]).toMatch(/not valid multipart/);

    // A well-formed multipart body is accepted.
    const form = new FormData();
    for (const [k, v] of Object.entries({ service_code: 'cong-ranh', address_string: 'Ngõ 9', description: 'Cống tắc' })) form.append(k, v);
    const ok = await t.request('POST', `${BASE}/requests.json?api_key=${key}`, { body: form });
    expect(ok.status).toBe(201);
  });

  it('urlencoded garbage is answered with the missing fields, not a 500', async () => {
    const type = 'application/x-www-form-urlencoded';
    await expectErrors(await post('%zz=%E0%A4%A&&=&&a=b=c&%', type), 400, /service_code: is required.*description: is required/);
    await expectErrors(await post(new Uint8Array([0xff, 0xfe, 0x3d, 0x80, 0x26, 0x00]), type), 400, /service_code: is required/);
    // Broken escapes inside a field are kept as text and checked like any other value.
    await expectErrors(await post('service_code=%zz&description=%E0%A4&address_string=x', type), 400, /service_code: "%zz" is not a service/);
  });
});
