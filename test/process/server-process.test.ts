// Runs `npm start`'s entry point as a real process: it serves, refuses a second process on the same data dir,
// and drains and exits cleanly on SIGTERM.
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServerProcess } from '../support/server-process.js';

const dataDir = mkdtempSync(join(tmpdir(), 'pakn-proc-'));
const children: ChildProcess[] = [];

function start(port: number) {
  const server = startServerProcess({ PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  children.push(server.child);
  return server;
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
