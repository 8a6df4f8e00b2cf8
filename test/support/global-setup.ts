// Builds migrated, seeded template databases once per run; each test file then starts from a copy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { openDb } from '../../db/open-db.js';
import { seedReferenceData } from '../../db/seed.js';
import { PG_TEMPLATE_DB, PGLITE_TEMPLATE_FILE, TEST_DB_PREFIX, withDatabase } from './test-db-config.js';

export default async function setup() {
  const lite = await openDb({ dataDir: 'memory://' });
  await seedReferenceData(lite.db);
  const dump = await (lite.db as unknown as { $client: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).$client.dumpDataDir('gzip');
  mkdirSync(new URL('.', `file://${PGLITE_TEMPLATE_FILE}`).pathname, { recursive: true });
  writeFileSync(PGLITE_TEMPLATE_FILE, new Uint8Array(await dump.arrayBuffer()));
  await lite.close();

  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    const { default: postgres } = await import('postgres');
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    // Leftovers of an interrupted run.
    const stale = await admin<{ datname: string }[]>`select datname from pg_database where datname like ${TEST_DB_PREFIX + '%'} or datname = ${PG_TEMPLATE_DB}`;
    for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
    await admin.unsafe(`create database "${PG_TEMPLATE_DB}"`);
    await admin.end();
    const tpl = await openDb({ databaseUrl: withDatabase(url, PG_TEMPLATE_DB) });
    await seedReferenceData(tpl.db);
    await tpl.close();
  }
}
