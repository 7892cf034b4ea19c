import { useId, useState } from 'react';
import { Link } from 'react-router';
import { type ExportsResponse, type LinesResponse, PATHS } from '../api/contract.js';
import { useApiQuery } from '../api/use-api-query.js';
import { DataTable } from '../components/data-table.js';
import { DownloadButton } from '../components/download-button.js';
import { PageHeader } from '../components/page-header.js';
import { PeriodSelect } from '../components/period-select.js';
import { LoadingBlock, QueryView } from '../components/query-view.js';
import { formatCount, formatDateTime, formatMsisdn, formatPeriod } from '../format/format-usage.js';
import { usePageTitle } from '../session/require-session.js';
import { useSignedIn } from '../session/session-context.js';

const KIND_LABELS: Readonly<Record<ExportsResponse['exports'][number]['kind'], string>> = {
  itemised_csv: 'Itemised records (CSV)',
  lines_csv: 'Lines summary (CSV)',
  cost_centres_csv: 'Cost centres (CSV)',
  bill_summary_pdf: 'Bill summary (PDF)',
  bill_records_csv: 'Bill records (CSV)',
};

/** Downloads for the accounts team, the hourly allowance, and the record of every export. */
export function ExportsPage() {
  usePageTitle('Exports');
  const session = useSignedIn();
  const lineId = useId();
  const history = useApiQuery('exports', (api, signal) =>
    api.get<ExportsResponse>(PATHS.exports, { signal }),
  );
  // The lines list supplies the periods and, for managers, the line picker.
  const lines = useApiQuery('exports-lines', (api, signal) =>
    api.get<LinesResponse>(PATHS.lines, { query: { pageSize: 200, sort: 'msisdn', order: 'asc' }, signal }),
  );
  const [period, setPeriod] = useState('');
  const [line, setLine] = useState('');
  const periods = lines.data?.periods ?? [];
  const chosen = period || periods[0] || '';
  const quota = history.data?.quota;
  const exhausted = quota ? quota.remaining <= 0 : false;
  const ownLine = session.scope.kind === 'line';
  const isManager = session.user.role === 'company_admin' || session.user.role === 'cost_centre_manager';
  const done = history.reload;

  return (
    <div className="page">
      <PageHeader
        title="Exports"
        description="Download your bills for your accounts team. Every export is recorded."
        actions={
          quota ? (
            <span className="badge" data-tone={exhausted ? 'bad' : 'info'}>
              {quota.remaining} of {quota.perHour} exports left this hour
            </span>
          ) : null
        }
      />
      <section className="card" aria-labelledby="new-export-title">
        <div className="card-header">
          <div>
            <h2 id="new-export-title">New export</h2>
            <p>Choose a bill period, then the file you need.</p>
          </div>
        </div>
        <div className="toolbar">
          {periods.length > 0 ? <PeriodSelect periods={periods} value={chosen} onChange={setPeriod} /> : null}
          {!ownLine && lines.data && lines.data.lines.length > 0 ? (
            <div className="field field-grow">
              <label htmlFor={lineId}>Line for itemised records</label>
              <select
                id={lineId}
                className="select"
                value={line}
                onChange={(event) => setLine(event.target.value)}
              >
                <option value="">Every line I can see</option>
                {lines.data.lines.map((item) => (
                  <option key={item.id} value={item.id}>
                    {formatMsisdn(item.msisdn)}
                    {item.userName ? ` — ${item.userName}` : ''}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        {chosen ? (
          <ul className="export-options">
            <li>
              <div>
                <h3>Itemised records</h3>
                <p className="muted">Every call, message, data session and purchase, one row each.</p>
              </div>
              <DownloadButton
                path={PATHS.exportItemised}
                query={{
                  period: chosen,
                  lineId: ownLine && session.scope.kind === 'line' ? session.scope.lineId : line || undefined,
                }}
                fileName={`itemised-${chosen}.csv`}
                label="Itemised CSV"
                variant="primary"
                disabled={exhausted}
                onDone={done}
              />
            </li>
            <li>
              <div>
                <h3>Lines summary</h3>
                <p className="muted">
                  One row per line: user, cost centre, spend, minutes, messages and data.
                </p>
              </div>
              <DownloadButton
                path={PATHS.exportLines}
                query={{ period: chosen }}
                fileName={`lines-${chosen}.csv`}
                label="Summary CSV"
                disabled={exhausted}
                onDone={done}
              />
            </li>
            {isManager ? (
              <li>
                <div>
                  <h3>Cost centres</h3>
                  <p className="muted">Spend per cost centre, rolled up the hierarchy.</p>
                </div>
                <DownloadButton
                  path={PATHS.exportCostCentres}
                  query={{ period: chosen }}
                  fileName={`cost-centres-${chosen}.csv`}
                  label="Cost centres CSV"
                  disabled={exhausted}
                  onDone={done}
                />
              </li>
            ) : null}
            {session.user.role === 'company_admin' ? (
              <li>
                <div>
                  <h3>Bill summary (PDF)</h3>
                  <p className="muted">The invoice summary for each billing account — on the Bills page.</p>
                </div>
                <Link className="button button-secondary" to="/bill-runs">
                  Go to Bills
                </Link>
              </li>
            ) : null}
          </ul>
        ) : lines.status === 'loading' ? (
          <LoadingBlock label="Loading bill periods" lines={2} />
        ) : (
          <p className="empty">There are no bills to export yet.</p>
        )}
        {exhausted ? (
          <div className="alert alert-warn" role="status">
            You’ve used this hour’s exports. The allowance protects your company’s data from bulk download; it
            refills within the hour.
          </div>
        ) : null}
      </section>
      <section className="card card-flush" aria-labelledby="history-title">
        <div className="card-header">
          <div>
            <h2 id="history-title">Export history</h2>
            <p>
              {session.user.role === 'company_admin' ? 'Everyone in your company' : 'Your exports'}, newest
              first
            </p>
          </div>
        </div>
        <QueryView query={history} loading={<LoadingBlock label="Loading export history" />}>
          {(data) => (
            <DataTable
              caption="Export history"
              rows={data.exports}
              rowKey={(item) => item.id}
              columns={[
                { key: 'when', header: 'When', cell: (item) => formatDateTime(item.createdAt) },
                { key: 'kind', header: 'Export', rowHeader: true, cell: (item) => KIND_LABELS[item.kind] },
                {
                  key: 'period',
                  header: 'Period',
                  cell: (item) => (item.period ? formatPeriod(item.period) : '—'),
                },
                { key: 'rows', header: 'Rows', numeric: true, cell: (item) => formatCount(item.rows) },
                { key: 'who', header: 'By', cell: (item) => item.userEmail },
              ]}
              empty="No exports yet."
            />
          )}
        </QueryView>
      </section>
    </div>
  );
}
