import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartFigure } from '../components/chart-figure.js';
import { formatPeriod } from '../format/format-usage.js';
import { ChartTooltip } from './chart-tooltip.js';
import { CHART_COLOURS } from './spend-categories.js';

export interface Series {
  readonly key: string;
  readonly label: string;
  readonly tone: number;
}

type Row = { readonly period: string } & Readonly<Record<string, number | string>>;

/** Round axis steps (1, 2, 2.5 or 5 × 10ⁿ), so the scale reads 0, 1,000, 2,000… and never 950. */
export function niceTicks(max: number, intervals = 4): number[] {
  if (!(max > 0)) return [0, 1];
  const rough = max / intervals;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 2.5, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power;
  return Array.from({ length: Math.ceil(max / step - 1e-9) + 1 }, (_, index) => index * step);
}

/**
 * Months side by side, each bar stacked by series (spend by type, minutes by class), with the
 * same figures as a table for anyone who cannot see the bars.
 */
export function MonthStackChart({
  title,
  description,
  rows,
  series,
  formatValue,
  formatAxis,
  summary,
  unitLabel,
  tall,
}: {
  readonly title: string;
  readonly description?: string;
  readonly rows: readonly Row[];
  readonly series: readonly Series[];
  readonly formatValue: (value: number) => string;
  readonly formatAxis: (value: number) => string;
  readonly summary: string;
  readonly unitLabel: string;
  readonly tall?: boolean;
}) {
  const shown = series.filter((item) => rows.some((row) => Number(row[item.key] ?? 0) !== 0));
  const total = (row: Row) => shown.reduce((sum, item) => sum + Number(row[item.key] ?? 0), 0);
  const ticks = niceTicks(Math.max(0, ...rows.map(total)));
  const table = (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">
          {title} ({unitLabel})
        </caption>
        <thead>
          <tr>
            <th scope="col">Month</th>
            {shown.map((item) => (
              <th key={item.key} scope="col" className="num">
                {item.label}
              </th>
            ))}
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.period}>
              <th scope="row">{formatPeriod(row.period)}</th>
              {shown.map((item) => (
                <td key={item.key} className="num">
                  {formatValue(Number(row[item.key] ?? 0))}
                </td>
              ))}
              <td className="num">{formatValue(total(row))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
  return (
    <ChartFigure
      title={title}
      description={description}
      summary={summary}
      legend={shown.map((item) => ({ label: item.label, tone: item.tone }))}
      table={table}
      tall={tall}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart
          data={rows as Row[]}
          accessibilityLayer={false}
          margin={{ top: 8, right: 4, bottom: 0, left: 4 }}
          barCategoryGap="28%"
        >
          <CartesianGrid vertical={false} stroke="#e4e9ef" />
          <XAxis
            dataKey="period"
            tickFormatter={(period: string) => formatPeriod(period, 'short')}
            tickLine={false}
            axisLine={{ stroke: '#c3ccd6' }}
            tickMargin={8}
          />
          <YAxis
            tickFormatter={formatAxis}
            ticks={ticks}
            domain={[0, ticks[ticks.length - 1] ?? 1]}
            tickLine={false}
            axisLine={false}
            width={64}
          />
          <Tooltip
            cursor={{ fill: 'rgba(15, 27, 45, 0.04)' }}
            isAnimationActive={false}
            content={(props) => (
              <ChartTooltip
                active={props.active}
                payload={props.payload}
                label={props.label}
                formatLabel={(period) => formatPeriod(period)}
                formatValue={formatValue}
              />
            )}
          />
          {shown.map((item, index) => (
            <Bar
              key={item.key}
              dataKey={item.key}
              name={item.label}
              stackId="stack"
              fill={CHART_COLOURS[(item.tone - 1) % CHART_COLOURS.length]}
              isAnimationActive={false}
              maxBarSize={72}
              radius={index === shown.length - 1 ? [4, 4, 0, 0] : 0}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </ChartFigure>
  );
}
