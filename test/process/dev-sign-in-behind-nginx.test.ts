// The development sign-in on a real deployment: the server process behind a real nginx on this machine. A reverse
// proxy connects from loopback and, with nginx's defaults, sends the upstream's address as Host, which once let a
// remote client sign in as the leader. Now the personas stay unreachable with NODE_ENV=production, with Zalo app
// credentials, and through a proxy that sends the README's forwarding headers, while the same development server
// still answers a developer's own loopback calls. Without nginx this skips locally and fails in CI.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, type NginxProcess, requireNginxInCi, startNginx } from '../support/nginx-process.js';
import { ROOT, type ServerProcess, startServerProcess } from '../support/server-process.js';

const haveNginx = requireNginxInCi();

/** The body of the README's `location / { … }` in "Deploying", pointed at `port`: the test runs what it advises. */
function readmeLocation(port: number): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const deploying = readme.slice(readme.indexOf('## Deploying'));
  const block = deploying.match(/```nginx\n([\s\S]*?)```/)?.[1];
  const location = block?.match(/location \/ \{\n([\s\S]*?)\n\s*\}/)?.[1];
  if (!location || !location.includes('proxy_pass http://127.0.0.1:3000;')) {
    throw new Error('README.md "Deploying" has no nginx `location / { proxy_pass http://127.0.0.1:3000; … }`');
  }
  return location.replace('http://127.0.0.1:3000', `http://127.0.0.1:${port}`);
}

interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

async function call(base: string, method: 'GET' | 'POST', path: string): Promise<Reply> {
  const res = await fetch(`${base}${path}`, {
    method,
    ...(method === 'POST' ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persona: 'leader' }) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

/** Both routes refused, exactly as an unknown route is: a plain JSON 404 and no token. */
async function expectRefused(base: string, where: string) {
  for (const method of ['GET', 'POST'] as const) {
    const res = await call(base, method, '/api/v1/auth/dev');
    expect(res, `${method} ${where}`).toEqual({ status: 404, body: { error: 'not_found', message: `No route for ${method} /api/v1/auth/dev` } });
  }
}

describe.skipIf(!haveNginx)('development sign-in behind a real nginx', () => {
  let dataDir = '';
  let port = 0;
  let direct = '';
  /** nginx with its default proxy headers: a bare proxy_pass. */
  let plainProxy: NginxProcess;
  /** nginx with the README's location block (HTTP/1.1 upstream, Host $host, X-Real-IP, X-Forwarded-*). */
  let readmeProxy: NginxProcess;
  let server: ServerProcess | undefined;

  beforeAll(async () => {
    // One port for every server of this file, started one after the other on one data dir, so each proxy is
    // configured once. (Made here, not at collection, which runs even when the suite is skipped.)
    dataDir = mkdtempSync(join(tmpdir(), 'pakn-nginx-data-'));
    port = await freePort();
    direct = `http://127.0.0.1:${port}`;
    plainProxy = await startNginx(`proxy_pass http://127.0.0.1:${port};`);
    readmeProxy = await startNginx(readmeLocation(port));
  });

  /** Stops the server (SIGTERM: it drains and flushes its log) and returns all it printed. */
  async function stopServer(): Promise<string> {
    if (!server) return '';
    const stopping = server;
    if (server.child.exitCode === null) {
      server.child.kill('SIGTERM');
      const timer = setTimeout(() => server?.child.kill('SIGKILL'), 15_000);
      await server.exited;
      clearTimeout(timer);
    }
    server = undefined;
    return stopping.output();
  }

  /** Starts the server process on `port` with `env`, and checks that both proxies reach it. */
  async function start(env: Record<string, string>): Promise<string> {
    await stopServer();
    server = startServerProcess({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env });
    await server.listening;
    for (const proxy of [plainProxy, readmeProxy]) {
      const health = await fetch(`${proxy.url}/health`);
      expect(health.status, proxy.errorLog()).toBe(200);
    }
    return server.output();
  }

  afterAll(async () => {
    await stopServer();
    await plainProxy?.stop();
    await readmeProxy?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 30_000);

  it('with NODE_ENV=production: 404 through nginx and directly, and the start-up line says off and why', async () => {
    const output = await start({ NODE_ENV: 'production' });
    expect(output).toContain('Development sign-in: off (NODE_ENV=production)\n');
    await expectRefused(plainProxy.url, 'through nginx with its default headers');
    await expectRefused(readmeProxy.url, 'through nginx as the README sets it up');
    await expectRefused(direct, 'directly on loopback');
    // The log is buffered and written out at shutdown; its line carries the same words.
    expect(await stopServer()).toMatch(
      /"devSignIn":"off","reasons":\["NODE_ENV=production"\],"msg":"Development sign-in: off \(NODE_ENV=production\)"/,
    );
  }, 180_000);

  it('with NODE_ENV=development but the Zalo app configured (NODE_ENV forgotten on a deployment): 404', async () => {
    const output = await start({ NODE_ENV: 'development', ZALO_APP_ID: '1234567890123456789', ZALO_APP_SECRET: 'nginx-test-app-secret' });
    expect(output).toContain('Development sign-in: off (ZALO_APP_ID and ZALO_APP_SECRET are set)\n');
    await expectRefused(plainProxy.url, 'through nginx with its default headers');
    await expectRefused(readmeProxy.url, 'through nginx as the README sets it up');
    await expectRefused(direct, 'directly on loopback');
  }, 180_000);

  it('on a development server without Zalo credentials: 404 through nginx, 200 to a direct loopback caller', async () => {
    const output = await start({ NODE_ENV: 'development' });
    expect(output).toMatch(/Development sign-in: on \(/);
    expect(output).not.toContain('Development sign-in: off');
    // The README's config: HTTP/1.1 upstream and a loopback Host ($host is 127.0.0.1 here), but X-Forwarded-For
    // and X-Real-IP give the proxy away.
    await expectRefused(readmeProxy.url, 'through nginx as the README sets it up');
    // nginx's defaults add no such header, but speak HTTP/1.0 to the upstream.
    await expectRefused(plainProxy.url, 'through nginx with its default headers');
    // The same server, called directly on loopback, offers and signs in the personas.
    const list = await call(direct, 'GET', '/api/v1/auth/dev');
    expect(list.status).toBe(200);
    expect(list.body.personas.map((p: { key: string }) => p.key)).toContain('leader');
    const signIn = await call(direct, 'POST', '/api/v1/auth/dev');
    expect(signIn.status).toBe(200);
    expect(signIn.body.user.roles).toEqual(['leader']);
    expect(typeof signIn.body.token).toBe('string');
    // And the session it got is a real one, also when used through the proxy.
    const me = await fetch(`${readmeProxy.url}/api/v1/me`, { headers: { authorization: `Bearer ${signIn.body.token}` } });
    expect(me.status).toBe(200);
  }, 180_000);
});
