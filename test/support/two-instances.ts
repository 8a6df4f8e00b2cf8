// Two app instances on one fresh PostgreSQL database, each with its own connection pool, as two processes would
// have: for tests of what must hold across instances (inbox, outbox, rate limits).
import { openDb, type OpenDb } from '../../db/open-db.js';
import { createTestApp, type TestApp, type TestAppOptions } from './test-app.js';
import { withDatabase } from './test-db-config.js';
import { createTestPgDb, dropTestPgDb } from './test-db.js';

export interface TwoInstances {
  a: TestApp;
  b: TestApp;
  /** The shared database, through a's pool. */
  db: OpenDb['db'];
  close: () => Promise<void>;
}

export async function startTwoInstances(url: string, opts: Omit<TestAppOptions, 'database'> = {}): Promise<TwoInstances> {
  const name = await createTestPgDb(url);
  const dbA = await openDb({ databaseUrl: withDatabase(url, name), maxConnections: 4 });
  const dbB = await openDb({ databaseUrl: withDatabase(url, name), maxConnections: 4 });
  const a = await createTestApp('postgres', { ...opts, database: dbA });
  const b = await createTestApp('postgres', { ...opts, database: dbB });
  return {
    a,
    b,
    db: dbA.db,
    close: async () => {
      await a.close();
      await b.close();
      await dbA.close();
      await dbB.close();
      await dropTestPgDb(url, name);
    },
  };
}
