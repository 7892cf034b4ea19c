import { type Kysely, sql } from 'kysely';
import { assertSchemaName } from './ledger-schema.js';
import type { LedgerTables } from './ledger-tables.js';

/**
 * Implements the policy package's `HostReachSource` (structurally: parts do not import each
 * other): average distinct subscribers a day per host over the last `days` days, for
 * `policy diff`'s blast radius. `*.domain` counts the domain's subdomains.
 */
export function createLedgerHostReach(options: {
  db: Kysely<LedgerTables>;
  schema: string;
  clock?: () => number;
}) {
  const { db, schema } = options;
  assertSchemaName(schema);
  const clock = options.clock ?? Date.now;
  return {
    async distinctSubscribersPerDay(hosts: string[], days: number): Promise<Map<string, number>> {
      const to = new Date(clock());
      const from = new Date(to.getTime() - days * 86_400_000);
      const patterns = hosts.map((h) =>
        h.startsWith('*.') ? `%.${h.slice(2).toLowerCase()}` : h.toLowerCase(),
      );
      const result = await sql<{ pattern: string; subscriber_days: string | number }>`
        select p.pattern, count(distinct (d.msisdn, date_trunc('day', d.at at time zone 'UTC'))) as subscriber_days
        from unnest(${patterns}::text[]) as p(pattern)
        join ${sql.table(`${schema}.disclosure`)} d
          on (case when p.pattern like '\\%.%' then d.host like p.pattern else d.host = p.pattern end)
        where d.at >= ${from.toISOString()}::timestamptz and d.at < ${to.toISOString()}::timestamptz
        group by p.pattern`.execute(db);
      const byPattern = new Map(result.rows.map((r) => [r.pattern, Number(r.subscriber_days) / days]));
      return new Map(hosts.map((h, i) => [h, byPattern.get(patterns[i] as string) ?? 0]));
    },
  };
}
