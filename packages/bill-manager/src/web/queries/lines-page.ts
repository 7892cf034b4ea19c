import { sql } from 'kysely';
import type { PublishedRun } from '../../data/read/published-runs.js';
import type { TenantScope } from '../../data/with-tenant.js';
import type { LINE_SORT_KEYS } from '../api-contract.js';
import type { ViewerScope } from '../auth/viewer.js';

export interface LinePageRow {
  readonly id: string;
  readonly msisdn: string;
  readonly userName: string | null;
  readonly status: string;
  readonly costCentreId: string | null;
  readonly costCentreName: string | null;
  readonly chargeMinor: number;
  readonly voiceSeconds: number;
  readonly messages: number;
  readonly dataBytes: number;
}

export interface LinesPageQuery {
  readonly search?: string | undefined;
  readonly sort: (typeof LINE_SORT_KEYS)[number];
  readonly order: 'asc' | 'desc';
  readonly page: number;
  readonly pageSize: number;
}

// Sort keys map to fixed SQL: nothing from the request reaches the statement as text.
const SORT_SQL = {
  charge: sql`charge`,
  msisdn: sql`l.msisdn`,
  userName: sql`l.user_name`,
  costCentre: sql`cc.name`,
  voice: sql`seconds`,
  messages: sql`messages`,
  data: sql`bytes`,
} as const;

/** One page of the lines in scope with their totals over `runs`, searched and sorted. */
export async function linesPage(
  tx: TenantScope,
  scope: ViewerScope,
  runs: readonly PublishedRun[],
  query: LinesPageQuery,
): Promise<{ total: number; rows: LinePageRow[] }> {
  const subtree =
    scope.kind === 'cost_centre'
      ? sql`with recursive subtree (id) as (
          select id from cost_centres where tenant_id = ${tx.tenantId} and id = ${scope.costCentreId}
          union all
          select c.id from cost_centres c join subtree s on c.parent_id = s.id where c.tenant_id = ${tx.tenantId}
        )`
      : sql``;
  const scopeFilter =
    scope.kind === 'company'
      ? sql``
      : scope.kind === 'line'
        ? sql`and l.id = ${scope.lineId}`
        : sql`and l.cost_centre_id in (select id from subtree)`;
  const term = query.search?.trim();
  const digits = term?.replace(/[^0-9]/g, '');
  const searchFilter = term
    ? sql`and (l.user_name ilike ${`%${escapeLike(term)}%`} ${
        digits ? sql`or l.msisdn like ${`%${digits.replace(/^0/, '')}%`}` : sql``
      } or cc.name ilike ${`%${escapeLike(term)}%`})`
    : sql``;
  const direction = query.order === 'asc' ? sql`asc` : sql`desc`;
  const result = await sql<Record<string, unknown>>`
    ${subtree}
    select l.id, l.msisdn, l.user_name, l.status, l.cost_centre_id, cc.name as cost_centre_name,
      coalesce(t.charge, 0)::bigint as charge, coalesce(t.seconds, 0)::bigint as seconds,
      coalesce(t.messages, 0)::bigint as messages, coalesce(t.bytes, 0)::bigint as bytes,
      count(*) over ()::int as total
    from lines l
    left join cost_centres cc on cc.id = l.cost_centre_id
    left join (
      select s.msisdn, sum(s.charge_minor) as charge,
        sum(case when s.record_type = 'voice' then s.duration_s else 0 end) as seconds,
        sum(case when s.record_type in ('sms', 'mms') then s.records else 0 end) as messages,
        sum(s.volume_bytes) as bytes
      from line_summaries s
      where s.tenant_id = ${tx.tenantId} and s.bill_run_id = any(${runs.map((run) => run.id)}::uuid[])
      group by s.msisdn
    ) t on t.msisdn = l.msisdn
    where l.tenant_id = ${tx.tenantId} ${scopeFilter} ${searchFilter}
    order by ${SORT_SQL[query.sort]} ${direction} nulls last, l.msisdn
    limit ${query.pageSize} offset ${(query.page - 1) * query.pageSize}`.execute(tx);
  const total = Number(result.rows[0]?.total ?? 0);
  return {
    total,
    rows: result.rows.map((row) => ({
      id: String(row.id),
      msisdn: String(row.msisdn),
      userName: (row.user_name as string | null) ?? null,
      status: String(row.status),
      costCentreId: (row.cost_centre_id as string | null) ?? null,
      costCentreName: (row.cost_centre_name as string | null) ?? null,
      chargeMinor: Number(row.charge),
      voiceSeconds: Number(row.seconds),
      messages: Number(row.messages),
      dataBytes: Number(row.bytes),
    })),
  };
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}
