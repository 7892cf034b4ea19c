import { useEffect, useId, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { type LineRow, type LinesQuery, type LinesResponse, PATHS } from '../api/contract.js';
import type { QueryValue } from '../api/create-api-client.js';
import { useApiQuery } from '../api/use-api-query.js';
import { type Column, DataTable, type SortState } from '../components/data-table.js';
import { DownloadButton } from '../components/download-button.js';
import { Icon } from '../components/icons.js';
import { PageHeader } from '../components/page-header.js';
import { PeriodSelect } from '../components/period-select.js';
import { LoadingBlock, QueryView } from '../components/query-view.js';
import { formatMoney } from '../format/format-money.js';
import {
  formatBytes,
  formatCount,
  formatMinutes,
  formatMsisdn,
  formatPeriod,
} from '../format/format-usage.js';
import { usePageTitle } from '../session/require-session.js';
import { useSignedIn } from '../session/session-context.js';

type SortKey = NonNullable<LinesQuery['sort']>;
const SORT_KEYS: readonly SortKey[] = [
  'charge',
  'msisdn',
  'userName',
  'costCentre',
  'voice',
  'messages',
  'data',
];
const PAGE_SIZE = 25;

function statusTone(status: string | null): 'good' | 'warn' | 'bad' | undefined {
  if (status === 'active') return 'good';
  if (status === 'suspended') return 'warn';
  if (status === 'ceased') return 'bad';
  return undefined;
}

function columns(currency: string): Column<LineRow, SortKey>[] {
  return [
    {
      key: 'msisdn',
      header: 'Line',
      sortable: true,
      rowHeader: true,
      cell: (line) => (
        <>
          <Link className="cell-primary" to={`/lines/${encodeURIComponent(line.id)}`}>
            {formatMsisdn(line.msisdn)}
          </Link>
          {line.status && line.status !== 'active' ? (
            <span className="badge" data-tone={statusTone(line.status)}>
              {line.status}
            </span>
          ) : null}
        </>
      ),
    },
    {
      key: 'userName',
      header: 'User',
      sortable: true,
      cell: (line) => line.userName ?? <span className="muted">—</span>,
    },
    {
      key: 'costCentre',
      header: 'Cost centre',
      sortable: true,
      cell: (line) => line.costCentre?.name ?? <span className="muted">—</span>,
    },
    {
      key: 'voice',
      header: 'Minutes',
      numeric: true,
      sortable: true,
      cell: (line) => formatMinutes(line.voiceSeconds),
    },
    {
      key: 'messages',
      header: 'Messages',
      numeric: true,
      sortable: true,
      cell: (line) => formatCount(line.messages),
    },
    {
      key: 'data',
      header: 'Data',
      numeric: true,
      sortable: true,
      cell: (line) => formatBytes(line.dataBytes),
    },
    {
      key: 'charge',
      header: 'Spend',
      numeric: true,
      sortable: true,
      cell: (line) => <strong>{formatMoney(line.chargeMinor, currency)}</strong>,
    },
  ];
}

/** Every line the user may see, for one period: searchable, sortable, a page at a time. */
export function LinesPage() {
  usePageTitle('Lines');
  const session = useSignedIn();
  const searchId = useId();
  const [params, setParams] = useSearchParams();
  const search = params.get('search') ?? '';
  const period = params.get('period') ?? '';
  const sortParam = params.get('sort');
  const sort: SortState<SortKey> = {
    key: SORT_KEYS.includes(sortParam as SortKey) ? (sortParam as SortKey) : 'charge',
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
  };
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [draft, setDraft] = useState(search);

  const update = (changes: Record<string, string | null>) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(key);
          else next.set(key, value);
        }
        return next;
      },
      { replace: true },
    );
  };

  // Search as the user types, once they pause.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `update` is recreated every render; the draft is the trigger.
  useEffect(() => {
    if (draft === search) return undefined;
    const timer = setTimeout(() => update({ search: draft.trim(), page: null }), 300);
    return () => clearTimeout(timer);
  }, [draft]);

  const query: LinesQuery & Readonly<Record<string, QueryValue>> = {
    search: search || undefined,
    period: period || undefined,
    sort: sort.key,
    order: sort.order,
    page,
    pageSize: PAGE_SIZE,
  };
  const key = JSON.stringify(query);
  const lines = useApiQuery(key, (api, signal) =>
    api.get<LinesResponse>(PATHS.lines, { query: { ...query }, signal }),
  );
  const data = lines.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;

  return (
    <div className="page">
      <PageHeader
        title="Lines"
        description={
          data?.period
            ? `Every line you can see, with its ${formatPeriod(data.period)} usage. Spend excludes VAT.`
            : 'Every line you can see.'
        }
        actions={
          session.user.role !== 'operator' && data?.period ? (
            <DownloadButton
              path={PATHS.exportLines}
              query={{ period: data.period }}
              fileName={`lines-${data.period}.csv`}
              label="Download CSV"
            />
          ) : null
        }
      />
      <section className="card card-flush" aria-label="Lines">
        <search className="toolbar card-toolbar">
          <div className="field field-grow">
            <label htmlFor={searchId}>Search by number or user</label>
            <span className="input-with-icon">
              <Icon name="search" className="input-icon" />
              <input
                id={searchId}
                className="input"
                type="search"
                placeholder="e.g. 07700 900 or Priya"
                value={draft}
                onChange={(event) => setDraft(event.target.value)}
              />
            </span>
          </div>
          {data && data.periods.length > 0 ? (
            <PeriodSelect
              periods={data.periods}
              value={period || (data.period ?? '')}
              onChange={(value) => update({ period: value, page: null })}
            />
          ) : null}
        </search>
        <QueryView query={lines} loading={<LoadingBlock label="Loading lines" lines={6} />}>
          {(result) => (
            <>
              <p className="visually-hidden" role="status" aria-live="polite">
                {result.total} lines{search ? ` matching “${search}”` : ''}
              </p>
              <DataTable
                caption={`Lines${result.period ? ` for ${formatPeriod(result.period)}` : ''}`}
                rows={result.lines}
                rowKey={(line) => line.id}
                columns={columns(result.currency)}
                sort={sort}
                onSortChange={(next) => update({ sort: next.key, order: next.order, page: null })}
                empty={search ? `No line matches “${search}”.` : 'No lines to show.'}
              />
              <div className="table-footer">
                <span>
                  {result.total === 0
                    ? 'No lines'
                    : `Showing ${(result.page - 1) * result.pageSize + 1}–${Math.min(result.page * result.pageSize, result.total)} of ${formatCount(result.total)} lines`}
                </span>
                {pages > 1 ? (
                  <nav className="pager" aria-label="Pages of lines">
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      disabled={page <= 1}
                      onClick={() => update({ page: String(page - 1) })}
                    >
                      Previous
                    </button>
                    <span>
                      Page {page} of {pages}
                    </span>
                    <button
                      type="button"
                      className="button button-secondary button-small"
                      disabled={page >= pages}
                      onClick={() => update({ page: String(page + 1) })}
                    >
                      Next
                    </button>
                  </nav>
                ) : null}
              </div>
            </>
          )}
        </QueryView>
      </section>
    </div>
  );
}
