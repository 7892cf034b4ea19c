import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import type { SubscriberSessionsErrorCode } from './errors.js';
import { parseAddress } from './ip-address.js';
import type { SessionMetrics } from './session-metrics.js';
import type { Session, SessionStore } from './session-store.js';

export interface AdminApiOptions {
  readonly store: SessionStore;
  readonly metrics: SessionMetrics;
  /** When set, every request needs `Authorization: Bearer <token>` (required off loopback). */
  readonly token?: string | undefined;
  /** Told whenever an unmasked session is served, for the operator's audit log. */
  readonly onReveal?: (address: string) => void;
  /**
   * More readiness checks for `/healthz` (e.g. the gateway's policy and ledger), by name: the
   * answer is 200 only when the store and every check are ready, and then lists each check.
   */
  readonly healthChecks?: Readonly<Record<string, () => boolean | Promise<boolean>>>;
}

const PROBLEMS: Record<SubscriberSessionsErrorCode, { status: number; title: string }> = {
  ERR_ADMIN_UNAUTHORIZED: { status: 401, title: 'A valid bearer token is required' },
  ERR_ADDRESS_INVALID: { status: 400, title: 'Not an IPv4 or IPv6 address' },
  ERR_SESSION_NOT_FOUND: { status: 404, title: 'No session holds this address' },
  ERR_STORE_UNAVAILABLE: { status: 503, title: 'The session store cannot answer right now' },
  ERR_NAS_CLIENT_INVALID: { status: 500, title: 'Invalid NAS client' },
  ERR_ADMIN_TOKEN_REQUIRED: { status: 500, title: 'Admin token required' },
};

/**
 * The admin HTTP API: `GET /sessions/:address` (identifiers masked unless `?reveal=1`),
 * `GET /metrics` (Prometheus), `GET /healthz`. Errors are problem JSON (RFC 9457) with a stable
 * `code`. The caller binds it; off loopback the caller must pass a token.
 */
export function createAdminApi(options: AdminApiOptions): FastifyInstance {
  const app = Fastify({ logger: false });
  const expected = options.token === undefined ? undefined : digest(options.token);

  app.addHook('onRequest', async (request, reply) => {
    if (expected === undefined) return;
    const header = request.headers.authorization ?? '';
    const presented = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!timingSafeEqual(digest(presented), expected)) {
      reply.header('www-authenticate', 'Bearer');
      return problem(reply, 'ERR_ADMIN_UNAUTHORIZED');
    }
    return undefined;
  });

  app.get<{ Params: { address: string }; Querystring: { reveal?: string } }>(
    '/sessions/:address',
    async (request, reply) => {
      const { address } = request.params;
      if (!parseAddress(address)) return problem(reply, 'ERR_ADDRESS_INVALID');
      const result = await options.store.lookup(address);
      reply.header('cache-control', 'no-store');
      if (result.status === 'unknown') return problem(reply, 'ERR_STORE_UNAVAILABLE');
      if (result.status === 'none') return problem(reply, 'ERR_SESSION_NOT_FOUND');
      const reveal = request.query.reveal === '1';
      if (reveal) options.onReveal?.(address);
      return renderSession(result.session, reveal);
    },
  );

  app.get('/metrics', async (_request, reply) => {
    const text = await options.metrics.registry.metrics();
    return reply.type(options.metrics.registry.contentType).send(text);
  });

  app.get('/healthz', async (_request, reply) => {
    const ready = await options.store.ready();
    const extra = Object.entries(options.healthChecks ?? {});
    if (extra.length === 0) {
      return reply.code(ready ? 200 : 503).send({ status: ready ? 'ok' : 'store-unavailable' });
    }
    const checks: Record<string, boolean> = { store: ready };
    for (const [name, check] of extra) checks[name] = await Promise.resolve(check()).catch(() => false);
    const healthy = Object.values(checks).every(Boolean);
    return reply.code(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'unavailable', checks });
  });

  app.setNotFoundHandler((_request, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send({ status: 404, code: 'ERR_NOT_FOUND', title: 'No such route' }),
  );
  return app;
}

function problem(reply: FastifyReply, code: SubscriberSessionsErrorCode): FastifyReply {
  const { status, title } = PROBLEMS[code];
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', status, code, title });
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Keeps what an operator needs to recognise a record (country, network, device model), no more. */
export function maskIdentifier(
  value: string | undefined,
  keepStart: number,
  keepEnd: number,
): string | undefined {
  if (value === undefined) return undefined;
  if (value.length <= keepStart + keepEnd) return '*'.repeat(value.length);
  return (
    value.slice(0, keepStart) +
    '*'.repeat(value.length - keepStart - keepEnd) +
    value.slice(value.length - keepEnd)
  );
}

function renderSession(session: Session, reveal: boolean): Record<string, unknown> {
  return {
    msisdn: reveal ? session.msisdn : maskIdentifier(session.msisdn, 3, 2),
    imsi: (reveal ? session.imsi : maskIdentifier(session.imsi, 5, 0)) ?? null,
    imeisv: (reveal ? session.imeisv : maskIdentifier(session.imeisv, 8, 0)) ?? null,
    ratType: session.ratType ?? null,
    nas: session.nas,
    accountingSessionId: session.accountingSessionId,
    framedIpAddress: session.framedIpAddress ?? null,
    framedIpv6Prefix: session.framedIpv6Prefix ?? null,
    startedAt: new Date(session.startedAt).toISOString(),
    lastSeenAt: new Date(session.lastSeenAt).toISOString(),
    expiresAt: new Date(session.expiresAt).toISOString(),
    lastEventAt: new Date(session.lastEventAt).toISOString(),
    masked: !reveal,
  };
}
