import { sql } from 'kysely';
import type { BillDatabase, BillSession } from '../create-bill-database.js';
import { IMPORT_PARTITIONS, indexPartitionTable, loadSummaryTable } from './import-partitions.js';
import type { InvoiceRow } from './read-bill-run-files.js';
import type { RowError } from './row-context.js';
import { CALLED_SUMMARY_COLUMNS, LINE_SUMMARY_COLUMNS, type RunSummaries } from './run-summaries.js';
import type { StagedRun } from './stage-bill-run.js';

/**
 * Indexes the loaded records, stores the per-line and per-called-number summaries added up
 * during the load in tables of their own, and checks every invoice against its records — and
 * the rows the server stored against those sent. Returns the invoices that do not add up.
 *
 * On PostgreSQL the two record indexes are built at once on two pooled connections while the
 * session stores the summaries: each is one sort or one stream that uses one core. On PGlite,
 * which has one connection, they take turns.
 */
export async function checkStagedRun(
  session: BillSession,
  database: BillDatabase,
  staged: StagedRun,
  invoices: readonly InvoiceRow[],
  summaries: RunSummaries,
  records: { readonly sent: number; readonly stored: number },
): Promise<RowError[]> {
  const { importId } = staged;
  const storeSummaries = async () => {
    await loadSummaryTable(
      database,
      session,
      'line_summaries',
      importId,
      LINE_SUMMARY_COLUMNS,
      summaries.lineTuples(),
    );
    await loadSummaryTable(
      database,
      session,
      'called_number_summaries',
      importId,
      CALLED_SUMMARY_COLUMNS,
      summaries.calledTuples(),
    );
    await session.db.transaction().execute(async (trx) => {
      await sql`set local role linekeeper_owner`.execute(trx);
      // Statistics for the columns the reading queries filter on, from a small sample: a full
      // ANALYZE of every column cost as much as one of the index builds. It waits for the
      // index builds (their lock excludes it), which is why it comes last.
      await sql`set local default_statistics_target = 10`.execute(trx);
      await sql
        .raw(`analyze ${staged.stagingTable} (tenant_id, bill_run_id, msisdn, record_type, started_at)`)
        .execute(trx);
    });
  };
  await Promise.all([
    ...IMPORT_PARTITIONS.itemised_records.map((columns) =>
      indexPartitionTable(database, 'itemised_records', importId, columns),
    ),
    storeSummaries(),
  ]);

  const problems: RowError[] = [];
  // The server's own count of the rows its COPY stored.
  if (records.stored !== records.sent) {
    problems.push({
      file: 'records.csv',
      line: 0,
      field: '(file)',
      message: `${records.sent} records sent but ${records.stored} stored`,
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
