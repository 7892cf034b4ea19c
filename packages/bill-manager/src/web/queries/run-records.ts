import type { ItemisedRecord } from '../../data/read/itemised-records.js';
import type { TenantScope } from '../../data/with-tenant.js';

/**
 * Every itemised record of one bill run (one invoice), in time order, a page at a time by
 * keyset on (started_at, id), optionally for some lines only.
 */
export async function* runRecords(
  tx: TenantScope,
  run: { id: string; importId: number },
  msisdns?: readonly string[],
): AsyncGenerator<ItemisedRecord[]> {
  let last: { startedAt: Date; id: number } | undefined;
  for (;;) {
    let query = tx
      .selectFrom('itemised_records')
      .selectAll()
      .where('tenant_id', '=', tx.tenantId)
      .where('bill_run_id', '=', run.id)
      .where('import_id', '=', run.importId);
    if (msisdns) {
      if (msisdns.length === 0) return;
      query = query.where('msisdn', 'in', [...msisdns]);
    }
    if (last) {
      const cursor = last;
      query = query.where((eb) =>
        eb.or([
          eb('started_at', '>', cursor.startedAt),
          eb.and([eb('started_at', '=', cursor.startedAt), eb('id', '>', cursor.id)]),
        ]),
      );
    }
    const rows = await query.orderBy('started_at').orderBy('id').limit(1000).execute();
    if (rows.length === 0) return;
    yield rows.map((row) => ({
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
    }));
    const tail = rows.at(-1);
    if (!tail || rows.length < 1000) return;
    last = { startedAt: tail.started_at, id: Number(tail.id) };
  }
}
