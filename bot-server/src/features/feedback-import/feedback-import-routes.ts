// POST /api/v1/feedback/import (CONTRACT §5): admins send a CSV file or a JSON array; all rows are stored or none.
import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import { ApiError } from '../../lib/api-error.js';
import { type AppEnv, requireAdmin } from '../auth/auth-middleware.js';
import { type ImportBody, importFeedback, parseCsvBody, parseJsonBody } from './feedback-import.js';

const READERS = new Map<string, (text: string) => ImportBody>([
  ['text/csv', parseCsvBody],
  ['application/json', parseJsonBody],
]);

function unsupported(): never {
  throw new ApiError(415, 'unsupported_media_type', 'Send the file as text/csv (UTF-8) or a JSON array as application/json');
}

/** The body as UTF-8 text. The media type must say UTF-8 or say nothing about the charset. */
async function readText(req: Request, charset: string | undefined): Promise<string> {
  if (charset && charset !== 'utf-8' && charset !== 'utf8') unsupported();
  const bytes = await req.arrayBuffer();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_encoding', 'The body is not valid UTF-8; save the file as "CSV UTF-8"');
  }
}

export function feedbackImportRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().post('/', requireAdmin, async (c) => {
    const [type = '', ...params] = (c.req.header('content-type') ?? '').split(';');
    const read = READERS.get(type.trim().toLowerCase());
    if (!read) unsupported();
    const charset = params
      .map((p) => p.trim().toLowerCase())
      .find((p) => p.startsWith('charset='))
      ?.slice('charset='.length)
      .replace(/^"|"$/g, '');
    const body = read(await readText(c.req.raw, charset));
    const actor = c.get('actor');
    const now = deps.now();
    const result = await deps.db.transaction((tx) => importFeedback(tx, body, { actor, now }));
    return c.json(result);
  });
}
