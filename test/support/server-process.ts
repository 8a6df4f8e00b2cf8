// The server as a real process, started as `npm start` starts it: one node process with tsx's loader, so signals
// reach the server itself (the tsx CLI relays them with a 30 ms deadline, then SIGKILLs a busy child).
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  /** The URL the server printed once it listens; rejects if it exits first. */
  listening: Promise<string>;
  exited: Promise<number | null>;
  output: () => string;
}

/** PATH is passed on; everything else comes from `env` (PORT=0 lets the system pick a port). */
export function startServerProcess(env: Record<string, string>, opts: { detached?: boolean } = {}): ServerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bot-server/src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: opts.detached ?? false,
  });
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
      reject(new Error(`server exited: ${out}`));
    });
  });
  listening.catch(() => {}); // a process expected to fail never listens; callers that care await it
  return { child, listening, exited, output: () => out };
}
