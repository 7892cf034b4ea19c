import { useCallback, useEffect, useId, useState } from 'react';
import { describeError } from '../api/api-error.js';
import {
  type ItemisedRecordRow,
  PATHS,
  pathTo,
  type RecordsQuery,
  type RecordsResponse,
} from '../api/contract.js';
import type { QueryValue } from '../api/create-api-client.js';
import { CALL_CLASSES, DESTINATION_LABELS, RECORD_TYPE_LABELS } from '../charts/spend-categories.js';
import { DataTable } from '../components/data-table.js';
import { PeriodSelect } from '../components/period-select.js';
import { formatMoney } from '../format/format-money.js';
import {
  formatBytes,
  formatCount,
  formatDateTime,
  formatDuration,
  formatMsisdn,
} from '../format/format-usage.js';
import { useSession } from '../session/session-context.js';

const PAGE = 50;
type RecordType = ItemisedRecordRow['recordType'];
type Destination = NonNullable<ItemisedRecordRow['destinationClass']>;

function what(record: ItemisedRecordRow): string {
  if (record.recordType === 'data') return 'Mobile data';
  if (record.description) return record.description;
  return record.calledNumber ? formatMsisdn(record.calledNumber) : '—';
}

function amount(record: ItemisedRecordRow): string {
  if (record.recordType === 'voice' && record.durationS !== null) return formatDuration(record.durationS);
  if (record.recordType === 'data' && record.volumeBytes !== null) return formatBytes(record.volumeBytes);
  return '';
}

interface State {
  readonly records: readonly ItemisedRecordRow[];
  readonly cursor: string | null;
  readonly status: 'loading' | 'ready' | 'error';
  readonly error?: string;
}

/** A line's itemised records, filtered, a page at a time ("load more" follows the keyset cursor). */
export function ItemisedRecords({
  lineId,
  currency,
  periods,
}: {
  readonly lineId: string;
  readonly currency: string;
  readonly periods: readonly string[];
}) {
  const { api } = useSession();
  const typeId = useId();
  const destinationId = useId();
  const [period, setPeriod] = useState(periods[0] ?? '');
  const [recordType, setRecordType] = useState<RecordType | ''>('');
  const [destination, setDestination] = useState<Destination | ''>('');
  const [state, setState] = useState<State>({ records: [], cursor: null, status: 'loading' });

  const fetchPage = useCallback(
    (after: string | null, signal?: AbortSignal) => {
      const query: RecordsQuery & Readonly<Record<string, QueryValue>> = {
        period: period || undefined,
        recordType: recordType || undefined,
        destinationClass: destination || undefined,
        after: after ?? undefined,
        limit: PAGE,
      };
      return api.get<RecordsResponse>(pathTo(PATHS.lineRecords, { lineId }), { query: { ...query }, signal });
    },
    [api, lineId, period, recordType, destination],
  );

  useEffect(() => {
    const controller = new AbortController();
    setState({ records: [], cursor: null, status: 'loading' });
    fetchPage(null, controller.signal).then(
      (page) => setState({ records: page.records, cursor: page.nextCursor, status: 'ready' }),
      (error: unknown) => {
        if (!controller.signal.aborted)
          setState({ records: [], cursor: null, status: 'error', error: describeError(error) });
      },
    );
    return () => controller.abort();
  }, [fetchPage]);

  const loadMore = () => {
    const { cursor, records } = state;
    setState({ ...state, status: 'loading' });
    fetchPage(cursor).then(
      (page) =>
        setState({ records: [...records, ...page.records], cursor: page.nextCursor, status: 'ready' }),
      (error: unknown) => setState({ records, cursor, status: 'error', error: describeError(error) }),
    );
  };

  return (
    <section className="card card-flush" id="records" aria-labelledby="records-title">
      <div className="card-header">
        <div>
          <h2 id="records-title">Itemised records</h2>
          <p>Every call, message, data session and purchase on the bill, newest first</p>
        </div>
      </div>
      <div className="toolbar card-toolbar">
        {periods.length > 0 ? <PeriodSelect periods={periods} value={period} onChange={setPeriod} /> : null}
        <div className="field">
          <label htmlFor={typeId}>Type</label>
          <select
            id={typeId}
            className="select"
            value={recordType}
            onChange={(event) => setRecordType(event.target.value as RecordType | '')}
          >
            <option value="">All types</option>
            {(Object.keys(RECORD_TYPE_LABELS) as RecordType[]).map((type) => (
              <option key={type} value={type}>
                {RECORD_TYPE_LABELS[type]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={destinationId}>Destination</label>
          <select
            id={destinationId}
            className="select"
            value={destination}
            onChange={(event) => setDestination(event.target.value as Destination | '')}
          >
            <option value="">All destinations</option>
            {CALL_CLASSES.map((item) => (
              <option key={item.key} value={item.key}>
                {item.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {state.status === 'error' ? (
        <div className="alert alert-error card-alert" role="alert">
          {state.error}
        </div>
      ) : null}
      <DataTable
        caption="Itemised records"
        rows={state.records}
        rowKey={(record) =>
          `${record.startedAt}|${record.recordType}|${record.calledNumber}|${record.chargeMinor}|${record.durationS}|${record.volumeBytes}`
        }
        columns={[
          { key: 'when', header: 'Date and time', cell: (record) => formatDateTime(record.startedAt) },
          { key: 'type', header: 'Type', cell: (record) => RECORD_TYPE_LABELS[record.recordType] },
          {
            key: 'what',
            header: 'Number or description',

            cell: (record) => (
              <span className={record.calledNumber && !record.description ? 'tel' : undefined}>
                {what(record)}
              </span>
            ),
          },
          {
            key: 'destination',
            header: 'Destination',
            cell: (record) =>
              record.destinationClass ? (
                <span
                  className="badge"
                  data-tone={
                    record.destinationClass === 'premium' || record.destinationClass === 'roaming'
                      ? 'warn'
                      : undefined
                  }
                >
                  {DESTINATION_LABELS[record.destinationClass]}
                  {record.country && record.destinationClass === 'international'
                    ? ` · ${record.country}`
                    : ''}
                </span>
              ) : (
                <span className="muted">—</span>
              ),
          },
          { key: 'amount', header: 'Duration or volume', numeric: true, cell: amount },
          {
            key: 'charge',
            header: 'Charge',
            numeric: true,
            cell: (record) => formatMoney(record.chargeMinor, currency),
          },
        ]}
        empty={state.status === 'loading' ? 'Loading records…' : 'No records match these filters.'}
      />
      <div className="table-footer">
        <span role="status" aria-live="polite">
          {state.status === 'loading' && state.records.length === 0
            ? 'Loading records…'
            : `Showing ${formatCount(state.records.length)} record${state.records.length === 1 ? '' : 's'}${state.cursor ? '' : ' — all of them'}`}
        </span>
        {state.cursor ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={loadMore}
            disabled={state.status === 'loading'}
          >
            {state.status === 'loading' ? 'Loading…' : `Load ${PAGE} more`}
          </button>
        ) : null}
      </div>
    </section>
  );
}
