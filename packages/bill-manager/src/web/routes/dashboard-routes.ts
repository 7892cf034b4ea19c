import type { PublishedRun } from '../../data/read/published-runs.js';
import { type TenantScope, withTenant } from '../../data/with-tenant.js';
import type { DashboardResponse } from '../api-contract.js';
import type { ViewerScope } from '../auth/viewer.js';
import { tenantOf } from '../http/define-api-route.js';
import { dashboardRuns } from '../queries/dashboard-runs.js';
import { publicationVersion } from '../queries/publication-version.js';
import { scopeMsisdns } from '../queries/scope-lines.js';
import { biggestLinesScoped, spendScoped } from '../queries/scoped-spend.js';
import type { WebServices } from '../web-services.js';

const MONTHS = 3;

/**
 * `GET /api/dashboard`: three months by month and by type, the biggest lines, the change.
 * First one statement (no transaction): the publication version. With the company and the
 * scope it names the answer, which the dashboard cache may hold. Otherwise the answer is made
 * in a tenant transaction, under the version that transaction sees, and kept.
 */
export function registerDashboardRoutes(web: WebServices): void {
  web.defineApiRoute('dashboard', async (request, reply) => {
    const access = tenantOf(request);
    const keyOf = (version: string) => `${access.tenantId}|${scopeKey(access.scope)}|${version}`;
    const held = web.dashboardCache.held(keyOf(await publicationVersion(web.db)));
    const json =
      (await held) ??
      (await withTenant(web.database.db, access.tenantId, async (tx) => {
        const { version, runs } = await dashboardRuns(tx, MONTHS);
        return web.dashboardCache.answer(keyOf(version), version, async () =>
          JSON.stringify(await dashboard(web, tx, access.tenantId, access.scope, runs)),
        );
      }));
    return reply.type('application/json; charset=utf-8').send(json);
  });
}

function scopeKey(scope: ViewerScope): string {
  if (scope.kind === 'cost_centre') return `cost_centre:${scope.costCentreId}`;
  if (scope.kind === 'line') return `line:${scope.lineId}`;
  return 'company';
}

async function dashboard(
  web: WebServices,
  tx: TenantScope,
  tenantId: string,
  scope: ViewerScope,
  runs: readonly PublishedRun[],
): Promise<DashboardResponse> {
  const msisdns = await scopeMsisdns(tx, scope);
  const latest = runs[0]?.period;
  const { months, byType } = await spendScoped(tx, runs, msisdns);
  const biggest = await biggestLinesScoped(
    tx,
    runs.filter((run) => run.period === latest),
    msisdns,
    10,
  );
  const [current, previous] = months;
  return {
    currency: runs[0]?.currency ?? 'GBP',
    months,
    byType,
    biggestLines: biggest.map((line) => ({
      id: web.ids.encode('line', tenantId, line.lineId),
      msisdn: line.msisdn,
      userName: line.userName,
      chargeMinor: line.chargeMinor,
    })),
    change:
      current && previous
        ? {
            period: current.period,
            previousPeriod: previous.period,
            chargeMinor: current.chargeMinor,
            previousChargeMinor: previous.chargeMinor,
            percent:
              previous.chargeMinor === 0
                ? null
                : Math.round(((current.chargeMinor - previous.chargeMinor) / previous.chargeMinor) * 1000) /
                  10,
          }
        : null,
  };
}
