import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { z } from 'zod';
import type { Logger } from './logger.js';

export interface FieldIssue {
  field: string;
  message: string;
}

/** An error with a status and a JSON body that says what is wrong. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 502 | 503,
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
    if (err instanceof ApiError) {
      return c.json({ error: err.code, message: err.message, ...err.details }, err.status);
    }
    if (err instanceof z.ZodError) {
      return c.json({ error: 'invalid_request', message: 'Invalid request', issues: zodIssues(err) }, 400);
    }
    if (err instanceof HTTPException) {
      const status = err.status;
      const code = status === 413 ? 'payload_too_large' : status === 401 ? 'unauthorized' : 'http_error';
      return c.json({ error: code, message: err.message || code }, status);
    }
    log.error({ err: { message: err.message, stack: err.stack }, path: c.req.path }, 'unhandled error');
    return c.json({ error: 'internal', message: 'Internal server error' }, 500);
  };
}
