// `npm run zalo:simulate` against the real server process in local mode (no OA tokens): files a feedback with
// #phananh and looks it up with #tracuu, reading the bot's replies from the admin outbox.
import { type ChildProcess, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServerProcess } from '../support/server-process.js';

const TSX = join(ROOT, 'node_modules/.bin/tsx');
const dataDir = mkdtempSync(join(tmpdir(), 'pakn-sim-'));
const KEYS = {
  ZALO_APP_ID: '1234567890123456789',
  ZALO_OA_SECRET_KEY: 'simulate-test-oa-secret',
  ADMIN_API_TOKEN: 'simulate-test-admin-token-0123',
};
const USER = '7000000000000000777';

let server: ChildProcess | undefined;
let url = '';

beforeAll(async () => {
  // PORT=0: the system picks a free port, and the server prints the URL it serves.
  const started = startServerProcess({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...KEYS });
  server = started.child;
  url = await started.listening;
  // A first start migrates and seeds a fresh PGlite folder: tens of seconds on a loaded 2-core CI machine.
}, 120_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.on('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

function simulate(args: string[], env: Record<string, string> = KEYS): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      ['bot-server/src/cli/zalo-simulate.ts', ...args],
      { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, timeout: 20_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('zalo:simulate against the server process in local mode', () => {
  it('files a feedback with #phananh, then #tracuu shows its status', async () => {
    const filed = await simulate(['#phananh Đèn đường hỏng trước cổng trường', '--user', USER, '--url', url]);
    expect(filed.stderr).toBe('');
    expect(filed.code).toBe(0);
    expect(filed.stdout).toMatch(/HTTP 200/);
    const code = filed.stdout.match(/PA-\d{4}-\d{6}/)?.[0];
    expect(code, filed.stdout).toBeDefined();
    expect(filed.stdout).toMatch(/\[local\]/);

    const looked = await simulate([`#tracuu ${code}`, '--user', USER, '--url', url]);
    expect(looked.code).toBe(0);
    expect(looked.stdout).toContain(code!);
    expect(looked.stdout).toMatch(/Trạng thái: Chờ tiếp nhận/);
  }, 30_000);

  it('says clearly what is wrong: missing keys, or a server that is not there', async () => {
    const noKeys = await simulate(['xin chào', '--user', USER, '--url', url], {});
    expect(noKeys.code).not.toBe(0);
    expect(noKeys.stderr).toMatch(/ZALO_APP_ID and ZALO_OA_SECRET_KEY are not set/);

    const down = await simulate(['xin chào', '--user', USER, '--url', 'http://127.0.0.1:9']);
    expect(down.code).not.toBe(0);
    expect(down.stderr).toMatch(/Cannot reach the server at http:\/\/127\.0\.0\.1:9/);
  }, 30_000);
});
