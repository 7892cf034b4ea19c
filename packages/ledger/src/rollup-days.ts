import { type Kysely, sql } from 'kysely';
import { assertSchemaName, ensurePartition, monthOf } from './ledger-schema.js';
import type { LedgerTables } from './ledger-tables.js';

const DAY = 86_400_000;

export interface RolledUpDay {
  readonly day: string;
  readonly sourceRows: number;
  readonly rollupRows: number;
}

/**
 * Summarises each completed UTC day once into `disclosure_daily`: one row per destination,
 * partner, purpose, fields and subscriber, with the count and first/last time. Header
 * enrichment discloses on every request a subscriber makes to a partner host, so a day's
 * summary is many times smaller than its rows, and the exposure report reads the summary for
 * whole days inside its window (exactly: distinct subscribers survive summarising).
 *
 * A day is summarised only `graceMs` after it ends; a batch written later with rows for it
 * makes the report read that day's raw rows instead (see `exposureReport`).
 */
export async function rollupDays(options: {
  db: Kysely<LedgerTables>;
  schema: string;
  now: number;
  graceMs?: number;
}): Promise<RolledUpDay[]> {
  const { db, schema } = options;
  assertSchemaName(schema);
  const t = (name: string) => sql.table(`${schema}.${name}`);
  const cutoff = options.now - (options.graceMs ?? 3_600_000);
  const candidates = await sql<{ day: string }>`
    select distinct to_char(d, 'YYYY-MM-DD') as day
    from ${t('disclosure_batch')} b,
      generate_series(date_trunc('day', b.first_at at time zone 'UTC'), date_trunc('day', b.last_at at time zone 'UTC'), interval '1 day') as d
    where b.first_at < ${new Date(cutoff).toISOString()}::timestamptz
      and not exists (select 1 from ${t('daily_rollup')} r where r.day = d::date)
    order by 1`.execute(db);
  const done: RolledUpDay[] = [];
  for (const { day } of candidates.rows) {
    const start = Date.parse(`${day}T00:00:00Z`);
    if (start + DAY > cutoff) continue;
    await ensurePartition(db, schema, monthOf(start));
    const from = new Date(start).toISOString();
    const to = new Date(start + DAY).toISOString();
    const result = await db.transaction().execute(async (trx) => {
      const inserted = await sql`insert into ${t('disclosure_daily')}
          (day, host, scheme, port, path, partner_id, purpose, fields, msisdn, disclosures, first_at, last_at)
        select ${day}::date, host, scheme, port, path, partner_id, purpose, fields, msisdn, count(*), min(at), max(at)
        from ${t('disclosure')} where at >= ${from}::timestamptz and at < ${to}::timestamptz
        group by host, scheme, port, path, partner_id, purpose, fields, msisdn`.execute(trx);
      const rollupRows = Number(inserted.numAffectedRows ?? 0);
      const source = await sql<{ n: string | number }>`select count(*) as n from ${t('disclosure')}
        where at >= ${from}::timestamptz and at < ${to}::timestamptz`.execute(trx);
      const sourceRows = Number(source.rows[0]?.n ?? 0);
      await trx
        .withSchema(schema)
        .insertInto('daily_rollup')
        .values({ day, source_rows: sourceRows, rollup_rows: rollupRows })
        .execute();
      return { day, sourceRows, rollupRows };
    });
    done.push(result);
  }
  return done;
}
