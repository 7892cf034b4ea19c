import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { LedgerTables } from './ledger-tables.js';

const DAY = 86_400_000;

export interface WindowSource {
  /** `(select host, scheme, port, path, partner_id, purpose, fields, msisdn, n, first_at, last_at …)` */
  readonly rows: RawBuilder<unknown>;
  /** UTC days read from `disclosure_daily` instead of raw rows. */
  readonly summarisedDays: readonly string[];
}

/**
 * The window's disclosures as (destination, partner, purpose, fields, msisdn, n, first, last):
 * whole UTC days inside the window from their daily summary, unless a batch with rows for that
 * day was written after (or just before) the summary; everything else from the raw rows, each
 * with n = 1. Both parts are bounded by time, so only the window's partitions are read.
 */
export async function windowSource(
  db: Kysely<LedgerTables>,
  schema: string,
  from: Date,
  to: Date,
  host: string | undefined,
  useSummaries = true,
  /** A batch written this long before a day's summary may still have missed it (in flight). */
  inFlightMs = 600_000,
): Promise<WindowSource> {
  const t = (name: string) => sql.table(`${schema}.${name}`);
  const firstDay = Math.ceil(from.getTime() / DAY) * DAY;
  const lastDayEnd = Math.floor(to.getTime() / DAY) * DAY;
  let days: string[] = [];
  if (useSummaries && firstDay < lastDayEnd) {
    const result = await sql<{ day: string }>`
      select to_char(r.day, 'YYYY-MM-DD') as day from ${t('daily_rollup')} r
      where r.day >= ${new Date(firstDay).toISOString().slice(0, 10)}::date
        and r.day < ${new Date(lastDayEnd).toISOString().slice(0, 10)}::date
        and not exists (
          select 1 from ${t('disclosure_batch')} b
          where b.last_at >= r.day::timestamp at time zone 'UTC'
            and b.first_at < (r.day + 1)::timestamp at time zone 'UTC'
            and b.written_at > r.built_at - ${inFlightMs / 1000} * interval '1 second')
      order by 1`.execute(db);
    days = result.rows.map((r) => r.day);
  }
  const hostFilter = host === undefined ? sql`` : sql` and host = ${host}`;
  // Raw intervals: the window minus the summarised days, merged.
  const intervals: Array<[number, number]> = [];
  let cursor = from.getTime();
  for (const day of days) {
    const start = Date.parse(`${day}T00:00:00Z`);
    if (start > cursor) intervals.push([cursor, start]);
    cursor = start + DAY;
  }
  if (cursor < to.getTime()) intervals.push([cursor, to.getTime()]);
  const rawParts = intervals.map(
    ([
      a,
      b,
    ]) => sql`select host, scheme, port, path, partner_id, purpose, fields, msisdn, 1::bigint as n, at as first_at, at as last_at
      from ${t('disclosure')}
      where at >= ${new Date(a).toISOString()}::timestamptz and at < ${new Date(b).toISOString()}::timestamptz${hostFilter}`,
  );
  const parts = [...rawParts];
  if (days.length > 0) {
    parts.push(sql`select host, scheme, port, path, partner_id, purpose, fields, msisdn, disclosures::bigint as n, first_at, last_at
      from ${t('disclosure_daily')}
      where day >= ${days[0]}::date and day <= ${days.at(-1)}::date and day = any(${days}::date[])${hostFilter}`);
  }
  if (parts.length === 0) {
    parts.push(sql`select host, scheme, port, path, partner_id, purpose, fields, msisdn, 1::bigint as n, at as first_at, at as last_at
      from ${t('disclosure')} where false`);
  }
  return { rows: sql`(${sql.join(parts, sql` union all `)})`, summarisedDays: days };
}
