// Entry point: reads the environment, opens and migrates the database, seeds it, serves, and shuts down cleanly.
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { DbConfigError, openDb } from '../../db/open-db.js';
import { seedReferenceData } from '../../db/seed.js';
import type { AppDeps } from './app-deps.js';
import { createApp } from './app.js';
import { describeDevSignInMode, devSignInMode } from './domain/auth/dev-sign-in.js';
import { devSignInServer } from './features/auth/dev-sign-in-routes.js';
import { startZaloRuntime } from './features/zalo/zalo-runtime.js';
import { EnvError, loadEnv } from './env.js';
import { createLogger } from './lib/logger.js';

async function main() {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  const database = await openDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR });
  await seedReferenceData(database.db);
  const deps: AppDeps = {
    env,
    db: database.db,
    dbKind: database.kind,
    log,
    now: () => new Date(),
    filesDir: resolve(env.DATA_DIR, 'files'),
  };
  const app = createApp(deps);
  // Picks up webhook events and messages left unprocessed by a previous run, then keeps polling.
  const zalo = startZaloRuntime(deps);
  if (!zalo.client) log.info('Zalo local mode: outbound messages are recorded, not sent (see /api/v1/admin/outbox)');
  // Said at every start, so an operator sees at once whether the personas could be reachable, and why not.
  const devSignIn = devSignInMode(devSignInServer(env));
  const devSignInLine = describeDevSignInMode(devSignIn);
  log.info({ devSignIn: devSignIn.on ? 'on' : 'off', ...(devSignIn.on ? {} : { reasons: devSignIn.reasons }) }, devSignInLine);
  console.log(devSignInLine);
  const server = serve({ fetch: app.fetch, port: env.PORT }, (info) => {
    const url = `http://localhost:${info.port}`;
    log.info({ url, db: database.kind }, 'server listening');
    console.log(`PAKN server: ${url} (database: ${database.kind})`);
  });

  let stopping = false;
  // The log is buffered: write out what is pending before the process ends.
  const exit = (code: number) => log.flush(() => process.exit(code));
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: draining requests');
    // Stop accepting, let in-flight requests finish, then close the database.
    const force = setTimeout(() => {
      log.warn('requests did not drain in 10 s; closing anyway');
      void database.close().finally(() => exit(1));
    }, 10_000);
    force.unref();
    server.close(() => {
      void zalo.workers
        .stop()
        .then(() => database.close())
        .then(
        () => {
          log.info('stopped');
          exit(0);
        },
        () => exit(1),
      );
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof EnvError || err instanceof DbConfigError) {
    console.error(err.message);
  } else {
    console.error('Failed to start:', err);
  }
  process.exit(1);
});
