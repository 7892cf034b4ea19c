import type { PolicyPath } from './policy-document.js';

export type Severity = 'error' | 'warning';

/**
 * Every rule `policy check` applies, with its stable id (printed, and in `--json`) and severity.
 * An error keeps a policy from loading; a warning is printed and allowed.
 */
export const POLICY_RULES = {
  'policy/yaml-syntax': { severity: 'error', summary: 'the file is not valid YAML' },
  'policy/unknown-key': { severity: 'error', summary: 'a key the format does not define (often a typo)' },
  'policy/schema': { severity: 'error', summary: 'a missing key or a value of the wrong shape' },
  'policy/duplicate-partner': { severity: 'error', summary: 'two partners with the same id' },
  'policy/unknown-pool': { severity: 'error', summary: 'a purpose names a pool the policy does not define' },
  'policy/cidr-host-bits': { severity: 'warning', summary: 'a CIDR with host bits set (127.0.0.1/8)' },
  'policy/overlapping-destination': {
    severity: 'error',
    summary: 'two partners on the same scheme/host/port with one path prefix containing the other',
  },
  'policy/shadowed-destination': {
    severity: 'error',
    summary: "a wildcard destination covering another partner's host",
  },
  'policy/redundant-destination': {
    severity: 'warning',
    summary: 'a destination already covered by another destination of the same partner',
  },
  'policy/public-suffix-wildcard': {
    severity: 'error',
    summary: 'a wildcard on a public suffix (*.co.uk, *.com, *.github.io) covers unrelated owners',
  },
  'policy/contract-expired': { severity: 'error', summary: "the partner's contract has expired" },
  'policy/contract-expiring': { severity: 'warning', summary: 'the contract expires within 30 days' },
  'policy/msisdn-without-justification': {
    severity: 'error',
    summary: 'the raw MSISDN is disclosed without a written justification',
  },
  'policy/imsi-without-justification': {
    severity: 'error',
    summary: 'the raw IMSI is disclosed without a written justification',
  },
  'policy/msisdn-over-http': { severity: 'warning', summary: 'the raw MSISDN goes over plain http' },
  'policy/imsi-over-http': { severity: 'warning', summary: 'the raw IMSI goes over plain http' },
  'policy/invalid-header-name': { severity: 'error', summary: 'a header name that is not an HTTP token' },
  'policy/reserved-header-name': {
    severity: 'error',
    summary: 'a header name HTTP itself uses (Host, Content-Length, Connection, …)',
  },
  'policy/header-collision': {
    severity: 'error',
    summary: 'one header name for two different fields sent to the same partner',
  },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type PolicyRuleId = keyof typeof POLICY_RULES;

/** One problem, positioned in the file, as `policy check` prints it. */
export interface PolicyProblem {
  readonly rule: PolicyRuleId;
  readonly severity: Severity;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The key path inside the policy, e.g. `partners.0.destinations.1.host`. */
  readonly path: string;
}

/** What a rule reports before it is positioned: `key: true` points at the key, not its value. */
export interface RuleFinding {
  readonly rule: PolicyRuleId;
  readonly message: string;
  readonly path: PolicyPath;
  readonly key?: boolean;
}

/** `policy.yaml:12:7 error policy/public-suffix-wildcard: …` */
export function formatProblem(problem: PolicyProblem): string {
  return `${problem.file}:${problem.line}:${problem.column} ${problem.severity} ${problem.rule}: ${problem.message}`;
}

export function hasErrors(problems: readonly PolicyProblem[]): boolean {
  return problems.some((problem) => problem.severity === 'error');
}
