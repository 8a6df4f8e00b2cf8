import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { routePath } from 'hono/route';
import { z } from 'zod';
import { errorSummary, sqlStateOf } from './error-summary.js';
import type { Logger } from './logger.js';
import { UNSAFE_TEXT_MESSAGE } from './text-safety.js';

export interface FieldIssue {
  field: string;
  message: string;
}

/** An error with a status and a JSON body that says what is wrong. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 410 | 413 | 415 | 422 | 429 | 502 | 503,
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new ApiError(404, 'not_found', `${what} not found`);
export const forbidden = (message = 'You are not allowed to do this') => new ApiError(403, 'forbidden', message);

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message }));
}

export function invalid(error: z.ZodError, where: 'body' | 'query' | 'params' = 'body'): ApiError {
  return new ApiError(400, 'invalid_request', `Invalid ${where}`, { issues: zodIssues(error) });
}

export function errorHandler(log: Logger) {
  return (err: Error, c: Context) => {
    if (err instanceof ApiError) return apiErrorReply(err, c);
    if (err instanceof z.ZodError) {
      return c.json({ error: 'invalid_request', message: 'Invalid request', issues: zodIssues(err) }, 400);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'http_error';
      return c.json({ error: code, message: err.message || code }, status);
    }
    const refused = refusedByDatabase(err, c, log);
    if (refused) return c.json(refused.body, refused.status);
    log.error({ err: errorSummary(err), route: routeOf(c) }, 'unhandled error');
    return c.json({ error: 'internal', message: 'Internal server error' }, 500);
  };
}

/** An ApiError as JSON; a 429 also gets Retry-After (CONTRACT §14, for every caller, Open311 included). */
export function apiErrorReply(err: ApiError, c: Context) {
  if (err.status === 429 && typeof err.details?.retryAfter === 'number') c.header('retry-after', String(err.details.retryAfter));
  return c.json({ error: err.code, message: err.message, ...err.details }, err.status);
}

/** databaseInputError, logged: each is a check missing at the boundary (or a server bug) answered as the caller's. */
export function refusedByDatabase(err: unknown, c: Context, log: Logger) {
  const refused = databaseInputError(err);
  if (refused) log.warn({ err: errorSummary(err), route: routeOf(c) }, 'database refused a value');
  return refused;
}

/** The matched route pattern (e.g. /api/v1/feedback/:code), never the path as sent, which may hold identifiers. */
export function routeOf(c: Context): string {
  return routePath(c) || '(no route)';
}

/**
 * A last line of defence for input the boundary checks missed: the database refusing the bytes of a value is the
 * caller's fault (400), and so is a value out of a column's range, never a 500. Each of these is also a bug to fix
 * at the boundary, so it is logged.
 */
export function databaseInputError(err: unknown): { status: 400; body: Record<string, unknown> } | null {
  const state = sqlStateOf(err);
  if (state === '22021' || state === '22P05') {
    return { status: 400, body: { error: 'invalid_characters', message: `A value ${UNSAFE_TEXT_MESSAGE}` } };
  }
  if (state === '22P02' || state === '22025') {
    return { status: 400, body: { error: 'invalid_request', message: 'A value does not have the form its field needs' } };
  }
  if (state === '22008' || state === '22003' || state === '22007') {
    return { status: 400, body: { error: 'invalid_request', message: 'A date or number is out of range' } };
  }
  return null;
}
