import { type Kysely, sql, type Transaction } from 'kysely';
import { billError } from '../errors.js';
import type { BillSchema } from './schema.js';

declare const tenantScope: unique symbol;

/**
 * A transaction narrowed to one tenant: running as `linekeeper_app` (no BYPASSRLS, not the
 * owner) with `app.tenant_id` set for this transaction only. Tenant query functions take this
 * type and nothing else, so a query cannot be written against a raw handle by mistake; the
 * only way to get one is `withTenant`.
 */
export type TenantScope = Transaction<BillSchema> & {
  readonly [tenantScope]: true;
  readonly tenantId: string;
};

// Scopes this module made; a look-alike object (or a cast raw handle) is refused at run time too.
const issued = new WeakSet<object>();

/** Throws unless `scope` came from `withTenant` and its transaction is still the one running. */
export function assertTenantScope(scope: TenantScope): void {
  if (!issued.has(scope as object)) {
    throw billError('ERR_BILL_NO_TENANT', 'tenant queries run only inside withTenant', { where: 'scope' });
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Runs `work` in a transaction scoped to `tenantId`. The role and the setting are both
 * transaction-local (`set local`, `set_config(…, true)`), so nothing outlives the transaction
 * on a pooled connection; row-level security in the database does the filtering.
 */
export async function withTenant<T>(
  db: Kysely<BillSchema>,
  tenantId: string,
  work: (scope: TenantScope) => Promise<T>,
): Promise<T> {
  if (!UUID.test(tenantId)) {
    throw billError('ERR_BILL_NO_TENANT', 'a tenant query needs a tenant id (a UUID)', { where: 'tenantId' });
  }
  // Repeatable read: every query of one page sees the same published bill runs.
  return db
    .transaction()
    .setIsolationLevel('repeatable read')
    .execute(async (trx) => {
      await sql`set local role linekeeper_app`.execute(trx);
      await sql`select set_config('app.tenant_id', ${tenantId}, true)`.execute(trx);
      const scope = Object.assign(trx, { tenantId: tenantId.toLowerCase() }) as TenantScope;
      issued.add(scope);
      try {
        return await work(scope);
      } finally {
        issued.delete(scope);
      }
    });
}
