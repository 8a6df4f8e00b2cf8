import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { ApiError } from './api-error.js';

const tooLarge = (max: number) => () => {
  throw new ApiError(413, 'payload_too_large', `The body is larger than ${max / 1024 / 1024} MB`);
};

/**
 * 413 for bodies over the limit: 1 MB, or 10 MB for attachment uploads. A declared Content-Length is checked from
 * the header alone (cheap, and the common case); chunked bodies are counted as they stream.
 */
export function limitBodySize(maxBytes: number, maxUploadBytes: number): MiddlewareHandler {
  const streaming = bodyLimit({ maxSize: maxBytes, onError: tooLarge(maxBytes) });
  const streamingUpload = bodyLimit({ maxSize: maxUploadBytes, onError: tooLarge(maxUploadBytes) });
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const upload = c.req.path.endsWith('/attachments') || c.req.path.endsWith('/evidence');
    const max = upload ? maxUploadBytes : maxBytes;
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number(length) > max) tooLarge(max)();
      return next();
    }
    return (upload ? streamingUpload : streaming)(c, next);
  };
}
