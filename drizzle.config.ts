import { defineConfig } from 'drizzle-kit';

// Same casing as the runtime drizzle() calls in db/open-db.ts, so column names agree.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.ts',
  out: './db/migrations',
  casing: 'snake_case',
});
