import { sql } from 'kysely';
import type { RecordType } from '../schema.js';
import { assertTenantScope, type TenantScope } from '../with-tenant.js';

export interface UnbilledUsage {
  /** Usage from this time on is on no published bill yet. */
  readonly since: Date | undefined;
  readonly byType: readonly {
    readonly recordType: RecordType;
    readonly records: number;
    readonly durationS: number;
    readonly volumeBytes: number;
    readonly chargeMinor: number;
  }[];
}

export interface UnbilledUsageInput {
  readonly msisdn: string;
  readonly recordType: RecordType;
  readonly occurredAt: Date;
  readonly description?: string;
  readonly durationS?: number;
  readonly volumeBytes?: number;
  readonly chargeMinor: number;
  readonly vatMinor: number;
  readonly currency: string;
}

/** Usage recorded since the end of the tenant's latest published bill period, by type. */
export async function unbilledUsage(scope: TenantScope): Promise<UnbilledUsage> {
  assertTenantScope(scope);
  const latest = await scope
    .selectFrom('bill_runs')
    .select((eb) => eb.fn.max('period').as('period'))
    .where('tenant_id', '=', scope.tenantId)
    .where('status', '=', 'published')
    .executeTakeFirst();
  const since = latest?.period ? periodEnd(latest.period) : undefined;
  const result = await sql<Record<string, unknown>>`
    select record_type, count(*)::bigint as records, coalesce(sum(duration_s), 0)::bigint as duration,
      coalesce(sum(volume_bytes), 0)::bigint as bytes, sum(charge_minor)::bigint as charge
    from unbilled_usage
    where tenant_id = ${scope.tenantId} and occurred_at >= ${since ?? new Date(0)}
    group by record_type order by charge desc`.execute(scope);
  return {
    since,
    byType: result.rows.map((row) => ({
      recordType: row.record_type as RecordType,
      records: Number(row.records),
      durationS: Number(row.duration),
      volumeBytes: Number(row.bytes),
      chargeMinor: Number(row.charge),
    })),
  };
}

/** Records usage not yet on a bill (rated usage, carrier-billing purchases) for the tenant. */
export async function recordUnbilledUsage(
  scope: TenantScope,
  usage: readonly UnbilledUsageInput[],
): Promise<void> {
  assertTenantScope(scope);
  if (usage.length === 0) return;
  await scope
    .insertInto('unbilled_usage')
    .values(
      usage.map((item) => ({
        tenant_id: scope.tenantId,
        msisdn: item.msisdn,
        record_type: item.recordType,
        occurred_at: item.occurredAt,
        description: item.description ?? null,
        duration_s: item.durationS ?? null,
        volume_bytes: item.volumeBytes ?? null,
        charge_minor: item.chargeMinor,
        vat_minor: item.vatMinor,
        currency: item.currency,
      })),
    )
    .execute();
}

function periodEnd(period: string): Date {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 1));
}
