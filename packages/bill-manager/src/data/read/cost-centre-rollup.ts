import { sql } from 'kysely';
import type { TenantScope } from '../with-tenant.js';
import { importIds, publishedRuns } from './published-runs.js';

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
      select l.cost_centre_id, l.msisdn, coalesce(s.charge, 0)::bigint as charge
      from lines l
      left join (
        -- Each line's spend, added up first: one pass over the company's summaries of the period.
        select msisdn, sum(charge_minor) as charge from line_summaries
        where tenant_id = ${scope.tenantId} and bill_run_id = any(${runIds}::uuid[])
          and import_id = any(${importIds(runs)}::bigint[])
        group by msisdn
      ) s on s.msisdn = l.msisdn
      where l.tenant_id = ${scope.tenantId} and l.cost_centre_id is not null
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
