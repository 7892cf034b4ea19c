import { Counter, Histogram, type Registry } from 'prom-client';

/** Why identity was withheld although the policy would have disclosed it (fail closed). */
export type FailClosedReason = 'session-unknown' | 'ledger-refused' | 'no-policy' | 'pseudonym-error';

export type TrafficKind = 'http' | 'connect' | 'upgrade';

export interface GatewayMetrics {
  readonly registry: Registry;
  request(kind: TrafficKind): void;
  enriched(partnerId: string, purpose: string): void;
  stripped(count: number): void;
  failClosed(reason: FailClosedReason): void;
  upstreamError(code: string): void;
  clientError(code: string): void;
  policyLoad(result: 'accepted' | 'invalid' | 'refused'): void;
  /** Seconds from the request's arrival to the end of the response. */
  observe(kind: TrafficKind, seconds: number): void;
}

/** The gateway's Prometheus metrics, registered on the registry it is handed (one per server). */
export function createGatewayMetrics(registry: Registry): GatewayMetrics {
  const registers = [registry];
  const requests = new Counter({
    name: 'linekeeper_gateway_requests_total',
    help: 'Requests and tunnels received, by kind',
    labelNames: ['kind'] as const,
    registers,
  });
  const enrichments = new Counter({
    name: 'linekeeper_gateway_enrichments_total',
    help: 'Requests enriched with identity, by partner and purpose (recorded in the ledger first)',
    labelNames: ['partner', 'purpose'] as const,
    registers,
  });
  const stripped = new Counter({
    name: 'linekeeper_gateway_stripped_headers_total',
    help: 'Inbound identity headers removed from client requests',
    registers,
  });
  const failClosed = new Counter({
    name: 'linekeeper_gateway_fail_closed_total',
    help: 'Requests the policy would have enriched that went without identity, by reason',
    labelNames: ['reason'] as const,
    registers,
  });
  const upstreamErrors = new Counter({
    name: 'linekeeper_gateway_upstream_errors_total',
    help: 'Upstream failures answered with 502/504, by code',
    labelNames: ['code'] as const,
    registers,
  });
  const clientErrors = new Counter({
    name: 'linekeeper_gateway_client_errors_total',
    help: 'Client requests refused (4xx) before forwarding, by code',
    labelNames: ['code'] as const,
    registers,
  });
  const policyLoads = new Counter({
    name: 'linekeeper_gateway_policy_loads_total',
    help: 'Policy loads and reloads, by result',
    labelNames: ['result'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'linekeeper_gateway_request_duration_seconds',
    help: 'Time from request arrival to the end of the response (tunnels: until closed)',
    labelNames: ['kind'] as const,
    buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  for (const reason of ['session-unknown', 'ledger-refused', 'no-policy', 'pseudonym-error'] as const) {
    failClosed.labels(reason);
  }
  const requestBy = {
    http: requests.labels('http'),
    connect: requests.labels('connect'),
    upgrade: requests.labels('upgrade'),
  };
  const durationBy = {
    http: duration.labels('http'),
    connect: duration.labels('connect'),
    upgrade: duration.labels('upgrade'),
  };
  const enrichedBy = new Map<string, ReturnType<typeof enrichments.labels>>();

  return {
    registry,
    request: (kind) => requestBy[kind].inc(),
    enriched: (partner, purpose) => {
      // The labelled child is kept: hashing the labels on every enriched request costs more.
      const key = `${partner}\u0000${purpose}`;
      let child = enrichedBy.get(key);
      if (child === undefined) {
        if (enrichedBy.size >= 10_000) enrichedBy.clear();
        child = enrichments.labels(partner, purpose);
        enrichedBy.set(key, child);
      }
      child.inc();
    },
    stripped: (count) => stripped.inc(count),
    failClosed: (reason) => failClosed.labels(reason).inc(),
    upstreamError: (code) => upstreamErrors.labels(code).inc(),
    clientError: (code) => clientErrors.labels(code).inc(),
    policyLoad: (result) => policyLoads.labels(result).inc(),
    observe: (kind, seconds) => durationBy[kind].observe(seconds),
  };
}
