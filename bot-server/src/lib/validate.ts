// Boundary validation: every request body, query and param goes through a zod schema here.
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError, invalid } from './api-error.js';
import { findUnsafeText } from './text-safety.js';

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.toLowerCase().includes('application/json')) {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as application/json');
  }
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON');
  }
  refuseUnsafeText(raw);
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw invalid(parsed.error, 'body');
  return parsed.data;
}

export function query<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw invalid(parsed.error, 'query');
  return parsed.data;
}

export function params<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const parsed = schema.safeParse(c.req.param());
  if (!parsed.success) throw invalid(parsed.error, 'params');
  return parsed.data;
}

/** 400 naming each field that holds text the database cannot store (lib/text-safety.ts). */
export function refuseUnsafeText(value: unknown, root = ''): void {
  const issues = findUnsafeText(value, root);
  if (issues.length) throw new ApiError(400, 'invalid_characters', 'Some fields hold characters that cannot be stored', { issues });
}
