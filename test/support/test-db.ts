// A fresh database per test file: PGlite from the migrated template, and PostgreSQL (CI) as a copy of a template db.
import { readFileSync } from 'node:fs';
import { openDb, type DbKind, type OpenDb } from '../../db/open-db.js';
import { newTestDbName, PG_TEMPLATE_DB, PGLITE_TEMPLATE_FILE, withDatabase } from './test-db-config.js';

/** The database kinds the suite runs on: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DB_KINDS: DbKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export async function openTestDb(kind: DbKind): Promise<OpenDb> {
  if (kind === 'pglite') {
    const blob = new Blob([readFileSync(PGLITE_TEMPLATE_FILE)]);
    return openDb({ dataDir: 'memory://', loadDataDir: blob });
  }
  const url = process.env.TEST_DATABASE_URL!;
  const name = await createTestPgDb(url);
  const opened = await openDb({ databaseUrl: withDatabase(url, name), maxConnections: 5 });
  return {
    ...opened,
    close: async () => {
      await opened.close();
      await dropTestPgDb(url, name);
    },
  };
}

/** A new database on the server of `url`, copied from the migrated, seeded template; returns its name. */
export async function createTestPgDb(url: string): Promise<string> {
  const name = newTestDbName();
  const { default: postgres } = await import('postgres');
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}" template "${PG_TEMPLATE_DB}"`);
  await admin.end();
  return name;
}

export async function dropTestPgDb(url: string, name: string): Promise<void> {
  const { default: postgres } = await import('postgres');
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}" with (force)`);
  await admin.end();
}
