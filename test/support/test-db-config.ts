import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PGLITE_TEMPLATE_FILE = join(tmpdir(), `pakn-test-${process.env.USER ?? 'u'}`, 'pglite-template.tgz');
export const PG_TEMPLATE_DB = 'pakn_template';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
