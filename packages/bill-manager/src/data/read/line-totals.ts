import { sql } from 'kysely';
import type { TenantScope } from '../with-tenant.js';
import { importIds, publishedRuns } from './published-runs.js';

export interface LineTotal {
  readonly msisdn: string;
  readonly userName: string | null;
  readonly costCentreId: string | null;
  readonly status: string | null;
  readonly chargeMinor: number;
  readonly voiceSeconds: number;
  readonly messages: number;
  readonly dataBytes: number;
}

/** Each line's totals for one period (default: the latest), most expensive first. */
export async function lineTotals(
  scope: TenantScope,
  options: { period?: string } = {},
): Promise<LineTotal[]> {
  const runs = await publishedRuns(scope, { months: 1, period: options.period });
  if (runs.length === 0) return [];
  const result = await sql<Record<string, unknown>>`
    select s.msisdn, l.user_name, l.cost_centre_id, l.status, sum(s.charge_minor)::bigint as charge,
      sum(case when s.record_type = 'voice' then s.duration_s else 0 end)::bigint as seconds,
      sum(case when s.record_type in ('sms', 'mms') then s.records else 0 end)::bigint as messages,
      sum(s.volume_bytes)::bigint as bytes
    from line_summaries s
    left join lines l on l.tenant_id = s.tenant_id and l.msisdn = s.msisdn
    where s.tenant_id = ${scope.tenantId} and s.bill_run_id = any(${runs.map((run) => run.id)}::uuid[])
      and s.import_id = any(${importIds(runs)}::bigint[])
    group by s.msisdn, l.user_name, l.cost_centre_id, l.status
    order by charge desc, s.msisdn`.execute(scope);
  return result.rows.map((row) => ({
    msisdn: String(row.msisdn),
    userName: (row.user_name as string | null) ?? null,
    costCentreId: (row.cost_centre_id as string | null) ?? null,
    status: (row.status as string | null) ?? null,
    chargeMinor: Number(row.charge),
    voiceSeconds: Number(row.seconds),
    messages: Number(row.messages),
    dataBytes: Number(row.bytes),
  }));
}
