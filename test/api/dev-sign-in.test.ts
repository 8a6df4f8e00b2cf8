// Development sign-in as fixed personas: only on a development server without Zalo app credentials, only over
// loopback, only for a loopback Host, and never through a proxy.
import { request as httpRequest } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../db/schema.js';
import { DB_KINDS } from '../support/test-db.js';
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js';

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** Listens on 127.0.0.1 on a free port, like `npm run dev` on a developer's machine. */
async function listen(app: TestApp['app']): Promise<{ port: number; server: ServerType }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ port: info.port, server }));
  });
}

/** A plain HTTP call, so the test decides the Host header (fetch does not let it). */
function call(
  port: number,
  method: string,
  path: string,
  opts: { host?: string; json?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const payload = opts.json === undefined ? undefined : JSON.stringify(opts.json);
  const headers: Record<string, string> = { host: opts.host ?? `127.0.0.1:${port}`, ...opts.headers };
  if (payload) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** An HTTP/1.0 GET over a raw socket, as nginx sends upstream by default; node's client speaks only 1.1. */
function callHttp10(port: number, path: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${path} HTTP/1.0\r\nHost: 127.0.0.1:${port}\r\n\r\n`));
    let raw = '';
    socket.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head = '', body = ''] = raw.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), body: body ? JSON.parse(body) : null });
    });
  });
}

const close = (server: ServerType | undefined) =>
  new Promise<void>((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
  });

describe.each(DB_KINDS)('development sign-in on %s', (kind) => {
  let dev: TestApp;
  let prod: TestApp;
  let devServer: { port: number; server: ServerType };
  let prodServer: { port: number; server: ServerType };
  let testServer: { port: number; server: ServerType };
  let testEnvApp: TestApp;
  let zaloApp: TestApp;
  let zaloServer: { port: number; server: ServerType };

  beforeAll(async () => {
    dev = await createTestApp(kind, { env: { NODE_ENV: 'development' } });
    devServer = await listen(dev.app);
    // Same database, other modes.
    prod = await createTestApp(kind, { env: { NODE_ENV: 'production' }, database: dev.database });
    prodServer = await listen(prod.app);
    testEnvApp = await createTestApp(kind, { database: dev.database });
    testServer = await listen(testEnvApp.app);
    // Development mode, but configured for Zalo: a deployed server with NODE_ENV forgotten.
    zaloApp = await createTestApp(kind, { env: { NODE_ENV: 'development', ZALO_APP_ID: '1234567890', ZALO_APP_SECRET: 'app-secret' }, database: dev.database });
    zaloServer = await listen(zaloApp.app);
  });
  afterAll(async () => {
    await close(devServer?.server);
    await close(prodServer?.server);
    await close(testServer?.server);
    await close(zaloServer?.server);
    await zaloApp?.close();
    await testEnvApp?.close();
    await prod?.close();
    await dev?.close();
  });

  it('lists the personas with their units', async () => {
    const res = await call(devServer.port, 'GET', '/api/v1/auth/dev');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      personas: [
        { key: 'citizen', name: 'Công dân thử nghiệm', role: 'citizen', unit: null },
        { key: 'officer', name: 'Cán bộ Sở Xây dựng', role: 'officer', unit: { code: 'SO-XD', name: 'Sở Xây dựng' } },
        {
          key: 'dti-officer',
          name: 'Cán bộ Văn phòng HĐND-UBND huyện Ninh Sơn',
          role: 'officer',
          unit: { code: 'NS-VP', name: 'Văn phòng HĐND-UBND huyện Ninh Sơn' },
        },
        { key: 'leader', name: 'Lãnh đạo UBND tỉnh', role: 'leader', unit: { code: 'TINH', name: 'UBND tỉnh (dữ liệu mẫu)' } },
      ],
    });
    // localhost by name works too.
    expect((await call(devServer.port, 'GET', '/api/v1/auth/dev', { host: `localhost:${devServer.port}` })).status).toBe(200);
  });

  it('signs in as each persona with the reply of POST /auth/zalo, and the session carries the persona’s roles', async () => {
    const expected: Record<string, { roles: string[]; units: { unit: string; role: string }[] }> = {
      citizen: { roles: [], units: [] },
      officer: { roles: ['officer'], units: [{ unit: 'SO-XD', role: 'officer' }] },
      'dti-officer': { roles: ['officer'], units: [{ unit: 'NS-VP', role: 'officer' }] },
      leader: { roles: ['leader'], units: [{ unit: 'TINH', role: 'leader' }] },
    };
    for (const [persona, want] of Object.entries(expected)) {
      const res = await call(devServer.port, 'POST', '/api/v1/auth/dev', { json: { persona } });
      expect(res.status, persona).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['token', 'user']);
      expect(Object.keys(res.body.user).sort()).toEqual(['id', 'name', 'roles', 'units']);
      expect(res.body.user).toMatchObject(want);
      const me = await dev.request('GET', '/api/v1/me', { token: res.body.token });
      expect(me.status).toBe(200);
      const body = await me.json();
      expect(body.id).toBe(res.body.user.id);
      expect(body.roles.map((r: { unit: string; role: string }) => ({ unit: r.unit, role: r.role }))).toEqual(want.units);
    }
  });

  it('reuses the same person on the next sign-in, and restores the persona’s role if it was changed', async () => {
    const first = await call(devServer.port, 'POST', '/api/v1/auth/dev', { json: { persona: 'officer' } });
    const second = await call(devServer.port, 'POST', '/api/v1/auth/dev', { json: { persona: 'officer' } });
    expect(second.body.user.id).toBe(first.body.user.id);
    expect(second.body.token).not.toBe(first.body.token);
    const rows = await dev.database.db.select().from(users).where(eq(users.phone, '84900000102'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.name).toBe('Cán bộ Sở Xây dựng');
    // An admin re-imports the person into another unit; the persona is put back on its next sign-in.
    await dev.request('POST', '/api/v1/admin/users/import', {
      token: ADMIN_TOKEN,
      json: [{ phone: '84900000102', name: 'Cán bộ Sở Xây dựng', unit: 'SO-KHCN', role: 'officer' }],
    });
    const third = await call(devServer.port, 'POST', '/api/v1/auth/dev', { json: { persona: 'officer' } });
    expect(third.body.user).toMatchObject({ id: first.body.user.id, units: [{ unit: 'SO-XD', role: 'officer' }] });
    const citizenA = await call(devServer.port, 'POST', '/api/v1/auth/dev', { json: { persona: 'citizen' } });
    const citizenB = await call(devServer.port, 'POST', '/api/v1/auth/dev', { json: { persona: 'citizen' } });
    expect(citizenB.body.user.id).toBe(citizenA.body.user.id);
  });

  it('the personas work together: the citizen files under ha-tang, the officer sees it, the DTI officer has indicators', async () => {
    const citizen = (await call(devServer.port, 'POST', '/api/v1/auth/dev', { json: { persona: 'citizen' } })).body.token;
    const officer = (await call(devServer.port, 'POST', '/api/v1/auth/dev', { json: { persona: 'officer' } })).body.token;
    const filed = await dev.request('POST', '/api/v1/feedback', { token: citizen, json: { category: 'ha-tang', content: 'Cống thoát nước bị tắc ở ngõ 3' } });
    expect(filed.status).toBe(201);
    const { code } = await filed.json();
    expect((await dev.request('GET', `/api/v1/feedback/${code}`, { token: officer })).status).toBe(200);
    const dti = (await call(devServer.port, 'POST', '/api/v1/auth/dev', { json: { persona: 'dti-officer' } })).body.token;
    await dev.request('POST', '/api/v1/admin/dti/periods/generate', { token: ADMIN_TOKEN, json: { set: 'NINH-SON-DTI-2022', year: 2026 } });
    const assigned = await dev.request('GET', '/api/v1/dti/assigned?set=NINH-SON-DTI-2022&period=2026-Q1', { token: dti });
    expect(assigned.status).toBe(200);
    expect((await assigned.json()).indicators.length).toBeGreaterThan(0);
  });

  it('validates the persona only where the route is available', async () => {
    const res = await call(devServer.port, 'POST', '/api/v1/auth/dev', { json: { persona: 'admin' } });
    expect(res.status).toBe(400);
    expect(res.body.issues[0].field).toBe('persona');
  });

  it('is a plain 404 in production and test mode, with Zalo credentials, under app.request, for a non-loopback Host, and through a proxy', async () => {
    const refusals: Reply[] = [];
    for (const port of [prodServer.port, testServer.port, zaloServer.port]) {
      refusals.push(await call(port, 'GET', '/api/v1/auth/dev'));
      refusals.push(await call(port, 'POST', '/api/v1/auth/dev', { json: { persona: 'leader' } }));
    }
    // No socket: app.request in development mode.
    for (const method of ['GET', 'POST']) {
      const res = await dev.request(method, '/api/v1/auth/dev', method === 'POST' ? { json: { persona: 'leader' } } : {});
      refusals.push({ status: res.status, body: await res.json() });
    }
    // A page on another origin reaching the local server through DNS rebinding sends its own Host.
    for (const host of ['example.gov.vn', `example.gov.vn:${devServer.port}`, `localhost.example.gov.vn:${devServer.port}`]) {
      refusals.push(await call(devServer.port, 'GET', '/api/v1/auth/dev', { host }));
      refusals.push(await call(devServer.port, 'POST', '/api/v1/auth/dev', { host, json: { persona: 'leader' } }));
    }
    // A reverse proxy on this machine connects from loopback and may keep a loopback Host; its headers give it away.
    for (const [name, value] of [
      ['x-forwarded-for', '203.0.113.7'],
      ['x-forwarded-host', 'pakn.example.gov.vn'],
      ['x-real-ip', '203.0.113.7'],
      ['forwarded', 'for=203.0.113.7'],
      ['via', '1.1 nginx'],
      ['x-forwarded-for', ''],
    ] as const) {
      refusals.push(await call(devServer.port, 'GET', '/api/v1/auth/dev', { headers: { [name]: value } }));
      refusals.push(await call(devServer.port, 'POST', '/api/v1/auth/dev', { headers: { [name]: value }, json: { persona: 'leader' } }));
    }
    // So does nginx's default upstream protocol, HTTP/1.0, when it adds no header at all.
    refusals.push(await callHttp10(devServer.port, '/api/v1/auth/dev'));
    // A body that would be invalid is still a 404: nothing is disclosed.
    refusals.push(await call(prodServer.port, 'POST', '/api/v1/auth/dev', { json: { persona: 'nobody' } }));
    for (const r of refusals) {
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ error: 'not_found', message: expect.stringMatching(/^No route for (GET|POST) \/api\/v1\/auth\/dev$/) });
    }
  });
});
