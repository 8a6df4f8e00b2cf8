import type { MiddlewareHandler } from 'hono';
import { ApiError } from './api-error.js';
import { findUnsafeInUrl } from './text-safety.js';

/** 400 for a path or query that holds text the database cannot store, before any route reads it. */
export const refuseUnsafeUrl: MiddlewareHandler = async (c, next) => {
  // Most URLs have no escapes and no query: skip the parse.
  if (c.req.url.includes('%')) {
    const issues = findUnsafeInUrl(c.req.url);
    if (issues.length) throw new ApiError(400, 'invalid_characters', 'The address holds characters that cannot be stored', { issues });
  }
  await next();
};
