import { IDENTIFIER_KINDS, type IdentifierKind } from '@linekeeper/identity-core';
import { Counter, Registry } from 'prom-client';

/** Why a request was refused before it reached the page. */
export type RejectReason = 'header-too-large' | 'too-many-headers' | 'malformed' | 'timeout';

const REJECT_REASONS: readonly RejectReason[] = [
  'header-too-large',
  'too-many-headers',
  'malformed',
  'timeout',
];

/** The page's only record of what it saw: counts, never values, names or addresses. */
export interface LeakCheckMetrics {
  readonly registry: Registry;
  recordCheck(format: 'html' | 'json', kinds: readonly IdentifierKind[]): void;
  recordRejected(reason: RejectReason): void;
}

/** Counters on the server's own registry (one per server: no global state to leak between tests). */
export function createLeakCheckMetrics(registry: Registry = new Registry()): LeakCheckMetrics {
  const checks = new Counter({
    name: 'leakcheck_checks_total',
    help: 'Checks served, by response format',
    labelNames: ['format'] as const,
    registers: [registry],
  });
  const withFindings = new Counter({
    name: 'leakcheck_checks_with_findings_total',
    help: 'Checks that found at least one identity-bearing header',
    registers: [registry],
  });
  const findings = new Counter({
    name: 'leakcheck_findings_total',
    help: 'Identity-bearing headers found, by kind of identifier',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const rejected = new Counter({
    name: 'leakcheck_rejected_requests_total',
    help: 'Requests refused before the check, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  // Every series exists from the start, so a dashboard shows 0 rather than "no data".
  for (const format of ['html', 'json'] as const) checks.inc({ format }, 0);
  for (const kind of IDENTIFIER_KINDS) findings.inc({ kind }, 0);
  for (const reason of REJECT_REASONS) rejected.inc({ reason }, 0);

  return {
    registry,
    recordCheck(format, kinds) {
      checks.inc({ format });
      if (kinds.length > 0) withFindings.inc();
      for (const kind of kinds) findings.inc({ kind });
    },
    recordRejected(reason) {
      rejected.inc({ reason });
    },
  };
}
