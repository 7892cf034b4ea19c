import type { TenantScope } from '../../data/with-tenant.js';

/** The tenant's published periods, newest first (up to `limit`). */
export async function availablePeriods(tx: TenantScope, limit = 12): Promise<string[]> {
  const rows = await tx
    .selectFrom('bill_runs')
    .select('period')
    .distinct()
    .where('tenant_id', '=', tx.tenantId)
    .where('status', '=', 'published')
    .orderBy('period', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => row.period);
}
