// Builds the Hono app. main.ts listens; tests call app.request().
import { Hono } from 'hono';
import { cors } from 'hono/cors';
import type { AppDeps } from './app-deps.js';
import { adminRoutes } from './features/admin/admin-routes.js';
import { alertAdminRoutes } from './features/alerts/alert-routes.js';
import { alertSettingsRoutes } from './features/alerts/alert-settings-routes.js';
import { devSignInRoutes } from './features/auth/dev-sign-in-routes.js';
import { meRoutes } from './features/auth/me-routes.js';
import { zaloAuthRoutes } from './features/auth/zalo-auth-routes.js';
import { type AppEnv, authenticate, requireUser } from './features/auth/auth-middleware.js';
import { calendarAdminRoutes, calendarPublicRoutes } from './features/calendar/calendar-routes.js';
import { dtiCatalogAdminRoutes } from './features/dti/dti-catalog-admin-routes.js';
import { dtiCatalogRoutes } from './features/dti/dti-catalog-routes.js';
import { dtiReportRoutes } from './features/dti/dti-report-routes.js';
import { dtiPeriodAdminRoutes, dtiReviewerAdminRoutes, dtiValueRoutes } from './features/dti/dti-values-routes.js';
import { feedbackImportRoutes } from './features/feedback-import/feedback-import-routes.js';
import { feedbackRoutes } from './features/feedback/feedback-routes.js';
import { duplicateRoutes } from './features/feedback/duplicate-routes.js';
import { clientConfigRoutes } from './features/health/client-config-routes.js';
import { healthRoutes } from './features/health/health-routes.js';
import { indicatorRoutes } from './features/indicators/indicator-routes.js';
import { locationRoutes } from './features/location/location-routes.js';
import { open311ErrorFormat, open311Routes } from './features/open311/open311-routes.js';
import { serveMiniApp } from './features/health/static-mini-app.js';
import { categoryPublicRoutes } from './features/feedback/category-routes.js';
import { publicFeedbackRoutes } from './features/public/public-feedback-routes.js';
import { notificationRoutes } from './features/notifications/notification-routes.js';
import { outboxAdminRoutes, znsTemplateRoutes } from './features/outbox/outbox-routes.js';
import { unitRoutes } from './features/units/unit-routes.js';
import { webhookReviewRoutes } from './features/zalo/webhook-review-routes.js';
import { webhookRoutes } from './features/zalo/webhook-routes.js';
import { errorHandler } from './lib/api-error.js';
import { limitBodySize } from './lib/body-size.js';
import { refuseUnsafeUrl } from './lib/input-guard.js';
import { requestLog } from './lib/request-log.js';
import { securityHeaders } from './lib/security-headers.js';

export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();
  app.onError(errorHandler(deps.log));
  app.notFound((c) => c.json({ error: 'not_found', message: `No route for ${c.req.method} ${c.req.path}` }, 404));

  app.use('*', requestLog(deps.log));
  app.use('*', securityHeaders(deps.env));
  // The mini app runs at https://h5.zdn.vn/zapps/<id>/ inside Zalo, and on localhost for preview.
  app.use(
    '/api/*',
    cors({
      origin: (origin) => (origin === 'https://h5.zdn.vn' || /^https?:\/\/localhost(:\d+)?$/.test(origin) ? origin : null),
      allowHeaders: ['Authorization', 'Content-Type'],
      allowMethods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
      maxAge: 600,
    }),
  );
  app.use('*', limitBodySize(MAX_BODY_BYTES, MAX_ATTACHMENT_BYTES));

  app.route('/', healthRoutes(deps));
  app.route('/webhooks', webhookRoutes(deps));
  // Text the database cannot store is refused before anything reads the address (lib/text-safety.ts).
  app.use('/api/*', refuseUnsafeUrl);
  app.use('/api/*', authenticate(deps));
  // Open311 clients expect GeoReport error arrays, also for auth and size errors raised before its routes.
  app.use('/open311/*', open311ErrorFormat(deps.log));
  app.use('/open311/*', refuseUnsafeUrl);
  app.use('/open311/*', authenticate(deps));
  app.route('/open311/v2', open311Routes(deps));

  // Public API routes are listed here explicitly; everything mounted after requireUser is denied to anonymous callers.
  app.route('/api/v1/calendar', calendarPublicRoutes(deps));
  app.route('/api/v1/categories', categoryPublicRoutes(deps));
  app.route('/api/v1/client-config', clientConfigRoutes(deps));
  app.route('/api/v1/auth', zaloAuthRoutes(deps));
  // Answers only on a development server without Zalo credentials, to a loopback caller not behind a proxy; a 404
  // like any unknown route otherwise.
  app.route('/api/v1/auth', devSignInRoutes(deps));
  app.route('/api/v1/dti', dtiCatalogRoutes(deps));
  app.route('/api/v1/public/feedback', publicFeedbackRoutes(deps));
  app.use('/api/*', requireUser);
  app.route('/api/v1/calendar', calendarAdminRoutes(deps));
  app.route('/api/v1/feedback/import', feedbackImportRoutes(deps));
  // Before feedbackRoutes: its /:code and /:code/:action would take /similar and the link actions.
  app.route('/api/v1/feedback', duplicateRoutes(deps));
  app.route('/api/v1/feedback', feedbackRoutes(deps));
  app.route('/api/v1/indicators', indicatorRoutes(deps));
  app.route('/api/v1/units', unitRoutes(deps));
  app.route('/api/v1/location', locationRoutes(deps));
  app.route('/api/v1/dti/reports', dtiReportRoutes(deps));
  app.route('/api/v1/dti', dtiValueRoutes(deps));
  app.route('/api/v1/admin/dti/periods', dtiPeriodAdminRoutes(deps));
  app.route('/api/v1/admin/dti/reviewers', dtiReviewerAdminRoutes(deps));
  app.route('/api/v1/admin/dti', dtiCatalogAdminRoutes(deps));
  app.route('/api/v1/admin/outbox', outboxAdminRoutes(deps));
  app.route('/api/v1/admin/webhook-events', webhookReviewRoutes(deps));
  app.route('/api/v1/admin/alerts', alertAdminRoutes(deps));
  app.route('/api/v1/admin/alert-settings', alertSettingsRoutes(deps));
  app.route('/api/v1/me', meRoutes(deps));
  app.route('/api/v1/admin/zns-templates', znsTemplateRoutes(deps));
  app.route('/api/v1/admin', adminRoutes(deps));
  app.route('/api/v1/notifications', notificationRoutes(deps));

  app.route('/', serveMiniApp(deps.miniAppDir, { apiBase: deps.env.VITE_API_BASE, tileUrl: deps.env.MAP_TILE_URL }));
  return app;
}

export type App = ReturnType<typeof createApp>;
