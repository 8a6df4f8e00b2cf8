// A real nginx (Debian's) as a reverse proxy in front of a server process, for the process tests. Each one runs in
// the foreground as a child of the test, on a free loopback port, with its own prefix dir holding the config, pid
// file, error log and temp files, so it needs nothing from /etc/nginx and never touches a system nginx.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireInCi } from './required-in-ci.js';

export function nginxPath(): string | null {
  const fromEnv = process.env.NGINX_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  if (existsSync('/usr/sbin/nginx')) return '/usr/sbin/nginx';
  try {
    return execFileSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null; // not on PATH
  }
}

/** Whether the nginx tests can run here: they skip locally without nginx, and fail in CI. */
export function requireNginxInCi(): boolean {
  return requireInCi('nginx', nginxPath() !== null, '.ci/run must apt-get install nginx');
}

/** A free TCP port on 127.0.0.1 (the system picks it; the tiny window before reuse is retried by the caller). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface NginxProcess {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  errorLog: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts nginx proxying everything to 127.0.0.1:<upstreamPort>. `location` is the body of `location / { … }` and
 * must contain the proxy_pass; the rest of the config is the least nginx needs.
 */
export async function startNginx(location: string): Promise<NginxProcess> {
  const bin = nginxPath();
  if (!bin) throw new Error('nginx not found: apt-get install nginx, or set NGINX_PATH');
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return await startOn(bin, port, location);
    } catch (err) {
      // Another process took the port between the probe and nginx's bind: try another one.
      if (attempt >= 3 || !/Address already in use/.test(String(err))) throw err;
    }
  }
}

async function startOn(bin: string, port: number, location: string): Promise<NginxProcess> {
  const prefix = mkdtempSync(join(tmpdir(), 'pakn-nginx-'));
  const errorLogPath = join(prefix, 'error.log');
  const temp = (name: string) => join(prefix, name);
  // daemon off: nginx stays our child, so the test owns it. master_process off: one process as the current user
  // (a root master would hand requests to workers running as nobody, who cannot write into this 0700 dir).
  const config = `daemon off;
master_process off;
pid ${temp('nginx.pid')};
error_log ${errorLogPath} warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${temp('client_body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  server {
    listen 127.0.0.1:${port};
    location / {
      ${location}
    }
  }
}
`;
  writeFileSync(join(prefix, 'nginx.conf'), config);
  // -e: the error log from the first line on (nginx would otherwise try /var/log/nginx/error.log while starting).
  const child: ChildProcess = spawn(bin, ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-e', errorLogPath], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const errorLog = () => (existsSync(errorLogPath) ? readFileSync(errorLogPath, 'utf8') : '');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM'); // nginx's fast shutdown
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(prefix, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      const why = `nginx did not start on port ${port}: ${out}${errorLog()}`;
      await stop();
      throw new Error(why);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `http://127.0.0.1:${port}`, port, errorLog, stop };
}
