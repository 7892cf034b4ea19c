import { PATHS, pathTo, type TopNumbersResponse } from '../api/contract.js';
import { useApiQuery } from '../api/use-api-query.js';
import { DataTable } from '../components/data-table.js';
import { LoadingBlock, QueryView } from '../components/query-view.js';
import { formatMoney } from '../format/format-money.js';
import { formatCount, formatMinutes, formatMsisdn } from '../format/format-usage.js';

/** The numbers a line called most over its last three bills (the line's own calls only). */
export function TopNumbers({ lineId, currency }: { readonly lineId: string; readonly currency: string }) {
  const query = useApiQuery(`top:${lineId}`, (api, signal) =>
    api.get<TopNumbersResponse>(pathTo(PATHS.lineTopNumbers, { lineId }), { query: { limit: 6 }, signal }),
  );
  return (
    <section className="card card-flush" aria-labelledby="top-numbers-title">
      <div className="card-header">
        <div>
          <h2 id="top-numbers-title">Most called numbers</h2>
          <p>{query.data?.period ? `Last three bills, by number of calls` : 'By number of calls'}</p>
        </div>
      </div>
      <QueryView query={query} loading={<LoadingBlock label="Loading the most called numbers" />}>
        {(data) => {
          const most = Math.max(1, ...data.numbers.map((row) => row.calls));
          return (
            <DataTable
              caption="Most called numbers"
              rows={data.numbers}
              rowKey={(row) => row.calledNumber}
              columns={[
                {
                  key: 'number',
                  header: 'Number',
                  rowHeader: true,
                  cell: (row) => (
                    <>
                      <span className="cell-primary tel">{formatMsisdn(row.calledNumber)}</span>
                      <span className="breakdown-bar" aria-hidden="true">
                        <span
                          className="breakdown-bar-fill"
                          style={{ width: `${(row.calls / most) * 100}%` }}
                        />
                      </span>
                    </>
                  ),
                },
                { key: 'calls', header: 'Calls', numeric: true, cell: (row) => formatCount(row.calls) },
                { key: 'time', header: 'Time', numeric: true, cell: (row) => formatMinutes(row.durationS) },
                {
                  key: 'spend',
                  header: 'Spend',
                  numeric: true,
                  cell: (row) => formatMoney(row.chargeMinor, currency),
                },
              ]}
              empty="No calls in these bills."
            />
          );
        }}
      </QueryView>
    </section>
  );
}
