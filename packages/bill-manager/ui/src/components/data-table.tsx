import type { ReactNode } from 'react';
import { Icon } from './icons.js';

export type SortOrder = 'asc' | 'desc';

export interface SortState<Key extends string = string> {
  readonly key: Key;
  readonly order: SortOrder;
}

export interface Column<Row, Key extends string = string> {
  readonly key: Key;
  readonly header: ReactNode;
  readonly cell: (row: Row) => ReactNode;
  readonly numeric?: boolean;
  readonly sortable?: boolean;
  /** The cell that names the row (a `th scope="row"`). */
  readonly rowHeader?: boolean;
  /** The first order when this column is chosen (numbers: biggest first). */
  readonly firstOrder?: SortOrder;
  readonly className?: string;
}

/**
 * A table with a caption and, optionally, sortable columns: the sort is a button in the header
 * cell, and the header carries `aria-sort`, so it works by keyboard and is announced.
 */
export function DataTable<Row, Key extends string = string>({
  caption,
  captionHidden = true,
  columns,
  rows,
  rowKey,
  sort,
  onSortChange,
  empty = 'Nothing to show.',
  footer,
}: {
  readonly caption: string;
  readonly captionHidden?: boolean;
  readonly columns: readonly Column<Row, Key>[];
  readonly rows: readonly Row[];
  readonly rowKey: (row: Row) => string;
  readonly sort?: SortState<Key>;
  readonly onSortChange?: (sort: SortState<Key>) => void;
  readonly empty?: ReactNode;
  readonly footer?: ReactNode;
}) {
  const toggle = (column: Column<Row, Key>) => {
    if (!onSortChange) return;
    if (sort?.key === column.key)
      onSortChange({ key: column.key, order: sort.order === 'asc' ? 'desc' : 'asc' });
    else onSortChange({ key: column.key, order: column.firstOrder ?? (column.numeric ? 'desc' : 'asc') });
  };
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => {
              const active = sort?.key === column.key;
              const ariaSort = active ? (sort.order === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <th
                  key={column.key}
                  scope="col"
                  className={column.numeric ? 'num' : undefined}
                  aria-sort={ariaSort}
                >
                  {column.sortable && onSortChange ? (
                    <button type="button" className="sort-button" onClick={() => toggle(column)}>
                      {column.header}
                      <Icon name={active ? (sort.order === 'asc' ? 'sort-up' : 'sort-down') : 'sort'} />
                    </button>
                  ) : (
                    column.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {empty}
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column) => {
                  const className =
                    [column.numeric ? 'num' : '', column.className ?? ''].join(' ').trim() || undefined;
                  return column.rowHeader ? (
                    <th key={column.key} scope="row" className={className}>
                      {column.cell(row)}
                    </th>
                  ) : (
                    <td key={column.key} className={className}>
                      {column.cell(row)}
                    </td>
                  );
                })}
              </tr>
            ))
          )}
        </tbody>
        {footer ? <tfoot>{footer}</tfoot> : null}
      </table>
    </div>
  );
}
