import { sql } from 'kysely';
import type { PublishedRun } from '../../data/read/published-runs.js';
import type { TenantScope } from '../../data/with-tenant.js';

export interface LineCalledNumber {
  readonly calledNumber: string;
  readonly calls: number;
  readonly durationS: number;
  readonly chargeMinor: number;
}

/**
 * The numbers one line called most over `runs` (the company-wide summary cannot say which line
 * called what): from its itemised calls, by the (tenant, bill run, msisdn) index.
 */
export async function lineTopNumbers(
  tx: TenantScope,
  runs: readonly PublishedRun[],
  msisdn: string,
  limit: number,
): Promise<LineCalledNumber[]> {
  if (runs.length === 0) return [];
  const result = await sql<Record<string, unknown>>`
    select called_number, count(*)::bigint as calls, coalesce(sum(duration_s), 0)::bigint as duration,
      sum(charge_minor)::bigint as charge
    from itemised_records
    where tenant_id = ${tx.tenantId} and bill_run_id = any(${runs.map((run) => run.id)}::uuid[])
      and import_id = any(${runs.map((run) => run.importId)}::bigint[])
      and msisdn = ${msisdn} and record_type = 'voice' and called_number is not null
    group by called_number order by calls desc, duration desc, called_number limit ${limit}`.execute(tx);
  return result.rows.map((row) => ({
    calledNumber: String(row.called_number),
    calls: Number(row.calls),
    durationS: Number(row.duration),
    chargeMinor: Number(row.charge),
  }));
}
