import { type Kysely, sql, type Transaction } from 'kysely';
import type { BillDatabase, BillSession } from '../create-bill-database.js';
import type { BillSchema } from '../schema.js';
import type { InvoiceRow, LineRow } from './read-bill-run-files.js';
import type { RowError } from './row-context.js';
import type { RunSummaries } from './run-summaries.js';
import type { StagedRun } from './stage-bill-run.js';

/**
 * Indexes the loaded staging partition, stores the per-line and per-called-number summaries
 * added up during the load, and checks every invoice against its records — and the partition's
 * row count against what was sent. Returns the invoices that do not add up.
 *
 * The two indexes are built at once on two pooled connections, and the two summaries copied at
 * once on the session and a second one (on PGlite, which has one connection, they take turns):
 * each is one sort or one stream of foreign-key checks that uses one core, and the summaries'
 * per-row foreign-key checks cost as much as the index builds.
 */
export async function checkStagedRun(
  session: BillSession,
  database: BillDatabase,
  staged: StagedRun,
  invoices: readonly InvoiceRow[],
  summaries: RunSummaries,
  recordsSent: number,
): Promise<RowError[]> {
  const table = staged.stagingTable;
  const index = (columns: string) =>
    database.db.transaction().execute(async (trx) => {
      await sql`set local role linekeeper_owner`.execute(trx);
      await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
      // Built once after the load (much faster than maintained row by row); ATTACH adopts them.
      await sql.raw(`create index on ${table} (${columns})`).execute(trx);
    });
  await Promise.all([
    index('tenant_id, bill_run_id, started_at, id'),
    index('tenant_id, bill_run_id, msisdn, started_at, id'),
    session.copyFrom('line_summaries', LINE_SUMMARY_COLUMNS, rows(summaries.lineRows())),
    database.withSession((other) =>
      other.copyFrom('called_number_summaries', CALLED_SUMMARY_COLUMNS, rows(summaries.calledRows())),
    ),
  ]);
  const loaded = await session.db.transaction().execute(async (trx) => {
    await sql`set local role linekeeper_owner`.execute(trx);
    // Statistics for the columns the reading queries filter on, from a small sample: a full
    // ANALYZE of every column cost as much as one of the index builds.
    await sql`set local default_statistics_target = 10`.execute(trx);
    await sql.raw(`analyze ${table} (tenant_id, bill_run_id, msisdn, record_type, started_at)`).execute(trx);
    const count = await sql<{ n: number }>`select count(*)::bigint as n from ${sql.table(table)}`.execute(
      trx,
    );
    return Number(count.rows[0]?.n);
  });
  const problems: RowError[] = [];
  if (loaded !== recordsSent) {
    problems.push({
      file: 'records.csv',
      line: 0,
      field: '(file)',
      message: `${recordsSent} records sent but ${loaded} stored`,
    });
  }
  const totals = summaries.totals();
  for (const invoice of invoices) {
    const run = staged.accounts.get(invoice.accountNumber);
    if (!run) continue;
    const sum = totals.get(run.billRunId) ?? { charge: 0, vat: 0, records: 0 };
    const check = (field: string, expected: number, actual: number) => {
      if (actual !== expected) {
        problems.push({
          file: 'bill-run.csv',
          line: invoice.line,
          field,
          message: `is ${expected} but the records add up to ${actual}`,
        });
      }
    };
    check('total_charge_minor', invoice.totalChargeMinor, sum.charge);
    check('total_vat_minor', invoice.totalVatMinor, sum.vat);
    check('record_count', invoice.recordCount, sum.records);
  }
  return problems;
}

const LINE_SUMMARY_COLUMNS = [
  'tenant_id',
  'bill_run_id',
  'msisdn',
  'record_type',
  'destination_class',
  'records',
  'duration_s',
  'volume_bytes',
  'charge_minor',
  'vat_minor',
];
const CALLED_SUMMARY_COLUMNS = [
  'tenant_id',
  'bill_run_id',
  'called_number',
  'calls',
  'duration_s',
  'charge_minor',
];

/** Joins generated rows into COPY chunks of about 256 KiB. */
async function* rows(lines: Iterable<string>): AsyncGenerator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 256 * 1024) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * Makes the run visible, in one transaction: attach the partition, bring lines and cost
 * centres up to date, retire the previous invoice of each account and period, publish the new.
 * A reader sees the old bills or the new, never a mix; a crash before commit changes nothing.
 */
export async function publishStagedRun(
  db: Kysely<BillSchema>,
  staged: StagedRun,
  lines: readonly LineRow[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local role linekeeper_owner`.execute(trx);
    await sql
      .raw(
        `alter table itemised_records attach partition ${staged.stagingTable} for values in (${staged.importId})`,
      )
      .execute(trx);
    const kept = lines.filter((line) => staged.accounts.has(line.accountNumber));
    const costCentres = await ensureCostCentres(trx, staged, kept);
    const account = (line: LineRow) => staged.accounts.get(line.accountNumber);
    await sql`insert into lines (tenant_id, account_id, msisdn, user_name, cost_centre_id, status)
      select * from unnest(
        ${kept.map((line) => account(line)?.tenantId)}::uuid[],
        ${kept.map((line) => account(line)?.accountId)}::uuid[],
        ${kept.map((line) => line.msisdn)}::text[],
        ${kept.map((line) => line.userName ?? null)}::text[],
        ${kept.map((line) => costCentres.get(pathKey(account(line)?.tenantId, line.costCentrePath)) ?? null)}::uuid[],
        ${kept.map((line) => line.status)}::text[])
      on conflict (msisdn) do update set tenant_id = excluded.tenant_id, account_id = excluded.account_id,
        user_name = excluded.user_name, cost_centre_id = excluded.cost_centre_id, status = excluded.status`.execute(
      trx,
    );
    const accountIds = [...staged.accounts.values()].map((run) => run.accountId);
    // A line of these accounts that the upload no longer lists has gone.
    await sql`update lines l set status = 'ceased'
      where l.account_id = any(${accountIds}::uuid[]) and l.status <> 'ceased'
        and not exists (select 1 from unnest(${kept.map((line) => line.msisdn)}::text[]) as m(msisdn) where m.msisdn = l.msisdn)`.execute(
      trx,
    );
    await sql`update bill_runs old set status = 'superseded'
      from bill_runs new
      where new.import_id = ${staged.importId} and old.status = 'published'
        and old.account_id = new.account_id and old.period = new.period`.execute(trx);
    await trx
      .updateTable('bill_runs')
      .set({ status: 'published', published_at: new Date() })
      .where('import_id', '=', staged.importId)
      .execute();
    await trx
      .updateTable('imports')
      .set({ status: 'published', finished_at: new Date() })
      .where('id', '=', staged.importId)
      .execute();
  });
}

function pathKey(tenantId: string | undefined, path: readonly string[]): string {
  return `${tenantId}/${path.join('/')}`;
}

/** Creates the cost-centre tree the lines name, one level at a time; returns path → id. */
async function ensureCostCentres(
  trx: Transaction<BillSchema>,
  staged: StagedRun,
  lines: readonly LineRow[],
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const paths = new Map<string, { tenantId: string; path: readonly string[] }>();
  for (const line of lines) {
    const tenantId = staged.accounts.get(line.accountNumber)?.tenantId;
    if (!tenantId) continue;
    for (let depth = 1; depth <= line.costCentrePath.length; depth += 1) {
      const path = line.costCentrePath.slice(0, depth);
      paths.set(pathKey(tenantId, path), { tenantId, path });
    }
  }
  const tenants = [...new Set([...paths.values()].map((entry) => entry.tenantId))];
  for (let depth = 1; depth <= 8; depth += 1) {
    const level = [...paths.values()].filter((entry) => entry.path.length === depth);
    if (level.length === 0) break;
    const parent = (entry: { tenantId: string; path: readonly string[] }) =>
      depth === 1 ? null : (ids.get(pathKey(entry.tenantId, entry.path.slice(0, -1))) ?? null);
    await sql`insert into cost_centres (tenant_id, parent_id, parent_depth, depth, name)
      select t, p, case when p is null then null else ${depth - 1}::int2 end, ${depth}::int2, n
      from unnest(${level.map((entry) => entry.tenantId)}::uuid[], ${level.map(parent)}::uuid[],
        ${level.map((entry) => entry.path[depth - 1] ?? '')}::text[]) as x(t, p, n)
      on conflict (tenant_id, parent_id, name) do nothing`.execute(trx);
    const rows = await trx
      .selectFrom('cost_centres')
      .select(['id', 'tenant_id', 'parent_id', 'name'])
      .where('depth', '=', depth)
      .where('tenant_id', 'in', tenants)
      .execute();
    const byParent = new Map(
      rows.map((row) => [`${row.tenant_id}|${row.parent_id ?? ''}|${row.name}`, row.id]),
    );
    for (const entry of level) {
      const id = byParent.get(`${entry.tenantId}|${parent(entry) ?? ''}|${entry.path[depth - 1]}`);
      if (id) ids.set(pathKey(entry.tenantId, entry.path), id);
    }
  }
  return ids;
}
