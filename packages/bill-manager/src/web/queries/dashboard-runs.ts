import { sql } from 'kysely';
import type { PublishedRun } from '../../data/read/published-runs.js';
import { assertTenantScope, type TenantScope } from '../../data/with-tenant.js';

export interface DashboardRuns {
  /** Changes whenever any bill run is published (`bill_publication_version()`, migration 22). */
  readonly version: string;
  /** The tenant's published runs of its latest `months` periods, newest first. */
  readonly runs: PublishedRun[];
}

/**
 * What a dashboard answer is made from, in one statement: the published runs it reads and the
 * publication version its transaction sees (under which the dashboard cache keeps the answer).
 */
export async function dashboardRuns(scope: TenantScope, months: number): Promise<DashboardRuns> {
  assertTenantScope(scope);
  const result = await sql<Record<string, unknown>>`
    select v.version, b.id, b.import_id, b.period, b.account_id, b.currency,
      b.total_charge_minor, b.total_vat_minor
    from (select bill_publication_version() as version) v
    left join bill_runs b on b.tenant_id = ${scope.tenantId} and b.status = 'published'
      and b.period in (
        select distinct period from bill_runs
        where tenant_id = ${scope.tenantId} and status = 'published'
        order by period desc limit ${months})
    order by b.period desc, b.id`.execute(scope);
  const version = String(result.rows[0]?.version ?? '');
  const runs = result.rows
    .filter((row) => row.id !== null)
    .map((row) => ({
      id: String(row.id),
      importId: Number(row.import_id),
      period: String(row.period),
      accountId: String(row.account_id),
      currency: String(row.currency),
      totalChargeMinor: Number(row.total_charge_minor),
      totalVatMinor: Number(row.total_vat_minor),
    }));
  return { version, runs };
}
