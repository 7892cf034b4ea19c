import { sql } from 'kysely';
import type { TenantScope } from '../with-tenant.js';
import { publishedRuns } from './published-runs.js';

export interface CostCentreTotal {
  readonly id: string;
  readonly parentId: string | null;
  readonly name: string;
  readonly depth: number;
  /** This cost centre's lines and every cost centre below it. */
  readonly chargeMinor: number;
  readonly lines: number;
}

/** Spend per cost centre for one period (default: the latest), rolled up the hierarchy. */
export async function costCentreRollup(
  scope: TenantScope,
  options: { period?: string } = {},
): Promise<CostCentreTotal[]> {
  const runs = await publishedRuns(scope, { months: 1, period: options.period });
  const runIds = runs.map((run) => run.id);
  // Each cost centre is paired with itself and every ancestor; a line's spend then counts once
  // at every level above it.
  const result = await sql<Record<string, unknown>>`
    with recursive ancestry (id, ancestor_id) as (
      select id, id from cost_centres where tenant_id = ${scope.tenantId}
      union all
      select a.id, c.parent_id from ancestry a join cost_centres c on c.id = a.ancestor_id
      where c.parent_id is not null
    ),
    line_spend as (
      select l.cost_centre_id, l.msisdn, coalesce(sum(s.charge_minor), 0)::bigint as charge
      from lines l
      left join line_summaries s on s.tenant_id = l.tenant_id and s.msisdn = l.msisdn
        and s.bill_run_id = any(${runIds}::uuid[])
      where l.tenant_id = ${scope.tenantId} and l.cost_centre_id is not null
      group by l.cost_centre_id, l.msisdn
    )
    select c.id, c.parent_id, c.name, c.depth, coalesce(sum(ls.charge), 0)::bigint as charge,
      count(ls.msisdn)::int as lines
    from cost_centres c
    left join ancestry a on a.ancestor_id = c.id
    left join line_spend ls on ls.cost_centre_id = a.id
    where c.tenant_id = ${scope.tenantId}
    group by c.id, c.parent_id, c.name, c.depth
    order by c.depth, c.name`.execute(scope);
  return result.rows.map((row) => ({
    id: String(row.id),
    parentId: (row.parent_id as string | null) ?? null,
    name: String(row.name),
    depth: Number(row.depth),
    chargeMinor: Number(row.charge),
    lines: Number(row.lines),
  }));
}
