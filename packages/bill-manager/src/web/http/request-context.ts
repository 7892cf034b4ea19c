import type { ActiveBreakGlass, Viewer, ViewerScope } from '../auth/viewer.js';

/** What a guarded request may read: one tenant, within one scope. */
export interface TenantAccess {
  readonly tenantId: string;
  readonly scope: ViewerScope;
  /** Operator staff reading under a recorded reason: read-only, audited. */
  readonly breakGlass: ActiveBreakGlass | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user (resolved from the session cookie on `/api`), or null. */
    viewer: Viewer | null;
    /** Set by the route guard on routes that read a company's data. */
    tenantAccess: TenantAccess | null;
  }
}

/** The scope a user's role gives: the company, their cost-centre subtree, or their line. */
export function scopeOf(viewer: Viewer): ViewerScope {
  if (viewer.role === 'cost_centre_manager' && viewer.costCentreId) {
    return { kind: 'cost_centre', costCentreId: viewer.costCentreId };
  }
  if (viewer.role === 'line_user' && viewer.lineId) return { kind: 'line', lineId: viewer.lineId };
  return { kind: 'company' };
}
