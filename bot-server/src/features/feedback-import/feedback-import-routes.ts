import { Hono } from 'hono';
import type { AppDeps } from '../../app-deps.js';
import type { AppEnv } from '../auth/auth-middleware.js';

export function feedbackImportRoutes(_deps: AppDeps) {
  return new Hono<AppEnv>();
}
