import { Counter, Gauge, Registry } from 'prom-client';

/** Why an accounting datagram was dropped without an answer. Stable: dashboards alert on them. */
export const DROP_REASONS = [
  'unknown-client',
  'truncated',
  'bad-length',
  'not-accounting-request',
  'attribute-overrun',
  'bad-authenticator',
  'undecodable',
  'retransmission-in-flight',
  'missing-status-type',
  'missing-session-id',
  'missing-address',
  'invalid-address',
  'unsupported-ipv6-prefix',
  'missing-msisdn',
  'invalid-msisdn',
  'store-unavailable',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export const LOOKUP_RESULTS = ['found', 'none', 'unknown'] as const;
export const CHANGE_OUTCOMES = [
  'created',
  'refreshed',
  'replaced',
  'stale',
  'stopped',
  'no-match',
  'dropped-nas',
];
export const STATUS_TYPES = ['Start', 'Interim-Update', 'Stop', 'Accounting-On', 'Accounting-Off', 'other'];

export interface SessionMetrics {
  readonly registry: Registry;
  readonly requests: Counter<'status_type'>;
  readonly dropped: Counter<'reason'>;
  readonly responses: Counter;
  readonly retransmissions: Counter;
  readonly changes: Counter<'outcome'>;
  readonly lookups: Counter<'result'>;
  /**
   * Lookup counts as plain numbers, published into `lookups` at each scrape: a lookup is a
   * sub-microsecond operation and a labelled prom-client increment would cost more than it.
   */
  readonly lookupTally: Record<(typeof LOOKUP_RESULTS)[number], number>;
  /** The accounting listener's counts, plain numbers published the same way (several per request). */
  readonly accountingTally: AccountingTally;
  readonly storeErrors: Counter<'operation'>;
  readonly sessions: Gauge;
}

export interface AccountingTally {
  readonly requests: Record<string, number>;
  readonly dropped: Record<DropReason, number>;
  readonly changes: Record<string, number>;
  responses: number;
  retransmissions: number;
}

/** Adds to `counter` what `tally` counted since the last scrape (a collect hook). */
function publish(counter: Counter<string>, tally: Record<string, number>, published: Record<string, number>) {
  for (const [label, value] of Object.entries(tally)) {
    const delta = value - (published[label] ?? 0);
    if (delta > 0) counter.labels(label).inc(delta);
    published[label] = value;
  }
}

const zeros = (labels: readonly string[]): Record<string, number> =>
  Object.fromEntries(labels.map((label) => [label, 0]));

/**
 * Counters on the caller's registry (one per server, no global state). Every label value is
 * pre-created so that a reason appears at 0 before it first happens and alerts can use rate().
 */
export function createSessionMetrics(registry: Registry = new Registry()): SessionMetrics {
  const lookupTally = { found: 0, none: 0, unknown: 0 };
  const published = { ...lookupTally };
  const accountingTally: AccountingTally = {
    requests: zeros(STATUS_TYPES),
    dropped: zeros(DROP_REASONS) as Record<DropReason, number>,
    changes: zeros(CHANGE_OUTCOMES),
    responses: 0,
    retransmissions: 0,
  };
  const publishedAccounting = {
    requests: zeros(STATUS_TYPES),
    dropped: zeros(DROP_REASONS),
    changes: zeros(CHANGE_OUTCOMES),
    totals: { responses: 0, retransmissions: 0 },
  };
  const publishTotal = (counter: Counter, name: 'responses' | 'retransmissions') => {
    const delta = accountingTally[name] - publishedAccounting.totals[name];
    if (delta > 0) counter.inc(delta);
    publishedAccounting.totals[name] = accountingTally[name];
  };
  const metrics: SessionMetrics = {
    lookupTally,
    accountingTally,
    registry,
    requests: new Counter({
      name: 'linekeeper_radius_requests_total',
      help: 'Authenticated, well-formed Accounting-Requests, by Acct-Status-Type',
      labelNames: ['status_type'],
      registers: [registry],
      collect() {
        publish(this, accountingTally.requests, publishedAccounting.requests);
      },
    }),
    dropped: new Counter({
      name: 'linekeeper_radius_dropped_total',
      help: 'Accounting datagrams dropped without an answer, by reason',
      labelNames: ['reason'],
      registers: [registry],
      collect() {
        publish(this, accountingTally.dropped, publishedAccounting.dropped);
      },
    }),
    responses: new Counter({
      name: 'linekeeper_radius_responses_total',
      help: 'Accounting-Responses sent (retransmitted answers included)',
      registers: [registry],
      collect() {
        publishTotal(this, 'responses');
      },
    }),
    retransmissions: new Counter({
      name: 'linekeeper_radius_retransmissions_total',
      help: 'Retransmitted requests answered again from the cache, not re-applied',
      registers: [registry],
      collect() {
        publishTotal(this, 'retransmissions');
      },
    }),
    changes: new Counter({
      name: 'linekeeper_session_changes_total',
      help: 'What accounting did to the session table, by outcome',
      labelNames: ['outcome'],
      registers: [registry],
      collect() {
        publish(this, accountingTally.changes, publishedAccounting.changes);
      },
    }),
    lookups: new Counter({
      name: 'linekeeper_session_lookups_total',
      help: 'Session lookups by result; unknown = the store could not answer',
      labelNames: ['result'],
      registers: [registry],
      collect() {
        for (const result of LOOKUP_RESULTS) {
          const delta = lookupTally[result] - published[result];
          if (delta > 0) this.labels(result).inc(delta);
          published[result] = lookupTally[result];
        }
      },
    }),
    storeErrors: new Counter({
      name: 'linekeeper_session_store_errors_total',
      help: 'Session store operations that failed (store down or timed out), by operation',
      labelNames: ['operation'],
      registers: [registry],
    }),
    sessions: new Gauge({
      name: 'linekeeper_sessions',
      help: 'Sessions held by the in-process store',
      registers: [registry],
    }),
  };
  for (const reason of DROP_REASONS) metrics.dropped.labels(reason).inc(0);
  for (const result of LOOKUP_RESULTS) metrics.lookups.labels(result).inc(0);
  for (const outcome of CHANGE_OUTCOMES) metrics.changes.labels(outcome).inc(0);
  for (const type of STATUS_TYPES) metrics.requests.labels(type).inc(0);
  for (const operation of ['record', 'stop', 'dropNas', 'lookup'])
    metrics.storeErrors.labels(operation).inc(0);
  return metrics;
}
