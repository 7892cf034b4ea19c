import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { Logger } from '@linekeeper/identity-core';
import { type FastifyBaseLogger, type FastifyInstance, fastify, LogController } from 'fastify';
import type { BillDatabase } from '../data/create-bill-database.js';
import type { BillManagerWebConfig } from './bill-manager-web-config.js';
import { createRouteDefiner } from './http/define-api-route.js';
import { createErrorHandler } from './http/error-handler.js';
import { assertSameOrigin } from './http/origin-check.js';
import { securityHeaders } from './http/security-headers.js';
import { canonicalPagePath, serveUi } from './http/serve-ui.js';
import { registerBillRunRoutes } from './routes/bill-run-routes.js';
import { registerCostCentreRoutes } from './routes/cost-centre-routes.js';
import { registerDashboardRoutes } from './routes/dashboard-routes.js';
import { registerExportRoutes } from './routes/export-routes.js';
import { registerLineRoutes } from './routes/line-routes.js';
import { registerOperatorRoutes } from './routes/operator-routes.js';
import { registerSessionRoutes } from './routes/session-routes.js';
import { registerUserRoutes } from './routes/user-routes.js';
import { registerWatchpointRoutes } from './routes/watchpoint-routes.js';
import { WebError } from './web-error.js';
import { createWebServices, type WebServices } from './web-services.js';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

export interface BillManagerServerDeps {
  readonly database: BillDatabase;
  readonly logger: Logger;
}

export interface RegisteredRoute {
  readonly method: string;
  readonly url: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route registered on this server (the authorization matrix checks them all). */
    billManagerRoutes: readonly RegisteredRoute[];
    billManagerServices: WebServices;
  }
}

/**
 * The Bill Manager web app as a Fastify app, not yet listening. Request path:
 * security headers on every answer → on `/api`: a state change from another origin is refused
 * → the session cookie becomes `request.viewer` → per-user rate limit → the route's guard
 * (session, CSRF token, role or break-glass, tenant and scope) → the handler, which reads
 * through `withTenant` and checks each object against the scope (404) → problem JSON on error.
 */
export async function createBillManagerServer(
  config: Readonly<BillManagerWebConfig>,
  deps: BillManagerServerDeps,
): Promise<FastifyInstance> {
  const { logger } = deps;
  const app = fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Request logs would carry URLs with periods and ids; the app logs what it decides instead.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
    trustProxy: false,
    http: { headersTimeout: 10_000, connectionsCheckingInterval: 1000 },
    requestTimeout: 120_000,
  });
  const routes: RegisteredRoute[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url });
    }
  });
  app.decorate('billManagerRoutes', routes);
  app.decorateRequest('viewer', null);
  app.decorateRequest('tenantAccess', null);

  const web = createWebServices(
    config,
    deps.database,
    createRouteDefiner(app, (entry) => web.audit(entry)),
  );
  app.decorate('billManagerServices', web);
  const headers = securityHeaders({ secure: config.secureCookies });

  await app.register(fastifyCookie);
  app.addHook('onRequest', async (request, reply) => {
    reply.headers(headers);
    const canonical = SAFE_METHODS.has(request.method) ? canonicalPagePath(request.url) : undefined;
    if (canonical !== undefined) return reply.code(308).header('location', canonical).send();
    if (!request.url.startsWith('/api/')) return;
    reply.header('cache-control', 'no-store');
    assertSameOrigin(request, config);
    const token = request.cookies[web.cookieName];
    if (token) request.viewer = (await web.sessions.lookup(token)) ?? null;
  });
  await app.register(fastifyRateLimit, {
    global: true,
    hook: 'preHandler',
    max: config.requestsPerMinute,
    timeWindow: 60_000,
    allowList: (request) => !request.url.startsWith('/api/'),
    keyGenerator: (request) => (request.viewer ? `user:${request.viewer.userId}` : `ip:${request.ip}`),
    errorResponseBuilder: (_request, context) =>
      new WebError('ERR_WEB_RATE_LIMITED', 'too many requests: slow down', {
        retryAfterS: Math.max(1, Math.ceil(context.ttl / 1000)),
      }),
  });
  app.setErrorHandler(createErrorHandler(logger));

  registerSessionRoutes(web);
  registerDashboardRoutes(web);
  registerLineRoutes(web);
  registerCostCentreRoutes(web);
  registerBillRunRoutes(web);
  registerExportRoutes(web);
  registerUserRoutes(web);
  registerWatchpointRoutes(web);
  await registerOperatorRoutes(app, web);
  app.get('/healthz', async () => ({ status: 'ok' }));
  await serveUi(app, config.uiDir);
  return app;
}
