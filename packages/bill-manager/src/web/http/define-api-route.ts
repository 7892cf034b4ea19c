import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';
import { API_ROUTES, type ApiRouteName, type Role } from '../api-contract.js';
import type { AuditLog } from '../auth/audit-log.js';
import type { Viewer } from '../auth/viewer.js';
import { WebError } from '../web-error.js';
import { scopeOf, type TenantAccess } from './request-context.js';

export type ApiHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;

const SAFE_METHODS = new Set(['GET', 'HEAD']);
const COMPANY_ROLES: ReadonlySet<Role> = new Set(['company_admin', 'cost_centre_manager', 'line_user']);

/**
 * Registers one route of `API_ROUTES` with its guard, in this order: a session (401) → the CSRF
 * token on a state change (403) → the role, or operator staff's active break-glass on the
 * routes that allow it (403) → which tenant and scope the handler may read. Handlers find that
 * on `request.tenantAccess`; the objects they look up are then checked against it (404).
 */
export function createRouteDefiner(app: FastifyInstance, audit: AuditLog) {
  return function defineApiRoute(
    name: ApiRouteName,
    handler: ApiHandler,
    options: Pick<RouteShorthandOptions, 'bodyLimit' | 'config'> = {},
  ): void {
    const route = API_ROUTES[name];
    app.route({
      method: route.method,
      url: route.path,
      ...options,
      preHandler: async (request) => {
        request.tenantAccess = await guard(name, request, audit);
      },
      handler,
    });
  };
}

export async function guard(
  name: ApiRouteName,
  request: FastifyRequest,
  audit: AuditLog,
): Promise<TenantAccess | null> {
  const route = API_ROUTES[name];
  if (route.access === 'public') return null;
  const viewer = request.viewer;
  if (!viewer) throw new WebError('ERR_WEB_UNAUTHENTICATED', 'sign in first');
  if (!SAFE_METHODS.has(request.method)) assertCsrfToken(request, viewer);
  if (route.access === 'signed_in') return null;
  const roles: readonly Role[] = route.access;
  if (roles.includes(viewer.role)) {
    if (!COMPANY_ROLES.has(viewer.role)) return null;
    if (!viewer.tenantId) throw new WebError('ERR_WEB_FORBIDDEN', 'this account has no company');
    return { tenantId: viewer.tenantId, scope: scopeOf(viewer), breakGlass: null };
  }
  if (viewer.role === 'operator' && 'breakGlass' in route && route.breakGlass) {
    const grant = viewer.session.breakGlass;
    if (!grant) {
      throw new WebError(
        'ERR_WEB_BREAK_GLASS_REQUIRED',
        "operator staff read a company's records only with a recorded reason (POST /api/operator/break-glass)",
      );
    }
    await audit({
      tenantId: grant.tenantId,
      action: 'break_glass.read',
      actor: { id: viewer.userId, email: viewer.email, role: viewer.role },
      detail: { route: name, grant: grant.id },
    });
    return { tenantId: grant.tenantId, scope: { kind: 'company' }, breakGlass: grant };
  }
  throw new WebError('ERR_WEB_FORBIDDEN', 'your role may not use this');
}

/** Synchronizer token: the session's CSRF token, sent back in a header a form cannot set. */
export function assertCsrfToken(request: FastifyRequest, viewer: Viewer): void {
  const sent = request.headers['x-csrf-token'];
  const expected = Buffer.from(viewer.session.csrfToken);
  if (
    typeof sent !== 'string' ||
    sent.length !== expected.length ||
    !timingSafeEqual(Buffer.from(sent), expected)
  ) {
    throw new WebError('ERR_WEB_CSRF', 'a state change needs the x-csrf-token header of this session');
  }
}

/** The tenant a guarded route reads; a route that has none asked for one by mistake. */
export function tenantOf(request: FastifyRequest): TenantAccess {
  const access = request.tenantAccess;
  if (!access) throw new WebError('ERR_WEB_FORBIDDEN', 'this route reads no company');
  return access;
}

export function viewerOf(request: FastifyRequest): Viewer {
  if (!request.viewer) throw new WebError('ERR_WEB_UNAUTHENTICATED', 'sign in first');
  return request.viewer;
}
