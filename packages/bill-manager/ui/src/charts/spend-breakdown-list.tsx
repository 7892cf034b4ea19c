import { formatMoney } from '../format/format-money.js';
import { formatCount } from '../format/format-usage.js';
import type { BreakdownRow } from './spend-categories.js';

/**
 * One month's spend by kind, as a ranked table whose bars are drawn in CSS: the table is the
 * chart, so there is nothing a screen reader misses.
 */
export function SpendBreakdownList({
  rows,
  currency,
  caption,
}: {
  readonly rows: readonly BreakdownRow[];
  readonly currency: string;
  readonly caption: string;
}) {
  const total = rows.reduce((sum, row) => sum + Math.max(row.chargeMinor, 0), 0);
  const biggest = Math.max(1, ...rows.map((row) => row.chargeMinor));
  if (rows.length === 0) return <p className="empty">No charges in this month.</p>;
  return (
    <table className="table breakdown">
      <caption className="visually-hidden">{caption}</caption>
      <thead className="visually-hidden">
        <tr>
          <th scope="col">Kind</th>
          <th scope="col">Spend</th>
          <th scope="col">Share</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const share = total > 0 ? Math.max(row.chargeMinor, 0) / total : 0;
          return (
            <tr key={row.key}>
              <th scope="row">
                <span className="cell-primary">{row.label}</span>
                <span className="cell-secondary">{formatCount(row.records)} items</span>
                <span className="breakdown-bar" aria-hidden="true">
                  <span
                    className="breakdown-bar-fill"
                    style={{ width: `${Math.max(2, (Math.max(row.chargeMinor, 0) / biggest) * 100)}%` }}
                  />
                </span>
              </th>
              <td className="num">{formatMoney(row.chargeMinor, currency)}</td>
              <td className="num muted">{Math.round(share * 100)}%</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
