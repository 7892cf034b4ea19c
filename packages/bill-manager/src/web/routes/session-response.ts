import type { SessionResponse } from '../api-contract.js';
import type { Viewer } from '../auth/viewer.js';
import { OPERATOR_BINDING } from '../id-codec.js';
import type { WebServices } from '../web-services.js';

/** The session as the UI sees it: ids made opaque for the viewer's own tenant. */
export function sessionResponse(web: WebServices, viewer: Viewer): SessionResponse {
  const binding = viewer.tenantId ?? OPERATOR_BINDING;
  const grant = viewer.session.breakGlass;
  let scope: SessionResponse['scope'];
  if (viewer.role === 'operator') scope = { kind: 'none' };
  else if (viewer.role === 'cost_centre_manager' && viewer.costCentreId) {
    scope = {
      kind: 'cost_centre',
      costCentreId: web.ids.encode('cost_centre', binding, viewer.costCentreId),
      costCentreName: viewer.costCentreName ?? '',
    };
  } else if (viewer.role === 'line_user' && viewer.lineId) {
    scope = {
      kind: 'line',
      lineId: web.ids.encode('line', binding, viewer.lineId),
      msisdn: viewer.lineMsisdn ?? '',
    };
  } else scope = { kind: 'company' };
  return {
    user: {
      id: web.ids.encode('user', binding, viewer.userId),
      email: viewer.email,
      displayName: viewer.displayName,
      role: viewer.role,
      totpEnabled: viewer.totpEnabled,
    },
    company:
      viewer.tenantId && viewer.companyName
        ? { id: web.ids.encode('company', binding, viewer.tenantId), name: viewer.companyName }
        : null,
    scope,
    csrfToken: viewer.session.csrfToken,
    expiresAt: viewer.session.expiresAt.toISOString(),
    breakGlass: grant
      ? {
          id: web.ids.encode('break_glass', OPERATOR_BINDING, grant.id),
          companyId: web.ids.encode('company', OPERATOR_BINDING, grant.tenantId),
          companyName: grant.companyName,
          reason: grant.reason,
          startedAt: grant.startedAt.toISOString(),
          expiresAt: grant.expiresAt.toISOString(),
        }
      : null,
    demo: web.config.demo,
  };
}
