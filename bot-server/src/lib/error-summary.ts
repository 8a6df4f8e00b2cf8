// What a log line may say about an error: its kind, codes and where it was raised, never its message when that
// message can quote data. A failed query's message holds every parameter (names, phones, a citizen's text), and
// the PostgreSQL error's own detail quotes the offending values, so neither is logged.

export interface ErrorSummary {
  name: string;
  /** PostgreSQL SQLSTATE, e.g. 23505 (unique violation). */
  sqlState?: string;
  constraint?: string;
  table?: string;
  /** Our own error code (ApiError), or a Node system code such as ECONNREFUSED. */
  code?: string;
  /** Only messages we wrote ourselves and know to be free of data. */
  message?: string;
  /** Stack frames only: the first line of a stack repeats the message. */
  stack?: string;
}

type Fields = { code?: unknown; constraint?: unknown; constraint_name?: unknown; table?: unknown; table_name?: unknown };

function databaseCause(err: unknown): Fields | undefined {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === 'object'; depth++) {
    const f = e as Fields;
    // Five characters with a digit: a SQLSTATE (23505, 22P02, XX000), not a Node code such as EPIPE.
    if (typeof f.code === 'string' && /^[0-9A-Z]{5}$/.test(f.code) && /\d/.test(f.code)) return f;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** SQLSTATE of a database error anywhere in the cause chain (drizzle wraps the driver's error). */
export function sqlStateOf(err: unknown): string | undefined {
  const f = databaseCause(err);
  return typeof f?.code === 'string' ? f.code : undefined;
}

const frames = (stack: string | undefined) =>
  stack
    ?.split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, 8)
    .join('\n');

export function errorSummary(err: unknown, opts: { safeMessage?: boolean } = {}): ErrorSummary {
  if (!(err instanceof Error)) return { name: typeof err };
  const db = databaseCause(err);
  const out: ErrorSummary = { name: err.name === 'Error' ? err.constructor.name : err.name };
  if (db) {
    out.sqlState = db.code as string;
    const constraint = db.constraint ?? db.constraint_name;
    const table = db.table ?? db.table_name;
    if (typeof constraint === 'string') out.constraint = constraint;
    if (typeof table === 'string') out.table = table;
  } else {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Za-z0-9_]{1,40}$/.test(code)) out.code = code;
    if (opts.safeMessage) out.message = err.message.slice(0, 300);
  }
  const stack = frames(err.stack);
  if (stack) out.stack = stack;
  return out;
}
