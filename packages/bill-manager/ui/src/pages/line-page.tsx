import { useParams } from 'react-router';
import { type LineDetailResponse, PATHS, pathTo } from '../api/contract.js';
import { useApiQuery } from '../api/use-api-query.js';
import { MonthStackChart } from '../charts/month-stack-chart.js';
import { SPEND_CATEGORIES, spendBreakdown, spendByCategory } from '../charts/spend-categories.js';
import { DownloadButton } from '../components/download-button.js';
import { type Crumb, PageHeader } from '../components/page-header.js';
import { LoadingBlock, QueryView } from '../components/query-view.js';
import { StatTile } from '../components/stat-tile.js';
import { formatMoney, formatMoneyCompact } from '../format/format-money.js';
import { formatBytes, formatCount, formatMsisdn, formatPeriod } from '../format/format-usage.js';
import { usePageTitle } from '../session/require-session.js';
import { useSignedIn } from '../session/session-context.js';
import { ItemisedRecords } from './itemised-records.js';
import { TopNumbers } from './top-numbers.js';

function LineDetail({ data, lineId }: { readonly data: LineDetailResponse; readonly lineId: string }) {
  const session = useSignedIn();
  const { line, currency, months } = data;
  const [latest, previous] = months;
  const periods = months.map((month) => month.period);
  const money = (minor: number) => formatMoney(minor, currency);
  const previousLabel = previous ? formatPeriod(previous.period, 'month') : undefined;
  const ownLine = session.scope.kind === 'line';
  const crumbs: Crumb[] = ownLine
    ? []
    : [{ label: 'Lines', to: '/lines' }, { label: formatMsisdn(line.msisdn) }];
  const total = months.reduce((sum, month) => sum + month.chargeMinor, 0);
  const breakdown = latest ? spendBreakdown(data.byType, latest.period) : [];

  return (
    <>
      <PageHeader
        breadcrumbs={crumbs}
        title={formatMsisdn(line.msisdn)}
        description={[
          line.userName ?? 'No user named',
          line.costCentre?.name ?? 'No cost centre',
          line.status ? `${line.status[0]?.toUpperCase()}${line.status.slice(1)}` : null,
        ]
          .filter(Boolean)
          .join(' · ')}
        actions={
          session.user.role !== 'operator' && latest ? (
            <DownloadButton
              path={PATHS.exportItemised}
              query={{ lineId, period: latest.period }}
              fileName={`itemised-${latest.period}.csv`}
              label={`Itemised ${formatPeriod(latest.period, 'short')} (CSV)`}
            />
          ) : null
        }
      />
      {latest ? (
        <dl className="stat-grid">
          <StatTile
            label={`Spend, ${formatPeriod(latest.period)}`}
            value={money(latest.chargeMinor)}
            current={latest.chargeMinor}
            previous={previous?.chargeMinor}
            previousLabel={previousLabel}
          />
          <StatTile
            label="Call minutes"
            value={`${formatCount(latest.voiceMinutes)} min`}
            current={latest.voiceMinutes}
            previous={previous?.voiceMinutes}
            previousLabel={previousLabel}
          />
          <StatTile
            label="Messages"
            value={formatCount(latest.messages)}
            current={latest.messages}
            previous={previous?.messages}
            previousLabel={previousLabel}
          />
          <StatTile
            label="Mobile data"
            value={formatBytes(latest.dataBytes)}
            current={latest.dataBytes}
            previous={previous?.dataBytes}
            previousLabel={previousLabel}
          />
        </dl>
      ) : (
        <p className="card empty">This line has no billed usage yet.</p>
      )}
      {latest ? (
        <div className="grid-2">
          <MonthStackChart
            title="Spend by month"
            description="This line, by type of charge, excluding VAT"
            rows={spendByCategory(data.byType, periods)}
            series={SPEND_CATEGORIES}
            formatValue={money}
            formatAxis={(minor) => formatMoneyCompact(minor, currency)}
            unitLabel={currency}
            tall
            summary={`This line’s spend over ${months.length} months totals ${money(total)}; ${money(latest.chargeMinor)} in ${formatPeriod(latest.period)}${breakdown[0] ? `, mostly ${breakdown[0].label.toLowerCase()}` : ''}.`}
          />
          <TopNumbers lineId={lineId} currency={currency} />
        </div>
      ) : null}
      <ItemisedRecords lineId={lineId} currency={currency} periods={periods} />
    </>
  );
}

/** One line: its three months, the numbers it calls most, and its itemised records. */
export function LinePage() {
  const { lineId = '' } = useParams();
  usePageTitle('Line');
  const query = useApiQuery(`line:${lineId}`, (api, signal) =>
    api.get<LineDetailResponse>(pathTo(PATHS.line, { lineId }), { signal }),
  );
  return (
    <div className="page">
      <QueryView query={query} loading={<LoadingBlock label="Loading the line" lines={4} />}>
        {(data) => <LineDetail data={data} lineId={lineId} />}
      </QueryView>
    </div>
  );
}
