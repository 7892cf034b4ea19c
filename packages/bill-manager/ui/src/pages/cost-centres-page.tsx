import { useState } from 'react';
import { type CostCentresResponse, PATHS } from '../api/contract.js';
import { useApiQuery } from '../api/use-api-query.js';
import { DataTable } from '../components/data-table.js';
import { DownloadButton } from '../components/download-button.js';
import { PageHeader } from '../components/page-header.js';
import { LoadingBlock, QueryView } from '../components/query-view.js';
import { formatMoney } from '../format/format-money.js';
import { formatCount, formatPeriod } from '../format/format-usage.js';
import { usePageTitle } from '../session/require-session.js';
import { useSignedIn } from '../session/session-context.js';

type Centre = CostCentresResponse['costCentres'][number];

/** Depth-first order (parents before their children), whatever order the rows came in. */
function treeOrder(centres: readonly Centre[]): Centre[] {
  const children = new Map<string | null, Centre[]>();
  const ids = new Set(centres.map((centre) => centre.id));
  for (const centre of centres) {
    const parent = centre.parentId && ids.has(centre.parentId) ? centre.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), centre]);
  }
  const ordered: Centre[] = [];
  const visit = (parent: string | null) => {
    const list = [...(children.get(parent) ?? [])].sort((a, b) => b.chargeMinor - a.chargeMinor);
    for (const centre of list) {
      ordered.push(centre);
      visit(centre.id);
    }
  };
  visit(null);
  return ordered;
}

/** Spend rolled up the cost-centre hierarchy: each total includes everything below it. */
export function CostCentresPage() {
  usePageTitle('Cost centres');
  const session = useSignedIn();
  const [period, setPeriod] = useState('');
  const query = useApiQuery(`cost-centres:${period}`, (api, signal) =>
    api.get<CostCentresResponse>(PATHS.costCentres, { query: { period }, signal }),
  );
  const data = query.data;
  return (
    <div className="page">
      <PageHeader
        title="Cost centres"
        description={
          data?.period
            ? `${formatPeriod(data.period)} spend, rolled up: each cost centre includes everything below it.`
            : 'Spend rolled up the hierarchy.'
        }
        actions={
          <>
            {data?.period ? (
              <PeriodPicker value={period} onChange={setPeriod} periods={data.periods} />
            ) : null}
            {session.user.role !== 'operator' && data?.period ? (
              <DownloadButton
                path={PATHS.exportCostCentres}
                query={{ period: data.period }}
                fileName={`cost-centres-${data.period}.csv`}
                label="Download CSV"
              />
            ) : null}
          </>
        }
      />
      <QueryView query={query} loading={<LoadingBlock label="Loading cost centres" lines={6} />}>
        {(result) => {
          const rows = treeOrder(result.costCentres);
          const topLevel = rows.filter(
            (centre) => centre.depth === Math.min(...rows.map((row) => row.depth)),
          );
          const total = topLevel.reduce((sum, centre) => sum + centre.chargeMinor, 0);
          return (
            <section className="card card-flush" aria-label="Cost centre roll-up">
              <DataTable
                caption={`Cost centres${result.period ? `, ${formatPeriod(result.period)}` : ''}`}
                rows={rows}
                rowKey={(centre) => centre.id}
                columns={[
                  {
                    key: 'name',
                    header: 'Cost centre',
                    rowHeader: true,
                    cell: (centre) => (
                      <span
                        className={`tree-name tree-depth-${Math.min(centre.depth - (topLevel[0]?.depth ?? 0), 7)}`}
                      >
                        {centre.depth > (topLevel[0]?.depth ?? 0) ? (
                          <span className="tree-branch" aria-hidden="true">
                            └
                          </span>
                        ) : null}
                        {centre.name}
                        {centre.depth > (topLevel[0]?.depth ?? 0) ? (
                          <span className="visually-hidden"> (level {centre.depth + 1})</span>
                        ) : null}
                      </span>
                    ),
                  },
                  {
                    key: 'lines',
                    header: 'Lines',
                    numeric: true,
                    cell: (centre) => formatCount(centre.lines),
                  },
                  {
                    key: 'share',
                    header: 'Share',
                    numeric: true,
                    cell: (centre) => (
                      <span className="bar-cell">
                        <span className="breakdown-bar breakdown-bar-inline" aria-hidden="true">
                          <span
                            className="breakdown-bar-fill"
                            style={{
                              width: `${total > 0 ? Math.max(0, (centre.chargeMinor / total) * 100) : 0}%`,
                            }}
                          />
                        </span>
                        {total > 0 ? `${Math.round((centre.chargeMinor / total) * 100)}%` : '—'}
                      </span>
                    ),
                  },
                  {
                    key: 'spend',
                    header: 'Spend',
                    numeric: true,
                    cell: (centre) => formatMoney(centre.chargeMinor, result.currency),
                  },
                ]}
                empty="No cost centres: lines are not grouped yet."
                footer={
                  rows.length > 0 ? (
                    <tr>
                      <th scope="row">Total</th>
                      <td className="num">
                        {formatCount(topLevel.reduce((sum, centre) => sum + centre.lines, 0))}
                      </td>
                      <td className="num">100%</td>
                      <td className="num">{formatMoney(total, result.currency)}</td>
                    </tr>
                  ) : null
                }
              />
            </section>
          );
        }}
      </QueryView>
    </div>
  );
}

function PeriodPicker({
  value,
  onChange,
  periods: billed,
}: {
  readonly value: string;
  readonly onChange: (period: string) => void;
  readonly periods: readonly string[];
}) {
  // The roll-up answers one period; the three newest billed periods (the server's list) are offered.
  const periods = billed.slice(0, 3);
  const latest = periods[0];
  if (!latest) return null;
  return (
    <fieldset className="segmented">
      <legend className="visually-hidden">Bill period</legend>
      {periods.map((period) => (
        <button
          key={period}
          type="button"
          aria-pressed={(value || latest) === period}
          onClick={() => onChange(period === latest ? '' : period)}
        >
          {formatPeriod(period, 'short')}
        </button>
      ))}
    </fieldset>
  );
}
