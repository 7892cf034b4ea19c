import { Link } from 'react-router';
import { type DashboardResponse, PATHS } from '../api/contract.js';
import { useApiQuery } from '../api/use-api-query.js';
import { MonthStackChart } from '../charts/month-stack-chart.js';
import { SpendBreakdownList } from '../charts/spend-breakdown-list.js';
import {
  CALL_CLASSES,
  minutesByClass,
  SPEND_CATEGORIES,
  spendBreakdown,
  spendByCategory,
} from '../charts/spend-categories.js';
import { DataTable } from '../components/data-table.js';
import { DownloadButton } from '../components/download-button.js';
import { PageHeader } from '../components/page-header.js';
import { LoadingBlock, QueryView } from '../components/query-view.js';
import { StatTile } from '../components/stat-tile.js';
import { formatMoney, formatMoneyCompact } from '../format/format-money.js';
import { formatBytes, formatCount, formatMsisdn, formatPeriod } from '../format/format-usage.js';
import { usePageTitle } from '../session/require-session.js';
import { useSignedIn } from '../session/session-context.js';
import { TopNumbers } from './top-numbers.js';

const minutesText = (minutes: number) => `${formatCount(minutes)} min`;

function scopeDescription(session: ReturnType<typeof useSignedIn>): string {
  switch (session.scope.kind) {
    case 'cost_centre':
      return `${session.scope.costCentreName} and the cost centres below it`;
    case 'line':
      return `Your line, ${formatMsisdn(session.scope.msisdn)}`;
    default:
      return session.company?.name ?? session.breakGlass?.companyName ?? 'Your company';
  }
}

function Dashboard({
  data,
  scope,
  ownLineId,
}: {
  readonly data: DashboardResponse;
  readonly scope: string;
  readonly ownLineId: string | null;
}) {
  const { currency, months } = data;
  const [latest, previous] = months;
  if (!latest) {
    return (
      <section className="card empty" aria-label="No bills yet">
        <h2>No bills yet</h2>
        <p>Your first bill will appear here as soon as it is issued.</p>
      </section>
    );
  }
  const periods = months.map((month) => month.period);
  const previousLabel = previous ? formatPeriod(previous.period, 'month') : undefined;
  const spendRows = spendByCategory(data.byType, periods);
  const minuteRows = minutesByClass(data.byType, periods);
  const breakdown = spendBreakdown(data.byType, latest.period);
  const money = (minor: number) => formatMoney(minor, currency);
  const spendTotal = months.reduce((sum, month) => sum + month.chargeMinor, 0);
  const minutesTotal = months.reduce((sum, month) => sum + month.voiceMinutes, 0);
  const biggestMonth = [...months].sort((a, b) => b.chargeMinor - a.chargeMinor)[0] ?? latest;

  return (
    <>
      <section aria-labelledby="summary-title">
        <h2 id="summary-title" className="visually-hidden">
          {formatPeriod(latest.period)} at a glance
        </h2>
        <dl className="stat-grid">
          <StatTile
            label={`Spend, ${formatPeriod(latest.period)}`}
            value={money(latest.chargeMinor)}
            current={latest.chargeMinor}
            previous={previous?.chargeMinor}
            previousLabel={previousLabel}
            note={previous ? undefined : `+ ${money(latest.vatMinor)} VAT`}
          />
          <StatTile
            label="Call minutes"
            value={minutesText(latest.voiceMinutes)}
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
      </section>

      <div className="grid-2">
        <MonthStackChart
          title="Spend by month"
          description={`${scope} · by type of charge, excluding VAT`}
          rows={spendRows}
          series={SPEND_CATEGORIES}
          formatValue={money}
          formatAxis={(minor) => formatMoneyCompact(minor, currency)}
          unitLabel={currency}
          summary={`Spend over the last ${months.length} months totals ${money(spendTotal)}; the highest was ${formatPeriod(biggestMonth.period)} at ${money(biggestMonth.chargeMinor)}.`}
        />
        <MonthStackChart
          title="Call minutes by month"
          description="By where the calls went"
          rows={minuteRows}
          series={CALL_CLASSES}
          formatValue={minutesText}
          formatAxis={(minutes) => formatCount(minutes)}
          unitLabel="minutes"
          summary={`${formatCount(minutesTotal)} call minutes over the last ${months.length} months; ${formatCount(latest.voiceMinutes)} in ${formatPeriod(latest.period)}.`}
        />
      </div>

      <div className="grid-3-1">
        {ownLineId ? (
          <TopNumbers lineId={ownLineId} currency={currency} />
        ) : (
          <section className="card card-flush" aria-labelledby="biggest-title">
            <div className="card-header">
              <div>
                <h2 id="biggest-title">Biggest lines</h2>
                <p>{formatPeriod(latest.period)}, most expensive first</p>
              </div>
              {data.biggestLines.length > 1 ? <Link to="/lines">All lines</Link> : null}
            </div>
            <DataTable
              caption={`Biggest lines in ${formatPeriod(latest.period)}`}
              rows={data.biggestLines}
              rowKey={(line) => line.id}
              columns={[
                {
                  key: 'line',
                  header: 'Line',
                  rowHeader: true,
                  cell: (line) => (
                    <>
                      <Link className="cell-primary" to={`/lines/${encodeURIComponent(line.id)}`}>
                        {formatMsisdn(line.msisdn)}
                      </Link>
                      <span className="cell-secondary">{line.userName ?? 'No user named'}</span>
                    </>
                  ),
                },
                {
                  key: 'share',
                  header: 'Share of spend',
                  numeric: true,
                  cell: (line) => {
                    const share =
                      latest.chargeMinor > 0 ? Math.max(0, line.chargeMinor / latest.chargeMinor) : 0;
                    return (
                      <span className="bar-cell">
                        <span className="breakdown-bar breakdown-bar-inline" aria-hidden="true">
                          <span className="breakdown-bar-fill" style={{ width: `${share * 100}%` }} />
                        </span>
                        {Math.round(share * 100)}%
                      </span>
                    );
                  },
                },
                { key: 'spend', header: 'Spend', numeric: true, cell: (line) => money(line.chargeMinor) },
              ]}
              empty="No line has charges this month."
            />
          </section>
        )}
        <section className="card" aria-labelledby="breakdown-title">
          <div className="card-header">
            <div>
              <h2 id="breakdown-title">Where the money went</h2>
              <p>{formatPeriod(latest.period)}</p>
            </div>
          </div>
          <SpendBreakdownList
            rows={breakdown}
            currency={currency}
            caption={`Spend in ${formatPeriod(latest.period)} by kind of charge`}
          />
        </section>
      </div>
    </>
  );
}

export function DashboardPage() {
  usePageTitle('Dashboard');
  const session = useSignedIn();
  const query = useApiQuery('dashboard', (api, signal) =>
    api.get<DashboardResponse>(PATHS.dashboard, { signal }),
  );
  const latest = query.data?.months[0];
  const scope = scopeDescription(session);
  return (
    <div className="page">
      <PageHeader
        title="Dashboard"
        description={latest ? `${scope} · latest bill ${formatPeriod(latest.period)}` : scope}
        actions={
          session.user.role !== 'operator' && latest ? (
            <DownloadButton
              path={PATHS.exportLines}
              query={{ period: latest.period }}
              fileName={`lines-${latest.period}.csv`}
              label="Lines summary (CSV)"
            />
          ) : null
        }
      />
      <QueryView
        query={query}
        loading={
          <>
            <LoadingBlock label="Loading your dashboard" lines={2} />
            <div className="grid-2">
              <span className="skeleton skeleton-block" />
              <span className="skeleton skeleton-block" />
            </div>
          </>
        }
      >
        {(data) => (
          <Dashboard
            data={data}
            scope={scope}
            ownLineId={session.scope.kind === 'line' ? session.scope.lineId : null}
          />
        )}
      </QueryView>
    </div>
  );
}
