// Two real server processes on one PostgreSQL database send overdue alerts; one is killed (SIGKILL) while a send
// is in flight and a replacement starts. Every alert is created once, reaches each recipient via Zalo at most once,
// and ends 'sent' or 'held' (kept in the in-app inbox): none is lost.
//
// Each instance talks to the fake Zalo through its own loopback proxy, so the test knows which process sent the
// request it holds back (the "slow" first send) and kills exactly that one.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type OpenDb, rowsOf } from '../../db/open-db.js';
import { feedback, units, userRoles, users, zaloContacts } from '../../db/schema.js';
import { localDateOf } from '../../bot-server/src/domain/calendar/local-date.js';
import { startFakeZalo, type FakeZalo } from '../support/fake-zalo.js';
import { newTestDbName, PG_TEMPLATE_DB, withDatabase } from '../support/test-db-config.js';
import { startServerProcess } from '../support/server-process.js';
import { zaloEnvFor } from '../support/zalo-webhook.js';

const SERVER_URL = process.env.TEST_DATABASE_URL;
const ITEMS = 12; // × 2 recipients = 24 alerts: more than one outbox claim (20), so both instances get rows
/** outbox-repository.ts LEASE_MS: a killed sender's rows are taken over only after its lease expires. */
const LEASE_MS = 60_000;
const SETTLE_BOUND_MS = LEASE_MS + 40_000;
const HOUR = 3_600_000;

interface Instance {
  name: string;
  port: number;
  child: ChildProcess;
  listening: Promise<void>;
  exited: Promise<number | null>;
  output: () => string;
  /** SIGKILL to the whole process group (tsx and the node process running the server). */
  kill: () => void;
}

function killGroup(child: ChildProcess): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** A loopback HTTP proxy to the fake that tags requests with an instance name and can hold one send back. */
interface Proxy {
  url: string;
  server: Server;
}

const withTimeout = <T>(p: Promise<T>, ms: number, what: string) =>
  Promise.race([p, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms).unref())]);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(!!SERVER_URL)('overdue alerts with two server processes, one killed mid-send', () => {
  const dbName = newTestDbName();
  const dataDir = mkdtempSync(join(tmpdir(), 'pakn-alerts2-'));
  const instances: Instance[] = [];
  const proxies: Proxy[] = [];
  let fake: FakeZalo;
  let database: OpenDb;
  /** The one send held back (never forwarded): which instance made it. */
  let held: { instance: string; res: ServerResponse } | null = null;
  let onHeld: (instance: string) => void = () => {};
  const heldPromise = new Promise<string>((resolve) => (onHeld = resolve));

  async function startProxy(instance: string): Promise<Proxy> {
    const target = new URL(fake.baseUrl);
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      if (req.method === 'POST' && req.url === '/v3.0/oa/message/cs' && held === null) {
        held = { instance, res }; // a slow Zalo: no answer while the sender is killed
        onHeld(instance);
        return;
      }
      const upstream = httpRequest(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
    proxies.push(proxy);
    return proxy;
  }

  async function startInstance(name: string, port: number): Promise<Instance> {
    const proxy = await startProxy(name);
    const server = startServerProcess(
      {
        PORT: String(port),
        DATA_DIR: join(dataDir, name),
        DATABASE_URL: withDatabase(SERVER_URL!, dbName),
        SCHEDULER_INTERVAL_MS: '1000',
        ALERT_QUIET_HOURS: '',
        LOG_LEVEL: 'warn',
        ...zaloEnvFor(fake),
        ZALO_OPENAPI_BASE: proxy.url,
      },
      // Its own process group, so a kill reaches everything the server started.
      { detached: true },
    );
    const { child, exited, output } = server;
    const listening = server.listening.then(() => undefined);
    const inst = { name, port, child, listening, exited, output, kill: () => killGroup(child) };
    instances.push(inst);
    return inst;
  }

  beforeAll(async () => {
    const { default: postgres } = await import('postgres');
    const admin = postgres(SERVER_URL!, { max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database "${dbName}" template "${PG_TEMPLATE_DB}"`);
    } finally {
      await admin.end({ timeout: 5 });
    }
    database = await openDb({ databaseUrl: withDatabase(SERVER_URL!, dbName), migrate: false, maxConnections: 2 });
    fake = await startFakeZalo();
  });

  afterAll(async () => {
    for (const i of instances) i.kill();
    await Promise.all(instances.map((i) => withTimeout(i.exited, 10_000, `${i.name} exit`).catch(() => {})));
    held?.res.destroy();
    for (const p of proxies) {
      p.server.closeAllConnections();
      await new Promise<void>((resolve) => p.server.close(() => resolve()));
    }
    await fake?.close();
    await database?.close();
    const { default: postgres } = await import('postgres');
    const admin = postgres(SERVER_URL!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`drop database if exists "${dbName}" with (force)`).catch(() => {});
    await admin.end({ timeout: 5 });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates each alert once, sends it at most once, and settles every one as sent or held', async () => {
    const { db } = database;
    const basePort = 41_000 + Math.floor(Math.random() * 2000);
    const a = await startInstance('A', basePort);
    const b = await startInstance('B', basePort + 1);
    await withTimeout(Promise.all([a.listening, b.listening]), 60_000, 'both instances listening');

    // The work appears while both instances are running.
    const now = new Date();
    const [unit] = await db.select({ id: units.id }).from(units).where(eq(units.code, 'SO-XD'));
    const staff: { userId: number; zaloId: string }[] = [];
    for (const [i, role] of (['officer', 'leader'] as const).entries()) {
      const zaloId = `77000000000000${i + 1}`;
      const [u] = await db.insert(users).values({ name: `SO-XD ${role}`, zaloId }).returning({ id: users.id });
      await db.insert(userRoles).values({ userId: u!.id, unitId: unit!.id, role });
      await db.insert(zaloContacts).values({ zaloId, userId: u!.id, followed: true, lastInteractionAt: now });
      staff.push({ userId: u!.id, zaloId });
    }
    const receivedAt = new Date(now.getTime() - 30 * 24 * HOUR);
    await db.insert(feedback).values(
      Array.from({ length: ITEMS }, (_, i) => ({
        code: `PA-T2I-${String(i + 1).padStart(4, '0')}`,
        channel: 'zalo_oa' as const,
        unitId: unit!.id,
        status: 'in_progress' as const,
        content: `Phản ánh quá hạn số ${i + 1}`,
        receivedAt,
        receivedDate: localDateOf(receivedAt),
        policyUnit: 'working_days' as const,
        policyAmount: 15,
        clockStartedAt: receivedAt,
        dueAt: new Date(now.getTime() - HOUR - i * 60_000),
      })),
    );

    // Kill the instance whose send is hanging, while it is in flight.
    const victimName = await withTimeout(heldPromise, 30_000, 'a first alert send');
    const victim = instances.find((i) => i.name === victimName)!;
    const sendingAtKill = rowsOf<{ n: number }>(
      await db.execute(sql`select count(*)::int n from outbox where purpose = 'alert' and state = 'sending'`),
    )[0]!.n;
    victim.kill();
    expect(await withTimeout(victim.exited, 10_000, 'victim exit')).toBeNull();
    const killedAt = Date.now();
    // The server itself is gone, not only the tsx wrapper.
    await expect(fetch(`http://127.0.0.1:${victim.port}/health`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
    const replacement = await startInstance('C', basePort + 2);
    await withTimeout(replacement.listening, 60_000, 'replacement listening');

    // Every alert settles: created, released, and its outbox row 'sent' or 'held'.
    type Row = { alerts: number; scheduled: number; outbox: number; settled: number };
    let last: Row = { alerts: 0, scheduled: 0, outbox: 0, settled: 0 };
    const deadline = killedAt + SETTLE_BOUND_MS;
    for (;;) {
      last = rowsOf<Row>(
        await db.execute(sql`
          select (select count(*)::int from alerts) alerts,
                 (select count(*)::int from alerts where state = 'scheduled') scheduled,
                 (select count(*)::int from outbox where purpose = 'alert') "outbox",
                 (select count(*)::int from outbox where purpose = 'alert' and state in ('sent','held')) settled`),
      )[0]!;
      if (last.alerts === ITEMS * staff.length && last.scheduled === 0 && last.settled === last.outbox && last.outbox === last.alerts) break;
      if (Date.now() > deadline) break;
      await sleep(500);
    }
    const settleMs = Date.now() - killedAt;

    const rows = rowsOf<{
      id: number;
      kind: string;
      feedback_id: number;
      recipient_user_id: number;
      text: string;
      state: string;
      outbox_state: string | null;
      sent_via: string | null;
      last_error: string | null;
      attempts: number | null;
    }>(
      await db.execute(sql`
        select a.id, a.kind, a.feedback_id, a.recipient_user_id, a.text, a.state,
               o.state outbox_state, o.sent_via, o.last_error, o.attempts
        from alerts a left join outbox o on o.id = a.outbox_id order by a.id`),
    );
    const byState = (s: string) => rows.filter((r) => r.outbox_state === s).length;
    console.log(
      `[alerts-two-instances] victim ${victimName} (alert rows 'sending' at kill: ${sendingAtKill}); ` +
        `settled ${settleMs} ms after the kill: ${rows.length} alerts, ${byState('sent')} sent, ${byState('held')} held; ` +
        `Zalo texts accepted: ${fake.messages.length}`,
    );
    for (const r of rows.filter((x) => x.outbox_state === 'held')) {
      console.log(`[alerts-two-instances]   held alert ${r.id} (attempts ${r.attempts}): ${r.last_error}`);
    }

    expect(last, `not settled within ${SETTLE_BOUND_MS} ms of the kill`).toMatchObject({
      alerts: ITEMS * staff.length,
      scheduled: 0,
      outbox: ITEMS * staff.length,
      settled: ITEMS * staff.length,
    });
    // Exactly one alert per (item, recipient, kind): overdue for the officer and the leader of each item.
    const keys = rows.map((r) => `${r.feedback_id}:${r.recipient_user_id}:${r.kind}`);
    expect(new Set(keys).size).toBe(rows.length);
    expect(rows.every((r) => r.kind === 'overdue')).toBe(true);
    for (const s of staff) expect(rows.filter((r) => r.recipient_user_id === s.userId)).toHaveLength(ITEMS);
    // None lost: every alert went to the outbox and ended sent or held (held stays in the in-app inbox).
    for (const r of rows) {
      expect(r.state).toBe('queued');
      expect(['sent', 'held']).toContain(r.outbox_state);
    }
    // At most once via Zalo; exactly once for the ones recorded as sent.
    for (const r of rows) {
      const zaloId = staff.find((s) => s.userId === r.recipient_user_id)!.zaloId;
      const times = fake.textsTo(zaloId).filter((t) => t === r.text).length;
      expect(times, `alert ${r.id} reached Zalo ${times} times`).toBeLessThanOrEqual(1);
      if (r.outbox_state === 'sent') expect(times).toBe(1);
    }
    expect(fake.messages.length).toBe(byState('sent'));
    // The instances still alive kept running.
    for (const i of instances.filter((x) => x !== victim)) {
      const health = await fetch(`http://127.0.0.1:${i.port}/health`, { signal: AbortSignal.timeout(5000) });
      expect(health.status).toBe(200);
    }
  }, 200_000);
});
