// Wires the Zalo pieces for one server process: the OA client (or local mode) and the background workers.
import type { AppDeps } from '../../app-deps.js';
import { schedulerTick } from '../alerts/alert-scheduler.js';
import { runDailyJobs } from '../alerts/digest-and-reminders.js';
import { dispatchDue, type ZaloSender } from '../outbox/outbox-dispatcher.js';
import { startWorkerLoop, type WorkerLoop } from './background-workers.js';
import { housekeeping } from '../auth/housekeeping.js';
import { processDueInbox } from './inbox-processor.js';
import { createOaClient, type OaClient } from './oa-client.js';
import { createTokenStore } from './zalo-token-store.js';

export interface ZaloRuntime {
  /** null in local mode (no Zalo credentials): outbound messages are recorded, not sent. */
  client: OaClient | null;
  workers: WorkerLoop;
}

export function isLocalMode(env: AppDeps['env']): boolean {
  return !(env.ZALO_APP_ID && env.ZALO_APP_SECRET && (env.ZALO_OA_ACCESS_TOKEN || env.ZALO_OA_REFRESH_TOKEN));
}

export function createOaClientFromEnv(deps: Pick<AppDeps, 'env' | 'db' | 'log' | 'now'>, overrides: { sleep?: (ms: number) => Promise<void> } = {}): OaClient | null {
  const { env } = deps;
  if (isLocalMode(env)) return null;
  const tokens = createTokenStore(deps.db, {
    initial:
      env.ZALO_OA_ACCESS_TOKEN && env.ZALO_OA_REFRESH_TOKEN
        ? { accessToken: env.ZALO_OA_ACCESS_TOKEN, refreshToken: env.ZALO_OA_REFRESH_TOKEN }
        : undefined,
    now: deps.now,
    log: deps.log,
  });
  return createOaClient(
    {
      appId: env.ZALO_APP_ID!,
      appSecret: env.ZALO_APP_SECRET!,
      openapiBase: env.ZALO_OPENAPI_BASE,
      oauthBase: env.ZALO_OAUTH_BASE,
      businessBase: env.ZALO_BUSINESS_BASE,
      ...overrides,
    },
    tokens,
    deps.log,
  );
}

export function startZaloRuntime(deps: AppDeps, opts: { intervalMs?: number; sleep?: (ms: number) => Promise<void> } = {}): ZaloRuntime {
  const client = createOaClientFromEnv(deps, opts.sleep ? { sleep: opts.sleep } : {});
  const sender: ZaloSender | null = client
    ? {
        sendConsultation: async (userId, message) => ({ messageId: (await client.sendConsultation(userId, message)).messageId }),
        sendZns: async (phone, templateId, data, trackingId) => ({ msgId: (await client.sendZns(phone, templateId, data, trackingId)).msgId }),
      }
    : null;
  const { env } = deps;
  const trustedMediaBases = [env.ZALO_OPENAPI_BASE, env.ZALO_GRAPH_BASE, env.ZALO_BUSINESS_BASE, env.ZALO_OAUTH_BASE];
  const workers = startWorkerLoop(
    [
      {
        name: 'zalo-inbox',
        run: () =>
          processDueInbox({
            ...deps,
            trustedMediaBases,
            rateLimitFactor: env.RATE_LIMIT_FACTOR,
            displayName: client ? async (id) => (await client.getProfile(id)).displayName || null : undefined,
          }),
      },
      // Alerts are created and released before the outbox sends, in the same pass.
      {
        name: 'daily-jobs',
        run: () =>
          runDailyJobs({ db: deps.db, log: deps.log, now: deps.now, digestAt: env.ALERT_DIGEST_AT, quietHours: env.ALERT_QUIET_HOURS }),
      },
      { name: 'alerts', run: () => schedulerTick({ db: deps.db, log: deps.log, now: deps.now, quietHours: env.ALERT_QUIET_HOURS, miniAppId: env.MINI_APP_ID }) },
      { name: 'outbox', run: () => dispatchDue({ db: deps.db, log: deps.log, now: deps.now, sender }) },
      { name: 'housekeeping', run: housekeeping(deps) },
    ],
    deps.log,
    opts.intervalMs ?? Math.min(env.SCHEDULER_INTERVAL_MS, 5_000),
  );
  deps.kickWorkers = workers.kick;
  return { client, workers };
}
