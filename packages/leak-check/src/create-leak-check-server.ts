import type { IdentifierKind, Logger } from '@linekeeper/identity-core';
import {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  fastify,
  LogController,
} from 'fastify';
import { checkHeaders, type LeakCheckResult } from './check-headers.js';
import { createClientErrorHandler } from './client-error-handler.js';
import { groupHeaderLines, toHeaderLines } from './header-line.js';
import type { LeakCheckConfig } from './leak-check-config.js';
import { createLeakCheckMetrics, type LeakCheckMetrics } from './leak-check-metrics.js';
import { renderCheckPage } from './render-check-page.js';
import { securityHeaders } from './security-headers.js';

export interface LeakCheckDeps {
  readonly logger: Logger;
  /** Counters; a fresh registry per server by default. */
  readonly metrics?: LeakCheckMetrics;
}

/**
 * The leak-check page as a Fastify app, not yet listening (`app.listen({ port: 0 })` in tests).
 *
 * Request path: Node's parser enforces `maxHeaderBytes` and rejects invalid bytes (answered by
 * the client-error handler) → too many header lines? `431` → header lines from `rawHeaders`
 * (duplicates kept) → identity detection → counts by kind to metrics → page or JSON, with the
 * security headers. Fastify's own request logging is off: it would log URLs and addresses; the
 * app logs counts by kind only.
 */
export function createLeakCheckServer(config: LeakCheckConfig, deps: LeakCheckDeps): FastifyInstance {
  const { logger } = deps;
  const metrics = deps.metrics ?? createLeakCheckMetrics();
  const app = fastify({
    // pino is a FastifyBaseLogger; naming it so keeps the instance the plain `FastifyInstance` type.
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    http: {
      maxHeaderSize: config.maxHeaderBytes,
      headersTimeout: config.headersTimeoutMs,
      // Timeouts are checked at this interval; Node's default (30 s) would let a slow client
      // hold a connection for far longer than `headersTimeoutMs`.
      connectionsCheckingInterval: 1000,
    },
    requestTimeout: Math.max(30_000, config.headersTimeoutMs),
    bodyLimit: 1024,
    clientErrorHandler: createClientErrorHandler(config, metrics, logger),
  });

  // Node drops header lines beyond `maxHeadersCount` silently; allow one more than the limit so
  // that going over it is seen, and refused, rather than half the request checked.
  app.server.maxHeadersCount = config.maxHeaderCount + 1;

  app.addHook('onRequest', async (request, reply) => {
    if (request.raw.rawHeaders.length / 2 > config.maxHeaderCount) {
      metrics.recordRejected('too-many-headers');
      logger.debug({ reason: 'too-many-headers', status: 431 }, 'request refused');
      return reply
        .code(431)
        .header('connection', 'close')
        .type('text/plain; charset=utf-8')
        .send(
          `Too many request headers: this page accepts at most ${config.maxHeaderCount} header lines (each duplicate counts). Nothing was checked or kept.\n`,
        );
    }
    return undefined;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.headers(securityHeaders());
    return payload;
  });

  const check = (request: FastifyRequest, format: 'html' | 'json'): LeakCheckResult => {
    const result = checkHeaders(toHeaderLines(request.raw.rawHeaders), {
      defaultCountry: config.defaultCountry,
    });
    const kinds = result.findings.map((finding) => finding.kind);
    metrics.recordCheck(format, kinds);
    logger.debug({ format, findings: countByKind(kinds) }, 'check served');
    return result;
  };

  app.get('/', async (request, reply) => {
    const result = check(request, 'html');
    return reply.type('text/html; charset=utf-8').send(renderCheckPage(result));
  });

  app.get('/api/check', async (request, reply) => {
    const result = check(request, 'json');
    return reply.type('application/json; charset=utf-8').send({
      findings: result.findings.map(({ header, kind, confidence, reason, entry }) =>
        entry ? { header, kind, confidence, reason, entry } : { header, kind, confidence, reason },
      ),
      headers: groupHeaderLines(result.lines),
    });
  });

  if (config.exposeMetrics) {
    app.get('/metrics', async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    });
  }

  app.setNotFoundHandler((_request, reply) => {
    reply.code(404).type('text/plain; charset=utf-8').send('Not found. The leak check is at /.\n');
  });
  app.setErrorHandler((error: { statusCode?: number; code?: string }, _request, reply: FastifyReply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    // The code only: a message could quote the request.
    if (status >= 500) logger.error({ code: error.code, status }, 'request failed');
    reply
      .code(status)
      .type('text/plain; charset=utf-8')
      .send(status >= 500 ? 'Internal error. Nothing was kept.\n' : 'Bad request.\n');
  });
  return app;
}

function countByKind(kinds: readonly IdentifierKind[]): Partial<Record<IdentifierKind, number>> {
  const counts: Partial<Record<IdentifierKind, number>> = {};
  for (const kind of kinds) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}
