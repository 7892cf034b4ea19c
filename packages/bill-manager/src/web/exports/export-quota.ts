import { sql } from 'kysely';
import type { TenantScope } from '../../data/with-tenant.js';
import type { EXPORT_KINDS } from '../api-contract.js';
import type { Viewer } from '../auth/viewer.js';
import { WebError } from '../web-error.js';
import { webTables } from '../web-schema.js';

export type ExportKind = (typeof EXPORT_KINDS)[number];

export interface ExportLimits {
  readonly exportsPerHour: number;
  readonly exportsPerCompanyPerDay: number;
}

/**
 * Bulk exports are throttled and recorded, so no script can walk the data: at most
 * `exportsPerHour` per user and `exportsPerCompanyPerDay` per company. Checked and recorded in
 * the export's own tenant transaction, one export per user at a time (an advisory lock).
 */
export async function assertExportAllowed(
  tx: TenantScope,
  viewer: Viewer,
  limits: ExportLimits,
): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`export:${viewer.userId}`}))`.execute(tx);
  const web = webTables(tx);
  const counts = await web
    .selectFrom('export_records')
    .select((eb) => [
      eb.fn.countAll<number>().as('day'),
      eb.fn
        .count<number>('id')
        .filterWhere('user_id', '=', viewer.userId)
        .filterWhere('created_at', '>', sql<Date>`now() - interval '1 hour'`)
        .as('hour'),
    ])
    .where('tenant_id', '=', tx.tenantId)
    .where('created_at', '>', sql<Date>`now() - interval '1 day'`)
    .executeTakeFirst();
  if (Number(counts?.hour ?? 0) >= limits.exportsPerHour) {
    throw new WebError('ERR_WEB_EXPORT_THROTTLED', `at most ${limits.exportsPerHour} exports an hour`, {
      retryAfterS: 3600,
    });
  }
  if (Number(counts?.day ?? 0) >= limits.exportsPerCompanyPerDay) {
    throw new WebError('ERR_WEB_EXPORT_THROTTLED', 'your company has used its exports for today', {
      retryAfterS: 86_400,
    });
  }
}

export async function recordExport(
  tx: TenantScope,
  viewer: Viewer,
  kind: ExportKind,
  period: string | null,
  rows: number,
): Promise<void> {
  await webTables(tx)
    .insertInto('export_records')
    .values({ tenant_id: tx.tenantId, user_id: viewer.userId, user_email: viewer.email, kind, period, rows })
    .execute();
}

/** What the user may still export this hour. */
export async function exportsRemaining(
  tx: TenantScope,
  viewer: Viewer,
  limits: ExportLimits,
): Promise<number> {
  const row = await webTables(tx)
    .selectFrom('export_records')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tx.tenantId)
    .where('user_id', '=', viewer.userId)
    .where('created_at', '>', sql<Date>`now() - interval '1 hour'`)
    .executeTakeFirst();
  return Math.max(0, limits.exportsPerHour - Number(row?.n ?? 0));
}
