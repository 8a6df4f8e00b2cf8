// One database handle for both drivers: postgres.js when DATABASE_URL is set, embedded PGlite otherwise.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ExtractTablesWithRelations, type SQL, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import { schema } from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Repositories take either; inside a transaction always pass the tx (the outer db deadlocks PGlite). */
export type DbOrTx = Db | Tx;
export type DbKind = 'pglite' | 'postgres';

export interface OpenDb {
  db: Db;
  kind: DbKind;
  close: () => Promise<void>;
}

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), 'migrations');
// Arbitrary constant shared by every instance: serialises migrations on one PostgreSQL database.
const MIGRATION_LOCK_KEY = 727_140_001;

export class DbConfigError extends Error {}

export interface OpenDbOptions {
  databaseUrl?: string | undefined;
  /** Directory for PGlite files; 'memory://' for an in-memory database. */
  dataDir?: string | undefined;
  /** A gzip'd PGlite data dir to start from (tests use a migrated template). */
  loadDataDir?: Blob | undefined;
  migrate?: boolean;
  maxConnections?: number;
}

export async function openDb(opts: OpenDbOptions): Promise<OpenDb> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openPglite(opts);
}

async function openPostgres(url: string, opts: OpenDbOptions): Promise<OpenDb> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, { max: opts.maxConnections ?? 10, onnotice: () => {}, connect_timeout: 10 });
  try {
    await client`select 1`;
  } catch (err) {
    await client.end({ timeout: 1 });
    throw new DbConfigError(
      `Cannot connect to PostgreSQL at DATABASE_URL (${redactUrl(url)}): ${(err as Error).message}`,
    );
  }
  if (opts.migrate !== false) await migratePostgres(url);
  const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Db;
  return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
}

/** drizzle's migrator has no lock; a session advisory lock on a dedicated connection serialises concurrent starts. */
async function migratePostgres(url: string): Promise<void> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const conn = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await conn`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      await migrate(drizzle({ client: conn, casing: 'snake_case' }), { migrationsFolder: MIGRATIONS_DIR });
    } finally {
      await conn`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await conn.end({ timeout: 5 });
  }
}

async function openPglite(opts: OpenDbOptions): Promise<OpenDb> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  // Contrib extensions are compiled in but must be loaded at open: the search (migration 0011) needs both.
  const { unaccent } = await import('@electric-sql/pglite/contrib/unaccent');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const inMemory = !opts.dataDir || opts.dataDir === 'memory://';
  let releaseLock = () => {};
  let dataDir: string | undefined;
  if (!inMemory) {
    const root = resolve(opts.dataDir!);
    mkdirSync(root, { recursive: true });
    dataDir = join(root, 'pglite');
    releaseLock = acquireDirLock(join(root, 'pglite.lock'));
    moveAsideIncompleteDir(dataDir);
  }
  try {
    const client = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      ...(opts.loadDataDir ? { loadDataDir: opts.loadDataDir } : {}),
      extensions: { unaccent, pg_trgm },
    });
    const db = drizzle({ client, schema, casing: 'snake_case' }) as unknown as Db;
    if (opts.migrate !== false) await migrate(db as never, { migrationsFolder: MIGRATIONS_DIR });
    return {
      db,
      kind: 'pglite',
      close: async () => {
        await client.close();
        releaseLock();
      },
    };
  } catch (err) {
    releaseLock();
    throw err;
  }
}

/**
 * PGlite corrupts a data dir that two processes open. A pid file refuses a second process
 * and takes over the lock of a process that no longer runs.
 */
export function acquireDirLock(lockPath: string): () => void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
        throw new DbConfigError(
          `The embedded database in ${dirname(lockPath)} is in use by process ${pid}. ` +
            'Stop it, or set DATA_DIR to another folder, or use DATABASE_URL.',
        );
      }
      rmSync(lockPath, { force: true }); // stale lock of a dead process
    }
  }
  throw new DbConfigError(`Could not lock ${lockPath}`);
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A first start killed during initdb leaves a dir PGlite cannot open; keep it aside and start fresh. */
function moveAsideIncompleteDir(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  if (existsSync(join(dataDir, 'PG_VERSION')) && existsSync(join(dataDir, 'global', 'pg_control'))) return;
  renameSync(dataDir, `${dataDir}.incomplete-${Date.now()}`);
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Rows of a raw `db.execute(sql...)`: PGlite returns {rows}, postgres.js an array. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** An instant as a parameter of raw SQL: postgres.js cannot bind a Date inside drizzle's `sql` template. */
export function ts(instant: Date): SQL {
  return sql`${instant.toISOString()}::timestamptz`;
}

/** The same server URL pointing at another database (tests and benchmarks use their own databases). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
