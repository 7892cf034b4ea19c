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
    select u.called_number, sum(u.calls)::bigint as calls, sum(u.duration_s)::bigint as duration,
      sum(u.charge_minor)::bigint as charge
    from called_number_summaries s
      cross join lateral unnest(s.called_numbers, s.calls, s.duration_s, s.charge_minor)
        as u (called_number, calls, duration_s, charge_minor)
    where s.tenant_id = ${scope.tenantId} and s.bill_run_id = any(${runs.map((run) => run.id)}::uuid[])
      and s.import_id = any(${importIds(runs)}::bigint[])
    group by u.called_number order by calls desc, duration desc, u.called_number limit ${limit}`.execute(
    scope,
  );
  return result.rows.map((row) => ({
    calledNumber: String(row.called_number),
    calls: Number(row.calls),
    durationS: Number(row.duration),
    chargeMinor: Number(row.charge),
  }));
}
