import { sql } from 'kysely';
import type { TenantScope } from '../../data/with-tenant.js';
import type { ViewerScope } from '../auth/viewer.js';

export interface ScopedLine {
  readonly id: string;
  readonly msisdn: string;
  readonly userName: string | null;
  readonly costCentreId: string | null;
  readonly costCentreName: string | null;
  readonly status: string;
}

/**
 * The lines a scope may see, within the tenant RLS already allows: every line for the whole
 * company (undefined: no filter needed), a cost centre's subtree, or one line.
 */
export async function scopeMsisdns(tx: TenantScope, scope: ViewerScope): Promise<string[] | undefined> {
  if (scope.kind === 'company') return undefined;
  return (await linesInScope(tx, scope)).map((line) => line.msisdn);
}

export async function linesInScope(
  tx: TenantScope,
  scope: ViewerScope,
  options: { lineId?: string } = {},
): Promise<ScopedLine[]> {
  const filter =
    scope.kind === 'company'
      ? sql``
      : scope.kind === 'line'
        ? sql`and l.id = ${scope.lineId}`
        : sql`and l.cost_centre_id in (select id from subtree)`;
  const subtree =
    scope.kind === 'cost_centre'
      ? sql`with recursive subtree (id) as (
          select id from cost_centres where tenant_id = ${tx.tenantId} and id = ${scope.costCentreId}
          union all
          select c.id from cost_centres c join subtree s on c.parent_id = s.id
          where c.tenant_id = ${tx.tenantId}
        )`
      : sql``;
  const one = options.lineId ? sql`and l.id = ${options.lineId}` : sql``;
  const result = await sql<Record<string, unknown>>`
    ${subtree}
    select l.id, l.msisdn, l.user_name, l.cost_centre_id, cc.name as cost_centre_name, l.status
    from lines l left join cost_centres cc on cc.id = l.cost_centre_id
    where l.tenant_id = ${tx.tenantId} ${filter} ${one}
    order by l.msisdn`.execute(tx);
  return result.rows.map((row) => ({
    id: String(row.id),
    msisdn: String(row.msisdn),
    userName: (row.user_name as string | null) ?? null,
    costCentreId: (row.cost_centre_id as string | null) ?? null,
    costCentreName: (row.cost_centre_name as string | null) ?? null,
    status: String(row.status),
  }));
}

/** One line, if the scope may see it; undefined otherwise (the caller answers 404). */
export async function lineInScope(
  tx: TenantScope,
  scope: ViewerScope,
  lineId: string,
): Promise<ScopedLine | undefined> {
  return (await linesInScope(tx, scope, { lineId }))[0];
}

/** Cost-centre ids in a subtree (the root included). */
export async function costCentreSubtree(tx: TenantScope, rootId: string): Promise<Set<string>> {
  const result = await sql<{ id: string }>`
    with recursive subtree (id) as (
      select id from cost_centres where tenant_id = ${tx.tenantId} and id = ${rootId}
      union all
      select c.id from cost_centres c join subtree s on c.parent_id = s.id where c.tenant_id = ${tx.tenantId}
    ) select id from subtree`.execute(tx);
  return new Set(result.rows.map((row) => String(row.id)));
}
