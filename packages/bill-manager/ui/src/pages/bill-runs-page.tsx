import { type BillRunsResponse, PATHS } from '../api/contract.js';
import { useApiQuery } from '../api/use-api-query.js';
import { DataTable } from '../components/data-table.js';
import { DownloadButton } from '../components/download-button.js';
import { PageHeader } from '../components/page-header.js';
import { LoadingBlock, QueryView } from '../components/query-view.js';
import { formatMoney } from '../format/format-money.js';
import { formatCount, formatDate, formatPeriod } from '../format/format-usage.js';
import { usePageTitle } from '../session/require-session.js';
import { isReadOnly } from '../session/role-rules.js';
import { useSignedIn } from '../session/session-context.js';

/** Invoices per billing account and month, with their PDF summary and itemised CSV. */
export function BillRunsPage() {
  usePageTitle('Bills');
  const session = useSignedIn();
  const query = useApiQuery('bill-runs', (api, signal) =>
    api.get<BillRunsResponse>(PATHS.billRuns, { signal }),
  );
  const canDownload = !isReadOnly(session);
  return (
    <div className="page">
      <PageHeader
        title="Bills"
        description="Each invoice by billing account and month. Downloads are recorded in your company’s export history."
      />
      <QueryView query={query} loading={<LoadingBlock label="Loading bills" lines={5} />}>
        {(data) => (
          <section className="card card-flush" aria-label="Invoices">
            <DataTable
              caption="Invoices"
              rows={data.billRuns}
              rowKey={(run) => run.id}
              columns={[
                {
                  key: 'period',
                  header: 'Bill',
                  rowHeader: true,
                  cell: (run) => (
                    <>
                      <span className="cell-primary">{formatPeriod(run.period)}</span>
                      <span className="cell-secondary">
                        {run.accountName} · {run.accountNumber}
                      </span>
                    </>
                  ),
                },
                {
                  key: 'records',
                  header: 'Items',
                  numeric: true,
                  cell: (run) => formatCount(run.recordCount),
                },
                {
                  key: 'charge',
                  header: 'Charges',
                  numeric: true,
                  cell: (run) => formatMoney(run.totalChargeMinor, run.currency),
                },
                {
                  key: 'vat',
                  header: 'VAT',
                  numeric: true,
                  cell: (run) => formatMoney(run.totalVatMinor, run.currency),
                },
                {
                  key: 'total',
                  header: 'Total',
                  numeric: true,
                  cell: (run) => (
                    <strong>{formatMoney(run.totalChargeMinor + run.totalVatMinor, run.currency)}</strong>
                  ),
                },
                {
                  key: 'issued',
                  header: 'Issued',
                  cell: (run) =>
                    run.publishedAt ? formatDate(run.publishedAt) : <span className="muted">—</span>,
                },
                {
                  key: 'downloads',
                  header: <span className="visually-hidden">Downloads</span>,
                  className: 'cell-actions',
                  cell: (run) =>
                    canDownload ? (
                      <span className="action-group">
                        <DownloadButton
                          path={run.downloads.summaryPdf}
                          fileName={`bill-${run.period}-${run.accountNumber}.pdf`}
                          label="PDF"
                        />
                        <DownloadButton
                          path={run.downloads.recordsCsv}
                          fileName={`bill-${run.period}-${run.accountNumber}.csv`}
                          label="CSV"
                        />
                      </span>
                    ) : (
                      <span className="muted">Read-only</span>
                    ),
                },
              ]}
              empty="No bills have been issued yet."
            />
          </section>
        )}
      </QueryView>
    </div>
  );
}
