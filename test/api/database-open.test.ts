import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDb, rowsOf } from '../../db/open-db.js';
import { DEMO_UNITS, seedReferenceData } from '../../db/seed.js';
import { NINH_SON_UNITS } from '../../db/seed-data/dti-catalog-ninh-son.js';
import { newTestDbName, withDatabase } from '../support/test-db-config.js';

const url = process.env.TEST_DATABASE_URL;

describe.runIf(url)('PostgreSQL start-up', () => {
  it('lets two instances migrate and seed one empty database at the same time', async () => {
    const name = newTestDbName();
    const { default: postgres } = await import('postgres');
    const admin = postgres(url!, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    try {
      const target = withDatabase(url!, name);
      const [a, b] = await Promise.all([openDb({ databaseUrl: target }), openDb({ databaseUrl: target })]);
      await Promise.all([seedReferenceData(a.db), seedReferenceData(b.db)]);
      const applied = rowsOf<{ n: number }>(await a.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`));
      const unitsCount = rowsOf<{ n: number }>(await a.db.execute(sql`select count(*)::int as n from units`));
      expect(applied[0]!.n).toBeGreaterThanOrEqual(2);
      expect(unitsCount[0]!.n).toBe(DEMO_UNITS.length + NINH_SON_UNITS.length);
      await Promise.all([a.close(), b.close()]);
    } finally {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  });
});

describe('seed', () => {
  it('is idempotent on the embedded database', async () => {
    const db = await openDb({ dataDir: 'memory://' });
    await seedReferenceData(db.db);
    await seedReferenceData(db.db);
    const count = (t: string) => db.db.execute(sql.raw(`select count(*)::int as n from ${t}`)).then((r) => rowsOf<{ n: number }>(r)[0]!.n);
    expect(await count('units')).toBe(DEMO_UNITS.length + NINH_SON_UNITS.length);
    expect(await count('dti_indicators')).toBe(81 + 4 + 6);
    expect(await count('categories')).toBe(7);
    expect(await count('users')).toBe(1);
    expect(await count('calendar_years')).toBe(2);
    await db.close();
  });
});
