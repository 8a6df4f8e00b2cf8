// The real app on a fresh test database, with a controllable clock and helpers to act as each role.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { DbKind, OpenDb } from '../../db/open-db.js';
import { units, userRoles, users, type StaffRole } from '../../db/schema.js';
import type { AppDeps } from '../../bot-server/src/app-deps.js';
import { createApp } from '../../bot-server/src/app.js';
import { parseEnv } from '../../bot-server/src/env.js';
import { createSession } from '../../bot-server/src/features/auth/session-repository.js';
import { startZaloRuntime, type ZaloRuntime } from '../../bot-server/src/features/zalo/zalo-runtime.js';
import { createLogger } from '../../bot-server/src/lib/logger.js';
import { openTestDb } from './test-db.js';
import { followAppClock } from './zalo-webhook.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  kind: DbKind;
  database: OpenDb;
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  clock: { now: Date };
  request: (method: string, path: string, opts?: RequestOpts) => Promise<TestResponse>;
  /** A signed-in staff member of a unit; returns their bearer token. */
  staff: (unitCode: string, role: StaffRole, name?: string) => Promise<{ token: string; userId: number }>;
  citizen: (name?: string) => Promise<{ token: string; userId: number }>;
  runtime: ZaloRuntime | null;
  close: () => Promise<void>;
}

/** Tests read JSON bodies loosely and assert on them; the app's own types stay strict. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export interface RequestOpts {
  token?: string | undefined;
  json?: unknown;
  body?: RequestInit['body'];
  headers?: Record<string, string>;
  /** The caller's address, as a real socket would give it (limits per IP); without it there is no address. */
  ip?: string;
}

let counter = 0;

export interface TestAppOptions {
  now?: Date;
  env?: Record<string, string>;
  /** Starts the Zalo workers (inbox processor, outbox dispatcher); tests call `runtime.workers.drain()`. */
  workers?: boolean;
  /** Reuse an open database (e.g. a second instance, or a restart after a crash). */
  database?: OpenDb;
  /** Collects the app's log lines (level info and up) instead of discarding them. */
  logLines?: string[];
  /** A mini app build to serve at / (browser tests). */
  miniAppDir?: string;
}

export async function createTestApp(kind: DbKind, opts: TestAppOptions = {}): Promise<TestApp> {
  const database = opts.database ?? (await openTestDb(kind));
  const clock = { now: opts.now ?? new Date('2026-03-02T02:00:00Z') };
  // Limits are 100 times the real ones, so tests that file many items as one person test what they mean to;
  // the limits themselves are tested at their real size (RATE_LIMIT_FACTOR=1) in rate-limits.test.ts.
  const env = parseEnv({ NODE_ENV: 'test', ADMIN_API_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'silent', RATE_LIMIT_FACTOR: '100', ...opts.env });
  const deps: AppDeps = {
    env,
    db: database.db,
    dbKind: database.kind,
    log: opts.logLines ? createLogger('info', { write: (line: string) => void opts.logLines!.push(line) }) : createLogger('silent'),
    now: () => new Date(clock.now),
    filesDir: mkdtempSync(join(tmpdir(), 'pakn-files-')),
    ...(opts.miniAppDir ? { miniAppDir: opts.miniAppDir } : {}),
  };
  const app = createApp(deps);
  followAppClock(deps.now);
  // Backoff waits are skipped in tests; the loop's own timer is slow so tests drive it with drain().
  const runtime = opts.workers ? startZaloRuntime(deps, { intervalMs: 3_600_000, sleep: async () => {} }) : null;
  const request = (method: string, path: string, o: RequestOpts = {}) => {
    const headers: Record<string, string> = { ...o.headers };
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let body = o.body;
    if (o.json !== undefined) {
      body = JSON.stringify(o.json);
      headers['content-type'] ??= 'application/json';
    }
    const bindings = o.ip ? { incoming: { socket: { remoteAddress: o.ip, remotePort: 40000, remoteFamily: o.ip.includes(':') ? 'IPv6' : 'IPv4' } } } : undefined;
    return Promise.resolve(app.request(path, { method, headers, body }, bindings)) as Promise<TestResponse>;
  };
  const makeUser = async (name: string, grant?: { unitCode: string; role: StaffRole }) => {
    counter++;
    const [user] = await database.db
      .insert(users)
      .values({ name, phone: `8491${String(counter).padStart(7, '0')}`, zaloId: `${7_000_000_000 + counter}` })
      .returning();
    if (grant) {
      const [unit] = await database.db.select().from(units).where(eq(units.code, grant.unitCode));
      if (!unit) throw new Error(`no unit ${grant.unitCode}`);
      await database.db.insert(userRoles).values({ userId: user!.id, unitId: unit.id, role: grant.role });
    }
    return { token: await createSession(database.db, user!.id, clock.now), userId: user!.id };
  };
  return {
    kind,
    database,
    deps,
    app,
    clock,
    request,
    staff: (unitCode, role, name = `${role} ${unitCode}`) => makeUser(name, { unitCode, role }),
    citizen: (name = 'Nguyễn Văn Dân') => makeUser(name),
    runtime,
    close: async () => {
      await runtime?.workers.stop();
      if (!opts.database) await database.close();
    },
  };
}
