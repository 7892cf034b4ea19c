import { stringify } from 'csv-stringify/sync';
import { sql } from 'kysely';
import type { PublishedRun } from '../../data/read/published-runs.js';
import { type TenantScope, withTenant } from '../../data/with-tenant.js';
import type { BillRunsResponse } from '../api-contract.js';
import { renderBillSummaryPdf } from '../exports/bill-summary-pdf.js';
import { assertExportAllowed, recordExport } from '../exports/export-quota.js';
import { tenantOf, viewerOf } from '../http/define-api-route.js';
import { runRecords } from '../queries/run-records.js';
import { biggestLinesScoped, spendByTypeScoped } from '../queries/scoped-spend.js';
import { notFound } from '../web-error.js';
import type { WebServices } from '../web-services.js';
import { ITEMISED_CSV_COLUMNS, itemisedCsvRow } from './itemised-csv.js';

interface RunRow {
  id: string;
  importId: number;
  period: string;
  accountNumber: string;
  accountName: string;
  currency: string;
  totalChargeMinor: number;
  totalVatMinor: number;
  recordCount: number;
  publishedAt: Date | null;
}

async function publishedBillRuns(tx: TenantScope, id?: string): Promise<RunRow[]> {
  let query = tx
    .selectFrom('bill_runs as b')
    .innerJoin('billing_accounts as a', 'a.id', 'b.account_id')
    .select([
      'b.id',
      'b.import_id',
      'b.period',
      'a.account_number',
      'a.name',
      'b.currency',
      'b.total_charge_minor',
      'b.total_vat_minor',
      'b.record_count',
      'b.published_at',
    ])
    .where('b.tenant_id', '=', tx.tenantId)
    .where('b.status', '=', 'published');
  if (id) query = query.where('b.id', '=', id);
  const rows = await query.orderBy('b.period', 'desc').orderBy('a.account_number').execute();
  return rows.map((row) => ({
    id: row.id,
    importId: Number(row.import_id),
    period: row.period,
    accountNumber: row.account_number,
    accountName: row.name,
    currency: row.currency,
    totalChargeMinor: Number(row.total_charge_minor),
    totalVatMinor: Number(row.total_vat_minor),
    recordCount: Number(row.record_count),
    publishedAt: row.published_at,
  }));
}

/** Bill runs (invoices) and their downloads: a PDF summary and the itemised CSV. */
export function registerBillRunRoutes(web: WebServices): void {
  const { defineApiRoute, ids, config } = web;

  defineApiRoute('billRuns', async (request): Promise<BillRunsResponse> => {
    const access = tenantOf(request);
    const runs = await withTenant(web.database.db, access.tenantId, (tx) => publishedBillRuns(tx));
    return {
      billRuns: runs.map((run) => {
        const id = ids.encode('bill_run', access.tenantId, run.id);
        return {
          id,
          period: run.period,
          accountNumber: run.accountNumber,
          accountName: run.accountName,
          currency: run.currency,
          totalChargeMinor: run.totalChargeMinor,
          totalVatMinor: run.totalVatMinor,
          recordCount: run.recordCount,
          publishedAt: run.publishedAt ? new Date(run.publishedAt).toISOString() : null,
          downloads: {
            summaryPdf: `/api/bill-runs/${id}/summary.pdf`,
            recordsCsv: `/api/bill-runs/${id}/records.csv`,
          },
        };
      }),
    };
  });

  /** The run named by `:billRunId` in the viewer's tenant (404 otherwise), inside one transaction. */
  const withRun = <T>(
    request: import('fastify').FastifyRequest,
    work: (tx: TenantScope, run: RunRow) => Promise<T>,
  ): Promise<T> => {
    const access = tenantOf(request);
    const runId = ids.decode(
      'bill_run',
      access.tenantId,
      (request.params as { billRunId: string }).billRunId,
    );
    if (!runId) throw notFound();
    return withTenant(web.database.db, access.tenantId, async (tx) => {
      const [run] = await publishedBillRuns(tx, runId);
      if (!run) throw notFound();
      return work(tx, run);
    });
  };

  defineApiRoute('billRunPdf', async (request, reply) => {
    const viewer = viewerOf(request);
    const pdf = await withRun(request, async (tx, run) => {
      await assertExportAllowed(tx, viewer, config);
      const asPublished: PublishedRun = {
        id: run.id,
        importId: run.importId,
        period: run.period,
        accountId: '',
        currency: run.currency,
        totalChargeMinor: run.totalChargeMinor,
        totalVatMinor: run.totalVatMinor,
      };
      const byType = await spendByTypeScoped(tx, [asPublished], undefined);
      const topLines = await biggestLinesScoped(tx, [asPublished], undefined, 15);
      const company = await sql<{
        name: string;
      }>`select name from companies where tenant_id = ${tx.tenantId}`.execute(tx);
      const bytes = await renderBillSummaryPdf({
        companyName: company.rows[0]?.name ?? '',
        accountNumber: run.accountNumber,
        accountName: run.accountName,
        period: run.period,
        currency: run.currency,
        totalChargeMinor: run.totalChargeMinor,
        totalVatMinor: run.totalVatMinor,
        recordCount: run.recordCount,
        byType: byType.map((row) => ({
          label: row.destinationClass ? `${row.recordType} · ${row.destinationClass}` : row.recordType,
          records: row.records,
          chargeMinor: row.chargeMinor,
        })),
        topLines,
        generatedAt: new Date(),
      });
      await recordExport(tx, viewer, 'bill_summary_pdf', run.period, 1);
      return { bytes, name: `bill-summary-${run.accountNumber}-${run.period}.pdf` };
    });
    return reply
      .type('application/pdf')
      .header('content-disposition', `attachment; filename="${safeFileName(pdf.name)}"`)
      .send(Buffer.from(pdf.bytes));
  });

  defineApiRoute('billRunCsv', async (request, reply) => {
    const viewer = viewerOf(request);
    const file = await withRun(request, async (tx, run) => {
      await assertExportAllowed(tx, viewer, config);
      const chunks = [stringify([ITEMISED_CSV_COLUMNS])];
      let rows = 0;
      for await (const page of runRecords(tx, run)) {
        chunks.push(stringify(page.map(itemisedCsvRow)));
        rows += page.length;
      }
      await recordExport(tx, viewer, 'bill_records_csv', run.period, rows);
      return { body: chunks.join(''), name: `records-${run.accountNumber}-${run.period}.csv` };
    });
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${safeFileName(file.name)}"`)
      .send(file.body);
  });
}

export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}
