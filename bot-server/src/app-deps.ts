import type { Db, DbKind } from '../../db/open-db.js';
import type { Env } from './env.js';
import type { Logger } from './lib/logger.js';

/** Everything a request handler may use. Tests build it with a fixed clock and a test database. */
export interface AppDeps {
  env: Env;
  db: Db;
  dbKind: DbKind;
  log: Logger;
  now: () => Date;
  /** Where uploaded attachment files are stored. */
  filesDir: string;
  /** Wakes the background workers (inbox processor, outbox dispatcher) after new work is stored. */
  kickWorkers?: () => void;
  /** The built mini app to serve; defaults to mini-app/dist at the repository root. Browser tests serve another build. */
  miniAppDir?: string;
}
