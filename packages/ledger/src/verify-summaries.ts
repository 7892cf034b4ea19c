import { type Kysely, sql } from 'kysely';
import type { LedgerTables } from './ledger-tables.js';
import type { VerifyProblem } from './verify-ledger.js';

/**
 * The daily summaries are derived, not chained: recompute each summarised day from its raw rows
 * and compare both ways (EXCEPT ALL), so an edited summary cannot skew the exposure report
 * unnoticed. Days whose raw rows retention has dropped are skipped. Returns days checked.
 */
export async function verifySummaries(
  db: Kysely<LedgerTables>,
  schema: string,
  retired: readonly { readonly from: Date; readonly to: Date }[],
  problems: VerifyProblem[],
): Promise<number> {
  const t = (name: string) => sql.table(`${schema}.${name}`);
  const days = await sql<{ day: string; source_rows: string | number; rollup_rows: string | number }>`
    select to_char(day, 'YYYY-MM-DD') as day, source_rows, rollup_rows from ${t('daily_rollup')} order by day`.execute(
    db,
  );
  let checked = 0;
  for (const { day, source_rows, rollup_rows } of days.rows) {
    const start = Date.parse(`${day}T00:00:00Z`);
    if (retired.some((r) => r.from.getTime() <= start && start < r.to.getTime())) continue;
    const from = new Date(start).toISOString();
    const to = new Date(start + 86_400_000).toISOString();
    const raw = sql`select host, scheme, port, path, partner_id, purpose, fields, msisdn, count(*)::int as n, min(at) as f, max(at) as l
      from ${t('disclosure')} where at >= ${from}::timestamptz and at < ${to}::timestamptz
      group by host, scheme, port, path, partner_id, purpose, fields, msisdn`;
    const summary = sql`select host, scheme, port, path, partner_id, purpose, fields, msisdn, disclosures, first_at, last_at
      from ${t('disclosure_daily')} where day = ${day}::date`;
    const diff = await sql<{
      missing: string | number;
      extra: string | number;
      total: string | number;
      rows: string | number;
    }>`
      select (select count(*) from (${raw} except all ${summary}) a) as missing,
             (select count(*) from (${summary} except all ${raw}) b) as extra,
             (select coalesce(sum(disclosures), 0) from ${t('disclosure_daily')} where day = ${day}::date) as total,
             (select count(*) from ${t('disclosure_daily')} where day = ${day}::date) as rows`.execute(db);
    const r = diff.rows[0];
    checked += 1;
    if (!r) continue;
    const mismatched = Number(r.missing) + Number(r.extra);
    if (mismatched > 0 || Number(r.total) !== Number(source_rows) || Number(r.rows) !== Number(rollup_rows)) {
      problems.push({
        kind: 'summary-mismatch',
        detail: `daily summary of ${day} differs from its disclosures (${mismatched} rows differ; ${r.total} of ${source_rows} disclosures summarised)`,
      });
    }
  }
  return checked;
}
