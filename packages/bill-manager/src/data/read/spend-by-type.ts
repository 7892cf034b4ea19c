import { sql } from 'kysely';
import type { RecordType } from '../schema.js';
import type { TenantScope } from '../with-tenant.js';
import { importIds, publishedRuns } from './published-runs.js';

export interface TypeSpend {
  readonly period: string;
  readonly recordType: RecordType;
  /** For calls and messages: mobile, landline, …; empty for data and third-party charges. */
  readonly destinationClass: string;
  readonly records: number;
  readonly durationS: number;
  readonly volumeBytes: number;
  readonly chargeMinor: number;
}

/** Spend by record type and destination class, per month, over the last bill runs. */
export async function spendByType(
  scope: TenantScope,
  options: { months?: number; period?: string } = {},
): Promise<TypeSpend[]> {
  const runs = await publishedRuns(scope, options);
  if (runs.length === 0) return [];
  const result = await sql<Record<string, unknown>>`
    select b.period, s.record_type, s.destination_class, sum(s.records)::bigint as records,
      sum(s.duration_s)::bigint as duration, sum(s.volume_bytes)::bigint as bytes, sum(s.charge_minor)::bigint as charge
    from line_summaries s join bill_runs b on b.id = s.bill_run_id
    where s.tenant_id = ${scope.tenantId} and s.bill_run_id = any(${runs.map((run) => run.id)}::uuid[])
      and s.import_id = any(${importIds(runs)}::bigint[])
    group by 1, 2, 3 order by 1 desc, 7 desc`.execute(scope);
  return result.rows.map((row) => ({
    period: String(row.period),
    recordType: row.record_type as RecordType,
    destinationClass: String(row.destination_class),
    records: Number(row.records),
    durationS: Number(row.duration),
    volumeBytes: Number(row.bytes),
    chargeMinor: Number(row.charge),
  }));
}
