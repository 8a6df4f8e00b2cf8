import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CATEGORIES } from '../../db/seed.js';
import { authenticate, type AppEnv } from '../../bot-server/src/features/auth/auth-middleware.js';
import { createIntegration } from '../../bot-server/src/features/auth/session-repository.js';
import { open311ErrorFormat, open311Routes } from '../../bot-server/src/features/open311/open311-routes.js';
import { errorHandler } from '../../bot-server/src/lib/api-error.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';
import { expectGeoErrors, type GeoError } from '../support/open311.js';

type Row = Record<string, unknown>;

const BASE = '/open311/v2';
const CITIZEN = { first_name: 'Thị Hoa', last_name: 'Trần', email: 'hoa.tran@example.vn', phone: '0987 654 321' };

const form = (fields: Record<string, string>) => ({
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe.each(DB_KINDS)('Open311 GeoReport v2 on %s', (kind) => {
  let t: TestApp;
  let integrationKey: string;
  let officerXd: { token: string; userId: number };

  beforeAll(async () => {
    // Monday 2 March 2026, 09:00 local.
    t = await createTestApp(kind, { now: new Date('2026-03-02T02:00:00Z') });
    integrationKey = await createIntegration(t.database.db, 'Cổng DVC', 'dvc_portal');
    officerXd = await t.staff('SO-XD', 'officer', 'Cán bộ Sở Xây dựng');
  });
  afterAll(() => t?.close());

  async function post(fields: Record<string, string>, apiKey?: string) {
    const all = apiKey ? { api_key: apiKey, ...fields } : fields;
    return t.request('POST', `${BASE}/requests.json`, form(all));
  }

  async function create(fields: Record<string, string> = {}, apiKey = integrationKey) {
    const res = await post(
      {
        service_code: 'ha-tang',
        lat: '21.0285',
        long: '105.8542',
        description: 'Nắp cống bị vỡ trước số 45 phố Hàng Bài',
        ...CITIZEN,
        ...fields,
      },
      apiKey,
    );
    expect(res.status).toBe(201);
    const body = (await res.json()) as Row[];
    expect(body).toHaveLength(1);
    return body[0]!;
  }

  const getJson = async (path: string) => {
    const res = await t.request('GET', `${BASE}${path}`);
    return { status: res.status, text: await res.text() };
  };

  const expectErrors = expectGeoErrors;


  it('lists the active categories as services, without a key', async () => {
    const res = await t.request('GET', `${BASE}/services.json`);
    expect(res.status).toBe(200);
    const services = (await res.json()) as Row[];
    expect(services.map((s) => [s.service_code, s.service_name])).toEqual(DEMO_CATEGORIES.map((c) => [c.code, c.name]));
    for (const s of services) {
      expect(s).toMatchObject({ metadata: false, type: 'realtime', keywords: '', group: '' });
      expect(typeof s.description).toBe('string');
    }
  });

  it('refuses POST without a key (401 error list) and with an unknown key (401)', async () => {
    await expectErrors(
      await post({ service_code: 'ha-tang', description: 'x', address_string: 'Hà Nội' }),
      401,
      /api_key/,
    );
    const bad = await post({ service_code: 'ha-tang', description: 'x', address_string: 'Hà Nội' }, 'not-a-key');
    await expectErrors(bad, 401, /credentials/i);
  });

  it('creates a feedback on the integration channel, with the due time as expected_datetime', async () => {
    const created = await create();
    const code = created.service_request_id as string;
    expect(code).toMatch(/^PA-2026-\d{6}$/);
    expect(created.account_id).toBeNull();
    // 15 working days from Mon 2/3/2026 → Mon 23/3/2026.
    expect(created.service_notice).toContain('23/03/2026');
    expect(created.service_notice).toContain('Sở Xây dựng');

    const staffRes = await t.request('GET', `/api/v1/feedback/${code}`, { token: ADMIN_TOKEN });
    expect(staffRes.status).toBe(200);
    const staff = (await staffRes.json()) as Row & { contact: Row; location: Row; unit: Row };
    expect(staff.channel).toBe('dvc_portal');
    expect(staff.category).toBe('ha-tang');
    expect(staff.unit.code).toBe('SO-XD');
    expect(staff.contact).toEqual({ name: 'Trần Thị Hoa', phone: '0987654321', email: 'hoa.tran@example.vn' });
    expect(staff.location).toEqual({ lat: 21.0285, lng: 105.8542 });

    const one = await t.request('GET', `${BASE}/requests/${code}.json?api_key=${ADMIN_TOKEN}`);
    expect(one.status).toBe(200);
    const [req] = (await one.json()) as Row[];
    expect(req).toMatchObject({
      service_request_id: code,
      status: 'open',
      service_code: 'ha-tang',
      service_name: 'Hạ tầng, giao thông',
      agency_responsible: 'Sở Xây dựng',
      description: 'Nắp cống bị vỡ trước số 45 phố Hàng Bài',
      requested_datetime: '2026-03-02T09:00:00.000+07:00',
      lat: 21.0285,
      long: 105.8542,
      address_id: null,
      zipcode: null,
      media_url: null,
    });
    expect(req!.expected_datetime).toBe(staff.dueAt);
    expect(req!.expected_datetime).toBe('2026-03-23T23:59:59.999+07:00');
  });

  it('creates channel "other" with the admin token, and accepts a JSON body with the key in the query', async () => {
    const created = await create(
      { address_string: '12 Lê Lợi', lat: '', long: '', media_url: 'https://example.vn/anh/cong.jpg' },
      ADMIN_TOKEN,
    );
    const staff = (await (
      await t.request('GET', `/api/v1/feedback/${created.service_request_id}`, { token: ADMIN_TOKEN })
    ).json()) as Row;
    expect(staff.channel).toBe('other');
    expect(staff.address).toBe('12 Lê Lợi');
    expect(staff.location).toBeNull();
    expect(staff.content).toContain('https://example.vn/anh/cong.jpg');

    const res = await t.request('POST', `${BASE}/requests.json?api_key=${integrationKey}`, {
      json: { service_code: 'moi-truong', lat: 21.03, long: 105.85, description: 'Rác thải đổ trộm ven sông' },
    });
    expect(res.status).toBe(201);
    const [json] = (await res.json()) as Row[];
    const viaJson = (await (
      await t.request('GET', `/api/v1/feedback/${json!.service_request_id}`, { token: ADMIN_TOKEN })
    ).json()) as Row;
    expect(viaJson).toMatchObject({ channel: 'dvc_portal', category: 'moi-truong' });

    // api_key inside a JSON body is not read by authenticate(): the error says where to put it.
    const misplaced = await t.request('POST', `${BASE}/requests.json`, {
      json: { api_key: integrationKey, service_code: 'ha-tang', address_string: 'x', description: 'y' },
    });
    await expectErrors(misplaced, 401, /query string/);
  });

  it('answers validation errors as 400 error lists', async () => {
    await expectErrors(await post({ lat: '21', long: '105', description: 'Cây đổ' }, integrationKey), 400, /service_code/);
    await expectErrors(
      await post({ service_code: 'khong-co', lat: '21', long: '105', description: 'Cây đổ' }, integrationKey),
      400,
      /service_code: "khong-co"/,
    );
    await expectErrors(
      await post({ service_code: 'ha-tang', description: 'Cây đổ' }, integrationKey),
      400,
      /lat and long, or address_string/,
    );
    await expectErrors(
      await post({ service_code: 'ha-tang', lat: '21', description: 'Cây đổ' }, integrationKey),
      400,
      /together/,
    );
    await expectErrors(
      await post({ service_code: 'ha-tang', address_string: 'x', description: 'a'.repeat(4001) }, integrationKey),
      400,
      /description/,
    );
    await expectErrors(
      await post({ service_code: 'ha-tang', address_string: 'x', description: '  ' }, integrationKey),
      400,
      /description: is required/,
    );
    await expectErrors(
      await post({ service_code: 'ha-tang', address_string: 'x', description: 'Cây đổ', media_url: 'ftp://x/y' }, integrationKey),
      400,
      /media_url/,
    );
    await expectErrors(
      await t.request('POST', `${BASE}/requests.json?api_key=${integrationKey}`, {
        body: 'service_code=ha-tang',
        headers: { 'content-type': 'text/plain' },
      }),
      415,
      /x-www-form-urlencoded/,
    );
    // Several problems at once → one entry per problem.
    const many = await post({ description: 'Cây đổ', email: 'not-an-email', address_string: 'x' }, integrationKey);
    expect(many.status).toBe(400);
    expect(((await many.json()) as GeoError[]).length).toBe(2);
  });

  it('shows the public only published requests, closed with the answer, and never personal data', async () => {
    t.clock.now = new Date('2026-03-03T02:00:00Z');
    const code = (await create({ description: 'Đèn tín hiệu giao lộ Lý Thường Kiệt hỏng' })).service_request_id as string;

    const hidden = await getJson(`/requests/${code}.json`);
    expect(hidden.status).toBe(404);
    expect(JSON.parse(hidden.text)).toEqual([{ code: 404, description: expect.any(String) }]);
    const before = JSON.parse((await getJson('/requests.json')).text) as Row[];
    expect(before.map((r) => r.service_request_id)).not.toContain(code);
    // An integration key reads like the public.
    const viaKey = await t.request('GET', `${BASE}/requests/${code}.json?api_key=${integrationKey}`);
    expect(viaKey.status).toBe(404);

    const answer = 'Đã thay bộ điều khiển đèn tín hiệu ngày 04/03/2026.';
    t.clock.now = new Date('2026-03-04T03:00:00Z');
    const answered = await t.request('POST', `/api/v1/feedback/${code}/answer`, { token: officerXd.token, json: { answer } });
    expect(answered.status).toBe(200);
    const published = await t.request('POST', `/api/v1/feedback/${code}/publish`, { token: officerXd.token, json: {} });
    expect(published.status).toBe(200);

    const shown = await getJson(`/requests/${code}.json`);
    expect(shown.status).toBe(200);
    const [req] = JSON.parse(shown.text) as Row[];
    expect(req).toMatchObject({
      service_request_id: code,
      status: 'closed',
      status_notes: answer,
      updated_datetime: '2026-03-04T10:00:00.000+07:00',
    });

    const listed = await getJson('/requests.json');
    expect(listed.status).toBe(200);
    const rows = JSON.parse(listed.text) as Row[];
    // Only the published item: everything else created above is unpublished.
    expect(rows.map((r) => r.service_request_id)).toEqual([code]);

    for (const text of [shown.text, listed.text]) {
      for (const secret of ['0987654321', '0987 654 321', 'hoa.tran@example.vn', 'Trần Thị Hoa', 'Thị Hoa', 'Trần']) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toMatch(/contact|citizen|phone|email/i);
    }

    // XML is served too.
    const xml = await t.request('GET', `${BASE}/requests/${code}.xml`);
    expect(xml.status).toBe(200);
    expect(xml.headers.get('content-type')).toMatch(/text\/xml/);
    const body = await xml.text();
    expect(body).toContain(`<service_requests><request><service_request_id>${code}</service_request_id>`);
    expect(body).toContain('<status>closed</status>');
    expect(body).toContain('<address_id/>');
  });

  it('filters by status, service_code, ids and date window; the admin sees unpublished items', async () => {
    const all = async (qs: string, key = ADMIN_TOKEN) => {
      const res = await t.request('GET', `${BASE}/requests.json?api_key=${key}&${qs}`);
      expect(res.status).toBe(200);
      return (await res.json()) as Row[];
    };
    const everything = await all('');
    expect(everything).toHaveLength(4);
    // Newest first.
    const times = everything.map((r) => r.requested_datetime as string);
    expect([...times].sort().reverse()).toEqual(times);

    const closed = await all('status=closed');
    expect(closed.length).toBe(1);
    expect(closed.every((r) => r.status === 'closed')).toBe(true);
    const open = await all('status=open');
    expect(open.length).toBe(everything.length - 1);
    expect(open.every((r) => r.status === 'open')).toBe(true);
    expect((await all('status=open,closed')).length).toBe(everything.length);

    const env = await all('service_code=moi-truong');
    expect(env.length).toBe(1);
    expect(env[0]!.service_code).toBe('moi-truong');
    expect((await all('service_code=moi-truong,ha-tang')).length).toBe(everything.length);

    const ids = everything.slice(0, 2).map((r) => r.service_request_id as string);
    expect((await all(`service_request_id=${ids.join(',')}`)).map((r) => r.service_request_id)).toEqual(ids);

    expect(await all('start_date=2026-03-03&end_date=2026-03-03')).toHaveLength(1);
    expect(await all('start_date=2026-04-01T00:00:00%2B07:00')).toHaveLength(0);

    // The public list also filters, over published items only.
    const pub = await getJson('/requests.json?status=open');
    expect(JSON.parse(pub.text)).toEqual([]);

    await expectErrors(
      await t.request('GET', `${BASE}/requests.json?start_date=2025-01-01&end_date=2026-03-01`),
      400,
      /90 days/,
    );
    await expectErrors(await t.request('GET', `${BASE}/requests.json?status=pending`), 400, /status/);
    await expectErrors(await t.request('GET', `${BASE}/requests.json?start_date=yesterday`), 400, /start_date/);
  });

  it('accepts POST requests.xml and answers in XML', async () => {
    const res = await t.request(
      'POST',
      `${BASE}/requests.xml`,
      form({ api_key: integrationKey, service_code: 'khac', address_string: 'UBND xã Nam Sơn', description: 'Góp ý <giờ> tiếp dân' }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/text\/xml/);
    expect(await res.text()).toMatch(
      /^<\?xml[^>]*\?><service_requests><request><service_request_id>PA-2026-\d{6}<\/service_request_id><service_notice>[^<]+<\/service_notice><account_id\/><\/request><\/service_requests>$/,
    );
  });

  it('answers unknown resources as GeoReport errors', async () => {
    await expectErrors(await t.request('GET', `${BASE}/requests/PA-2026-999999.json`), 404, /not found/);
    await expectErrors(await t.request('GET', `${BASE}/foo.json`), 404, /No Open311 resource/);
    const xml = await t.request('GET', `${BASE}/requests/nope.xml`);
    expect(xml.status).toBe(404);
    expect(await xml.text()).toMatch(/^<\?xml[^>]*\?><errors><error><code>404<\/code><description>/);
    const def = await t.request('GET', `${BASE}/services/ha-tang.json`);
    expect(await def.json()).toEqual({ service_code: 'ha-tang', attributes: [] });
  });

  it('open311ErrorFormat, mounted before authenticate, turns a bad key into a GeoReport 401', async () => {
    const app = new Hono<AppEnv>();
    app.onError(errorHandler(t.deps.log));
    app.use('/open311/*', open311ErrorFormat(t.deps.log));
    app.use('/open311/*', authenticate(t.deps));
    app.route(BASE, open311Routes(t.deps));
    const bad = await app.request(`${BASE}/requests.json?api_key=wrong`);
    await expectErrors(bad, 401, /credentials/i);
    // Errors the routes already formatted are left alone.
    await expectErrors(await app.request(`${BASE}/requests/PA-2026-999999.json`), 404, /not found/);
  });
});
