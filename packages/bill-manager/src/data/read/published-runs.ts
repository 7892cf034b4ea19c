import { assertTenantScope, type TenantScope } from '../with-tenant.js';

export interface PublishedRun {
  readonly id: string;
  readonly importId: number;
  readonly period: string;
  readonly accountId: string;
  readonly currency: string;
  readonly totalChargeMinor: number;
  readonly totalVatMinor: number;
}

/**
 * The tenant's published bill runs for the latest `months` periods (or for one period). Every
 * reading query starts here, so a run still in staging or superseded is never read.
 */
export async function publishedRuns(
  scope: TenantScope,
  options: { months?: number; period?: string | undefined } = {},
): Promise<PublishedRun[]> {
  assertTenantScope(scope);
  let periods: string[];
  if (options.period) {
    periods = [options.period];
  } else {
    const rows = await scope
      .selectFrom('bill_runs')
      .select('period')
      .distinct()
      .where('tenant_id', '=', scope.tenantId)
      .where('status', '=', 'published')
      .orderBy('period', 'desc')
      .limit(options.months ?? 3)
      .execute();
    periods = rows.map((row) => row.period);
  }
  if (periods.length === 0) return [];
  const runs = await scope
    .selectFrom('bill_runs')
    .select(['id', 'import_id', 'period', 'account_id', 'currency', 'total_charge_minor', 'total_vat_minor'])
    .where('tenant_id', '=', scope.tenantId)
    .where('status', '=', 'published')
    .where('period', 'in', periods)
    .orderBy('period', 'desc')
    .execute();
  return runs.map((run) => ({
    id: run.id,
    importId: Number(run.import_id),
    period: run.period,
    accountId: run.account_id,
    currency: run.currency,
    totalChargeMinor: Number(run.total_charge_minor),
    totalVatMinor: Number(run.total_vat_minor),
  }));
}

/**
 * The imports that loaded `runs`: summaries and records are partitioned by import, and naming
 * them lets the planner skip every other import's partition.
 */
export function importIds(runs: readonly PublishedRun[]): number[] {
  return [...new Set(runs.map((run) => run.importId))];
}
