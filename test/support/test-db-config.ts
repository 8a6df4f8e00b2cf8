import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PGLITE_TEMPLATE_FILE = join(tmpdir(), `pakn-test-${process.env.USER ?? 'u'}`, 'pglite-template.tgz');
export const PG_TEMPLATE_DB = 'pakn_template';

export { withDatabase } from '../../db/open-db.js';
