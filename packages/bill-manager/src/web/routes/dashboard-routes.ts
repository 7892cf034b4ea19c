import { publishedRuns } from '../../data/read/published-runs.js';
import { withTenant } from '../../data/with-tenant.js';
import type { DashboardResponse } from '../api-contract.js';
import { tenantOf } from '../http/define-api-route.js';
import { scopeMsisdns } from '../queries/scope-lines.js';
import { biggestLinesScoped, spendScoped } from '../queries/scoped-spend.js';
import type { WebServices } from '../web-services.js';

/** `GET /api/dashboard`: three months by month and by type, the biggest lines, the change. */
export function registerDashboardRoutes(web: WebServices): void {
  web.defineApiRoute('dashboard', async (request): Promise<DashboardResponse> => {
    const access = tenantOf(request);
    return withTenant(web.database.db, access.tenantId, async (tx) => {
      const runs = await publishedRuns(tx, { months: 3 });
      const msisdns = await scopeMsisdns(tx, access.scope);
      const latest = runs[0]?.period;
      const { months, byType } = await spendScoped(tx, runs, msisdns);
      const [biggest] = [
        await biggestLinesScoped(
          tx,
          runs.filter((run) => run.period === latest),
          msisdns,
          10,
        ),
      ];
      const [current, previous] = months;
      return {
        currency: runs[0]?.currency ?? 'GBP',
        months,
        byType,
        biggestLines: biggest.map((line) => ({
          id: web.ids.encode('line', access.tenantId, line.lineId),
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
                    : Math.round(
                        ((current.chargeMinor - previous.chargeMinor) / previous.chargeMinor) * 1000,
                      ) / 10,
              }
            : null,
      };
    });
  });
}
