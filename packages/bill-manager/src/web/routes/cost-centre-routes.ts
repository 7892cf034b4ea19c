import { costCentreRollup } from '../../data/read/cost-centre-rollup.js';
import { publishedRuns } from '../../data/read/published-runs.js';
import { type TenantScope, withTenant } from '../../data/with-tenant.js';
import { type CostCentresResponse, periodQuerySchema } from '../api-contract.js';
import type { ViewerScope } from '../auth/viewer.js';
import { tenantOf } from '../http/define-api-route.js';
import { parseInput } from '../http/parse-input.js';
import { availablePeriods } from '../queries/available-periods.js';
import { costCentreSubtree } from '../queries/scope-lines.js';
import type { WebServices } from '../web-services.js';

export interface CostCentreRow {
  readonly id: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly depth: number;
  readonly chargeMinor: number;
  readonly lines: number;
}

/** The roll-up for a period, cut to the viewer's subtree (a manager sees their branch only). */
export async function scopedRollup(
  tx: TenantScope,
  scope: ViewerScope,
  period: string | undefined,
): Promise<{ period: string | null; periods: string[]; currency: string; rows: CostCentreRow[] }> {
  const periods = await availablePeriods(tx);
  const chosen = period ?? periods[0];
  if (!chosen) return { period: null, periods, currency: 'GBP', rows: [] };
  const runs = await publishedRuns(tx, { period: chosen });
  let rows = await costCentreRollup(tx, { period: chosen });
  if (scope.kind !== 'company') {
    const allowed =
      scope.kind === 'cost_centre' ? await costCentreSubtree(tx, scope.costCentreId) : new Set<string>();
    rows = rows.filter((row) => allowed.has(row.id));
  }
  return { period: chosen, periods, currency: runs[0]?.currency ?? 'GBP', rows: depthFirst(rows) };
}

function depthFirst(rows: readonly CostCentreRow[]): CostCentreRow[] {
  const ids = new Set(rows.map((row) => row.id));
  const children = new Map<string | null, CostCentreRow[]>();
  for (const row of rows) {
    // A manager's own centre is a root of what they see, even though it has a parent.
    const parent = row.parentId && ids.has(row.parentId) ? row.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), row]);
  }
  const out: CostCentreRow[] = [];
  const visit = (parent: string | null) => {
    for (const row of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      out.push(row);
      visit(row.id);
    }
  };
  visit(null);
  return out;
}

/** `GET /api/cost-centres`. */
export function registerCostCentreRoutes(web: WebServices): void {
  web.defineApiRoute('costCentres', async (request): Promise<CostCentresResponse> => {
    const access = tenantOf(request);
    const query = parseInput(periodQuerySchema, request.query);
    const rollup = await withTenant(web.database.db, access.tenantId, (tx) =>
      scopedRollup(tx, access.scope, query.period),
    );
    const visible = new Set(rollup.rows.map((row) => row.id));
    return {
      period: rollup.period,
      periods: rollup.periods,
      currency: rollup.currency,
      costCentres: rollup.rows.map((row) => ({
        id: web.ids.encode('cost_centre', access.tenantId, row.id),
        parentId:
          row.parentId && visible.has(row.parentId)
            ? web.ids.encode('cost_centre', access.tenantId, row.parentId)
            : null,
        name: row.name,
        depth: row.depth,
        chargeMinor: row.chargeMinor,
        lines: row.lines,
      })),
    };
  });
}
