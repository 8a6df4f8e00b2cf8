import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import type { AppEnv } from '../auth/auth-middleware.js';

export function open311Routes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
