// Runs `npm start`'s entry point as a real process: it serves, refuses a second process on the same data dir,
// and drains and exits cleanly on SIGTERM.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
// As `npm start` runs it: one node process with tsx's loader, so signals reach the server itself (the tsx CLI
// wrapper relays them with a 30 ms deadline and SIGKILLs a busy child).
const SERVER_ARGS = ['--import', 'tsx', 'bot-server/src/main.ts'];
const dataDir = mkdtempSync(join(tmpdir(), 'pakn-proc-'));
const children: ChildProcess[] = [];

function start(port: number) {
  const child = spawn(process.execPath, SERVER_ARGS, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += String(d)));
  child.stderr!.on('data', (d) => (out += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = out.match(/PAKN server: (http:\/\/localhost:\d+)/);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      }
    }, 50);
    void exited.then(() => {
      clearInterval(timer);
      reject(new Error(`exited: ${out}`));
    });
  });
  listening.catch(() => {}); // a process expected to fail never listens; callers that care await it
  return { child, listening, exited, output: () => out };
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('server process on the embedded database', () => {
  it('serves, locks its data dir, and shuts down cleanly on SIGTERM', async () => {
    const port = 39_000 + Math.floor(Math.random() * 1000);
    const first = start(port);
    const url = await first.listening;
    expect(url).toBe(`http://localhost:${port}`);
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toEqual({ status: 'ok', db: 'pglite' });
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(true);

    const second = start(port + 1);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/is in use by process \d+/);

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(existsSync(join(dataDir, 'pglite.lock'))).toBe(false);

    // Restart on the same data: migrations and seed are idempotent.
    const third = start(port + 2);
    await third.listening;
    const days = (await (await fetch(`http://localhost:${port + 2}/api/v1/calendar/days?year=2025`)).json()) as { mode: string };
    expect(days.mode).toBe('announced');
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 120_000);
});
