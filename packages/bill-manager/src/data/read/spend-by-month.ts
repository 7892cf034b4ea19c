import { sql } from 'kysely';
import type { TenantScope } from '../with-tenant.js';
import { importIds, publishedRuns } from './published-runs.js';

export interface MonthSpend {
  readonly period: string;
  readonly currency: string;
  readonly chargeMinor: number;
  readonly vatMinor: number;
  readonly voiceMinutes: number;
  readonly messages: number;
  readonly dataBytes: number;
}

/** Spend and usage per month over the tenant's last bill runs (three by default), newest first. */
export async function spendByMonth(
  scope: TenantScope,
  options: { months?: number } = {},
): Promise<MonthSpend[]> {
  const runs = await publishedRuns(scope, { months: options.months ?? 3 });
  if (runs.length === 0) return [];
  const result = await sql<Record<string, unknown>>`
    select b.period, b.currency, sum(s.charge_minor)::bigint as charge, sum(s.vat_minor)::bigint as vat,
      sum(case when s.record_type = 'voice' then s.duration_s else 0 end)::bigint as seconds,
      sum(case when s.record_type in ('sms', 'mms') then s.records else 0 end)::bigint as messages,
      sum(s.volume_bytes)::bigint as bytes
    from line_summaries s join bill_runs b on b.id = s.bill_run_id
    where s.tenant_id = ${scope.tenantId} and s.bill_run_id = any(${runs.map((run) => run.id)}::uuid[])
      and s.import_id = any(${importIds(runs)}::bigint[])
    group by b.period, b.currency order by b.period desc`.execute(scope);
  return result.rows.map((row) => ({
    period: String(row.period),
    currency: String(row.currency),
    chargeMinor: Number(row.charge),
    vatMinor: Number(row.vat),
    voiceMinutes: Math.round((Number(row.seconds) / 60) * 10) / 10,
    messages: Number(row.messages),
    dataBytes: Number(row.bytes),
  }));
}
