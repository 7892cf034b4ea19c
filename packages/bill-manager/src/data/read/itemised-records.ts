import { billError } from '../../errors.js';
import type { DestinationClass, RecordType } from '../schema.js';
import type { TenantScope } from '../with-tenant.js';
import { publishedRuns } from './published-runs.js';

export interface ItemisedRecordFilter {
  /** `YYYY-MM`; default the latest published period. */
  readonly period?: string;
  readonly msisdn?: string;
  readonly recordType?: RecordType;
  readonly destinationClass?: DestinationClass;
  /** Only records at or after / before these times. */
  readonly from?: Date;
  readonly to?: Date;
  /** The `nextCursor` of the previous page. */
  readonly after?: string;
  /** Page size, 1–500 (default 100). */
  readonly limit?: number;
}

export interface ItemisedRecord {
  readonly id: number;
  readonly msisdn: string;
  readonly recordType: RecordType;
  readonly startedAt: Date;
  readonly calledNumber: string | null;
  readonly destinationClass: DestinationClass | null;
  readonly country: string | null;
  readonly durationS: number | null;
  readonly volumeBytes: number | null;
  readonly description: string | null;
  readonly chargeMinor: number;
  readonly vatMinor: number;
}

export interface ItemisedPage {
  readonly records: readonly ItemisedRecord[];
  /** Pass as `after` for the next page; undefined on the last. */
  readonly nextCursor: string | undefined;
}

/**
 * One page of itemised records in time order, with keyset pagination on (started_at, id): a
 * page costs the same wherever it is, and a run published between pages cannot shift rows.
 */
export async function listItemisedRecords(
  scope: TenantScope,
  filter: ItemisedRecordFilter = {},
): Promise<ItemisedPage> {
  const runs = await publishedRuns(scope, { months: 1, period: filter.period });
  if (runs.length === 0) return { records: [], nextCursor: undefined };
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 500);
  let query = scope
    .selectFrom('itemised_records')
    .selectAll()
    .where('tenant_id', '=', scope.tenantId)
    .where(
      'bill_run_id',
      'in',
      runs.map((run) => run.id),
    )
    // Naming the partitions lets the planner skip every other import's.
    .where(
      'import_id',
      'in',
      runs.map((run) => run.importId),
    );
  if (filter.msisdn) query = query.where('msisdn', '=', filter.msisdn);
  if (filter.recordType) query = query.where('record_type', '=', filter.recordType);
  if (filter.destinationClass) query = query.where('destination_class', '=', filter.destinationClass);
  if (filter.from) query = query.where('started_at', '>=', filter.from);
  if (filter.to) query = query.where('started_at', '<', filter.to);
  if (filter.after) {
    const cursor = decodeCursor(filter.after);
    query = query.where((eb) =>
      eb.or([
        eb('started_at', '>', cursor.startedAt),
        eb.and([eb('started_at', '=', cursor.startedAt), eb('id', '>', cursor.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('started_at')
    .orderBy('id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map(
    (row): ItemisedRecord => ({
      id: Number(row.id),
      msisdn: row.msisdn,
      recordType: row.record_type,
      startedAt: row.started_at,
      calledNumber: row.called_number,
      destinationClass: row.destination_class,
      country: row.country,
      durationS: row.duration_s === null ? null : Number(row.duration_s),
      volumeBytes: row.volume_bytes === null ? null : Number(row.volume_bytes),
      description: row.description,
      chargeMinor: Number(row.charge_minor),
      vatMinor: Number(row.vat_minor),
    }),
  );
  const last = page.at(-1);
  return {
    records: page,
    nextCursor: rows.length > limit && last ? encodeCursor(last.startedAt, last.id) : undefined,
  };
}

function encodeCursor(startedAt: Date, id: number): string {
  return Buffer.from(`${startedAt.toISOString()}|${id}`).toString('base64url');
}

function decodeCursor(cursor: string): { startedAt: Date; id: number } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const startedAt = new Date(time ?? '');
  if (Number.isNaN(startedAt.getTime()) || !/^\d{1,18}$/.test(id ?? '')) {
    throw billError('ERR_BILL_CURSOR_INVALID', 'the page cursor is not one this service issued', {
      where: 'after',
    });
  }
  return { startedAt, id: Number(id) };
}
