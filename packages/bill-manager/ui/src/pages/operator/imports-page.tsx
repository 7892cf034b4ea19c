import { useEffect } from 'react';
import { Link } from 'react-router';
import { type ImportsResponse, PATHS } from '../../api/contract.js';
import { useApiQuery } from '../../api/use-api-query.js';
import { DataTable } from '../../components/data-table.js';
import { PageHeader } from '../../components/page-header.js';
import { LoadingBlock, QueryView } from '../../components/query-view.js';
import { formatCount, formatDateTime } from '../../format/format-usage.js';
import { usePageTitle } from '../../session/require-session.js';

const TONES = { published: 'good', staging: 'info', failed: 'bad', abandoned: 'warn' } as const;
const LABELS = {
  published: 'Published',
  staging: 'Importing',
  failed: 'Failed',
  abandoned: 'Abandoned',
} as const;

/** Operator staff: every bill-run import and where it stands (counts only, never customer data). */
export function ImportsPage() {
  usePageTitle('Import status');
  const query = useApiQuery('imports', (api, signal) =>
    api.get<ImportsResponse>(PATHS.operatorImports, { signal }),
  );
  const running = query.data?.imports.some((item) => item.status === 'staging') ?? false;
  const { reload } = query;
  // While an import runs, refresh every few seconds.
  useEffect(() => {
    if (!running) return undefined;
    const timer = setInterval(reload, 4000);
    return () => clearInterval(timer);
  }, [running, reload]);
  return (
    <div className="page">
      <PageHeader
        title="Import status"
        description="Bill-run imports, newest first. Customers keep seeing their previous bills until an import is published."
        actions={
          <Link className="button" to="/operator/upload">
            Upload a bill run
          </Link>
        }
      />
      <QueryView query={query} loading={<LoadingBlock label="Loading imports" lines={5} />}>
        {(data) => (
          <section className="card card-flush" aria-label="Imports">
            <p className="visually-hidden" role="status" aria-live="polite">
              {running ? 'An import is running.' : ''}
            </p>
            <DataTable
              caption="Imports"
              rows={data.imports}
              rowKey={(item) => String(item.id)}
              columns={[
                { key: 'id', header: 'Import', rowHeader: true, cell: (item) => `#${item.id}` },
                {
                  key: 'status',
                  header: 'Status',
                  cell: (item) => (
                    <span className="badge" data-tone={TONES[item.status]}>
                      {LABELS[item.status]}
                    </span>
                  ),
                },
                { key: 'started', header: 'Started', cell: (item) => formatDateTime(item.startedAt) },
                {
                  key: 'finished',
                  header: 'Finished',
                  cell: (item) => (item.finishedAt ? formatDateTime(item.finishedAt) : '—'),
                },
                {
                  key: 'companies',
                  header: 'Companies',
                  numeric: true,
                  cell: (item) => formatCount(item.companies),
                },
                {
                  key: 'invoices',
                  header: 'Invoices',
                  numeric: true,
                  cell: (item) => formatCount(item.invoices),
                },
                {
                  key: 'records',
                  header: 'Records',
                  numeric: true,
                  cell: (item) => (item.recordCount === null ? '—' : formatCount(item.recordCount)),
                },
              ]}
              empty="No imports yet."
            />
          </section>
        )}
      </QueryView>
    </div>
  );
}
