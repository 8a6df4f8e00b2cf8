import type { MiddlewareHandler } from 'hono';
import type { Logger } from './logger.js';

/** One JSON line per request. Only the path is logged: query strings may carry an Open311 api_key. */
export function requestLog(log: Logger): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round((performance.now() - started) * 10) / 10 },
      'request',
    );
  };
}
