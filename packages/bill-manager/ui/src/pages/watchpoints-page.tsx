import { useId, useState } from 'react';
import { Link } from 'react-router';
import {
  type CreateWatchpointRequest,
  type DeliveriesResponse,
  type LinesResponse,
  PATHS,
  pathTo,
  type Watchpoint,
  type WatchpointsResponse,
} from '../api/contract.js';
import { useApiQuery } from '../api/use-api-query.js';
import { useMutation } from '../api/use-mutation.js';
import { DataTable } from '../components/data-table.js';
import { ModalDialog } from '../components/modal-dialog.js';
import { PageHeader } from '../components/page-header.js';
import { LoadingBlock, QueryView } from '../components/query-view.js';
import { formatMoney, parseMoneyToMinor } from '../format/format-money.js';
import { formatMsisdn, formatPeriod } from '../format/format-usage.js';
import { usePageTitle } from '../session/require-session.js';
import { isReadOnly } from '../session/role-rules.js';
import { useSignedIn } from '../session/session-context.js';

type WatchClass = NonNullable<CreateWatchpointRequest['watchClass']>;
const CLASS_LABELS: Readonly<Record<WatchClass, string>> = {
  mobile: 'Calls to mobiles',
  landline: 'Calls to landlines',
  non_geographic: 'Non-geographic calls',
  premium: 'Premium-rate calls',
  international: 'International calls',
  roaming: 'Roaming',
  third_party: 'Third-party purchases',
};

function describe(watchpoint: Watchpoint): string {
  if (watchpoint.kind === 'line_spend')
    return `Spend on ${watchpoint.line ? formatMsisdn(watchpoint.line.msisdn) : 'a line'}`;
  const what = watchpoint.watchClass ? CLASS_LABELS[watchpoint.watchClass] : 'A class';
  return watchpoint.line ? `${what} on ${formatMsisdn(watchpoint.line.msisdn)}` : `${what}, on any line`;
}

interface Draft {
  name: string;
  kind: CreateWatchpointRequest['kind'];
  lineId: string;
  watchClass: WatchClass;
  threshold: string;
}

const EMPTY: Draft = { name: '', kind: 'class_spend', lineId: '', watchClass: 'premium', threshold: '' };

/** Alerts on spend: a line's total, or a class such as premium or roaming, over a monthly threshold. */
export function WatchpointsPage() {
  usePageTitle('Watchpoints');
  const session = useSignedIn();
  const id = useId();
  const readOnly = isReadOnly(session);
  const list = useApiQuery('watchpoints', (api, signal) =>
    api.get<WatchpointsResponse>(PATHS.watchpoints, { signal }),
  );
  const deliveries = useApiQuery(session.user.role === 'company_admin' ? 'deliveries' : null, (api, signal) =>
    api.get<DeliveriesResponse>(PATHS.watchpointDeliveries, { signal }),
  );
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState<Watchpoint | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const lines = useApiQuery(creating ? 'watch-lines' : null, (api, signal) =>
    api.get<LinesResponse>(PATHS.lines, { query: { pageSize: 200, sort: 'msisdn', order: 'asc' }, signal }),
  );
  const currency = list.data?.currency ?? 'GBP';

  const create = useMutation(async () => {
    const thresholdMinor = parseMoneyToMinor(draft.threshold, currency);
    if (thresholdMinor === null || thresholdMinor < 1)
      throw new Error('Enter the threshold as an amount, e.g. 25.00');
    const body: CreateWatchpointRequest = {
      name: draft.name.trim(),
      kind: draft.kind,
      thresholdMinor,
      ...(draft.lineId ? { lineId: draft.lineId } : {}),
      ...(draft.kind === 'class_spend' ? { watchClass: draft.watchClass } : {}),
    };
    await session.api.post(PATHS.watchpoints, { body });
    setCreating(false);
    list.reload();
    deliveries.reload();
  });
  const remove = useMutation(async () => {
    if (!removing) return;
    await session.api.delete(pathTo(PATHS.updateWatchpoint, { watchpointId: removing.id }));
    setRemoving(null);
    list.reload();
    deliveries.reload();
  });

  return (
    <div className="page">
      <PageHeader
        title="Watchpoints"
        description="Get told when spend passes a threshold in a month — a line’s total, or a class such as premium-rate or roaming."
        actions={
          readOnly ? null : (
            <button
              type="button"
              className="button"
              onClick={() => {
                create.reset();
                setDraft(EMPTY);
                setCreating(true);
              }}
            >
              New watchpoint
            </button>
          )
        }
      />
      <QueryView query={list} loading={<LoadingBlock label="Loading watchpoints" lines={4} />}>
        {(data) => (
          <section className="card card-flush" aria-label="Watchpoints">
            <DataTable
              caption="Watchpoints"
              rows={data.watchpoints}
              rowKey={(watchpoint) => watchpoint.id}
              columns={[
                {
                  key: 'name',
                  header: 'Watchpoint',
                  rowHeader: true,
                  cell: (watchpoint) => (
                    <>
                      <span className="cell-primary">{watchpoint.name}</span>
                      <span className="cell-secondary">{describe(watchpoint)}</span>
                    </>
                  ),
                },
                {
                  key: 'threshold',
                  header: 'Threshold',
                  numeric: true,
                  cell: (watchpoint) => `${formatMoney(watchpoint.thresholdMinor, data.currency)} / month`,
                },
                {
                  key: 'state',
                  header: 'Latest bill',
                  cell: (watchpoint) =>
                    watchpoint.evaluation.triggered ? (
                      <span className="badge" data-tone="bad">
                        Over on {watchpoint.evaluation.hits.length} line
                        {watchpoint.evaluation.hits.length === 1 ? '' : 's'}
                      </span>
                    ) : (
                      <span className="badge" data-tone="good">
                        Within
                        {watchpoint.evaluation.period
                          ? ` · ${formatPeriod(watchpoint.evaluation.period, 'short')}`
                          : ''}
                      </span>
                    ),
                },
                {
                  key: 'hits',
                  header: 'Lines over',
                  cell: (watchpoint) =>
                    watchpoint.evaluation.hits.length === 0 ? (
                      <span className="muted">—</span>
                    ) : (
                      <ul className="plain-list">
                        {watchpoint.evaluation.hits.slice(0, 3).map((hit) => (
                          <li key={hit.line.id}>
                            <Link to={`/lines/${encodeURIComponent(hit.line.id)}`}>
                              {formatMsisdn(hit.line.msisdn)}
                            </Link>{' '}
                            <span className="muted">{formatMoney(hit.valueMinor, data.currency)}</span>
                          </li>
                        ))}
                        {watchpoint.evaluation.hits.length > 3 ? (
                          <li className="muted">and {watchpoint.evaluation.hits.length - 3} more</li>
                        ) : null}
                      </ul>
                    ),
                },
                {
                  key: 'actions',
                  header: <span className="visually-hidden">Actions</span>,
                  className: 'cell-actions',
                  cell: (watchpoint) =>
                    readOnly ? null : (
                      <button
                        type="button"
                        className="button button-secondary button-small"
                        onClick={() => {
                          remove.reset();
                          setRemoving(watchpoint);
                        }}
                      >
                        Remove<span className="visually-hidden"> {watchpoint.name}</span>
                      </button>
                    ),
                },
              ]}
              empty="No watchpoints yet. Add one to hear about unusual spend."
            />
          </section>
        )}
      </QueryView>
      {deliveries.data ? (
        <section className="card card-flush" aria-labelledby="deliveries-title">
          <div className="card-header">
            <div>
              <h2 id="deliveries-title">Due for delivery</h2>
              <p>
                Triggered watchpoints
                {deliveries.data.period ? ` on the ${formatPeriod(deliveries.data.period)} bill` : ''}, and
                who is told
              </p>
            </div>
          </div>
          <DataTable
            caption="Watchpoint deliveries"
            rows={deliveries.data.deliveries}
            rowKey={(delivery) => delivery.watchpointId}
            columns={[
              { key: 'name', header: 'Watchpoint', rowHeader: true, cell: (delivery) => delivery.name },
              { key: 'lines', header: 'Lines over', numeric: true, cell: (delivery) => delivery.hits.length },
              { key: 'to', header: 'Recipients', cell: (delivery) => delivery.recipients.join(', ') },
            ]}
            empty="Nothing to deliver: every watchpoint is within its threshold."
          />
        </section>
      ) : null}
      <ModalDialog
        open={creating}
        title="New watchpoint"
        onClose={() => setCreating(false)}
        onSubmit={() => void create.run()}
        submitLabel="Create watchpoint"
        busy={create.busy}
        error={create.error}
      >
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input
            id={`${id}-name`}
            className="input"
            required
            maxLength={100}
            value={draft.name}
            onChange={(event) => setDraft({ ...draft, name: event.target.value })}
            placeholder="e.g. Premium-rate calls"
          />
        </div>
        <fieldset className="fieldset">
          <legend className="field-label">Watch</legend>
          <label className="checkbox">
            <input
              type="radio"
              name="kind"
              checked={draft.kind === 'class_spend'}
              onChange={() => setDraft({ ...draft, kind: 'class_spend' })}
            />
            Spend in a class (premium, roaming…)
          </label>
          <label className="checkbox">
            <input
              type="radio"
              name="kind"
              checked={draft.kind === 'line_spend'}
              onChange={() => setDraft({ ...draft, kind: 'line_spend' })}
            />
            A line’s total spend
          </label>
        </fieldset>
        {draft.kind === 'class_spend' ? (
          <div className="field">
            <label htmlFor={`${id}-class`}>Class</label>
            <select
              id={`${id}-class`}
              className="select"
              value={draft.watchClass}
              onChange={(event) => setDraft({ ...draft, watchClass: event.target.value as WatchClass })}
            >
              {(Object.keys(CLASS_LABELS) as WatchClass[]).map((key) => (
                <option key={key} value={key}>
                  {CLASS_LABELS[key]}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <div className="field">
          <label htmlFor={`${id}-line`}>Line</label>
          <select
            id={`${id}-line`}
            className="select"
            required={draft.kind === 'line_spend'}
            value={draft.lineId}
            onChange={(event) => setDraft({ ...draft, lineId: event.target.value })}
          >
            <option value="">
              {draft.kind === 'line_spend' ? 'Choose a line…' : 'Every line I can see'}
            </option>
            {lines.data?.lines.map((line) => (
              <option key={line.id} value={line.id}>
                {formatMsisdn(line.msisdn)}
                {line.userName ? ` — ${line.userName}` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-threshold`}>Monthly threshold ({currency})</label>
          <input
            id={`${id}-threshold`}
            className="input"
            inputMode="decimal"
            required
            value={draft.threshold}
            onChange={(event) => setDraft({ ...draft, threshold: event.target.value })}
            placeholder="25.00"
          />
          <span className="field-hint">Excluding VAT, per line, per month.</span>
        </div>
      </ModalDialog>
      <ModalDialog
        open={removing !== null}
        title={`Remove “${removing?.name ?? ''}”?`}
        description="You will no longer be told when this threshold is passed."
        onClose={() => setRemoving(null)}
        onSubmit={() => void remove.run()}
        submitLabel="Remove watchpoint"
        busy={remove.busy}
        error={remove.error}
        danger
      />
    </div>
  );
}
