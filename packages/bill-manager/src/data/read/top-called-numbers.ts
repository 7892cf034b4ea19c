import { sql } from 'kysely';
import type { TenantScope } from '../with-tenant.js';
import { importIds, publishedRuns } from './published-runs.js';

export interface CalledNumberTotal {
  readonly calledNumber: string;
  readonly calls: number;
  readonly durationS: number;
  readonly chargeMinor: number;
}

/** The numbers the company called most (by calls) over its last bill runs (three by default). */
export async function topCalledNumbers(
  scope: TenantScope,
  options: { limit?: number; months?: number; period?: string } = {},
): Promise<CalledNumberTotal[]> {
  const runs = await publishedRuns(scope, options);
  if (runs.length === 0) return [];
  const limit = Math.min(Math.max(Math.trunc(options.limit ?? 10), 1), 100);
  const result = await sql<Record<string, unknown>>`
    select called_number, sum(calls)::bigint as calls, sum(duration_s)::bigint as duration,
      sum(charge_minor)::bigint as charge
    from called_number_summaries
    where tenant_id = ${scope.tenantId} and bill_run_id = any(${runs.map((run) => run.id)}::uuid[])
      and import_id = any(${importIds(runs)}::bigint[])
    group by called_number order by calls desc, duration desc, called_number limit ${limit}`.execute(scope);
  return result.rows.map((row) => ({
    calledNumber: String(row.called_number),
    calls: Number(row.calls),
    durationS: Number(row.duration),
    chargeMinor: Number(row.charge),
  }));
}
