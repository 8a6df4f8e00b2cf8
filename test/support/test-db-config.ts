import { createHash, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Names are per checkout, so two clones (a worktree, a CI clone) can run their suites at once on one machine
// without dropping each other's databases or reading each other's templates.
const checkout = createHash('sha256')
  .update(resolve(dirname(fileURLToPath(import.meta.url)), '../..'))
  .digest('hex')
  .slice(0, 8);

export const PGLITE_TEMPLATE_FILE = join(tmpdir(), `pakn-test-${process.env.USER ?? 'u'}-${checkout}`, 'pglite-template.tgz');
export const PG_TEMPLATE_DB = `pakn_template_${checkout}`;
/** Every test database of this checkout starts with this prefix; global setup drops leftovers of earlier runs. */
export const TEST_DB_PREFIX = `pakn_t_${checkout}_`;
export const newTestDbName = () => `${TEST_DB_PREFIX}${randomBytes(6).toString('hex')}`;
/**
 * The benchmarks' smoke test runs them with BENCH_DB_SUFFIX set to this: their databases are then
 * `pakn_bench…_smoke_t<checkout>` (bench/bench-support.ts, benchDbName), never a test database's name nor another
 * checkout's.
 */
export const BENCH_DB_SUFFIX = `_t${checkout}`;

export { withDatabase } from '../../db/open-db.js';
