import type { PolicyChangeAssessment } from './assess-policy-change.js';
import type { GrantChange, PolicyChange } from './diff-policies.js';
import type { HostReachSource } from './host-reach-source.js';

/** What one destination gains or loses, grouped for people. */
export interface DestinationBlastRadius {
  readonly destination: string;
  readonly host: string;
  readonly partnerIds: readonly string[];
  readonly gains: Disclosure;
  readonly loses: Disclosure;
  /** Distinct subscribers a day that reached the host lately; `null` without a ledger. */
  readonly subscribersPerDay: number | null;
}

export interface Disclosure {
  readonly fields: readonly string[];
  readonly purposes: readonly string[];
  readonly pools: readonly string[];
  readonly headers: readonly string[];
}

/** The `--json` shape of `policy diff`, and what the human text is printed from. */
export interface PolicyDiffReport {
  readonly from: string | null;
  readonly to: string;
  readonly widening: boolean;
  readonly diffHash: string;
  readonly accepted: boolean;
  readonly reason: string;
  readonly message: string;
  readonly reach: { readonly source: 'ledger' | 'none'; readonly days: number };
  readonly destinations: readonly DestinationBlastRadius[];
  readonly pools: readonly { pool: string; direction: string; cidr: string; used: boolean }[];
  readonly changes: readonly PolicyChange[];
}

export interface DescribeOptions {
  readonly fromId: string | undefined;
  readonly toId: string;
  readonly reach?: HostReachSource | undefined;
  readonly days?: number;
}

/** Groups an assessment by destination and asks the ledger (if any) how many people each reaches. */
export async function describePolicyDiff(
  assessment: PolicyChangeAssessment,
  options: DescribeOptions,
): Promise<PolicyDiffReport> {
  const days = options.days ?? 14;
  const grants = assessment.changes.filter((change): change is GrantChange => change.kind === 'grant');
  const byDestination = new Map<string, GrantChange[]>();
  for (const change of grants) {
    const list = byDestination.get(change.destination);
    if (list) list.push(change);
    else byDestination.set(change.destination, [change]);
  }
  const hosts = [...new Set(grants.map((change) => change.host))].sort();
  const reach =
    options.reach && hosts.length > 0
      ? await options.reach.distinctSubscribersPerDay(hosts, days)
      : undefined;
  const destinations = [...byDestination.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([destination, changes]): DestinationBlastRadius => {
      const host = changes[0]?.host ?? '';
      return {
        destination,
        host,
        partnerIds: unique(changes.map((change) => change.partnerId)),
        gains: summarise(changes.filter((change) => change.direction === 'widening')),
        loses: summarise(changes.filter((change) => change.direction === 'narrowing')),
        subscribersPerDay: options.reach ? (reach?.get(host) ?? 0) : null,
      };
    });
  return {
    from: options.fromId ?? null,
    to: options.toId,
    widening: assessment.widening,
    diffHash: assessment.diffHash,
    accepted: assessment.accepted,
    reason: assessment.reason,
    message: assessment.message,
    reach: { source: options.reach ? 'ledger' : 'none', days },
    destinations,
    pools: assessment.changes
      .filter((change) => change.kind === 'pool')
      .map(({ pool, direction, cidr, used }) => ({ pool, direction, cidr, used })),
    changes: assessment.changes,
  };
}

/** The human-readable blast radius. */
export function formatPolicyDiff(report: PolicyDiffReport): string {
  const lines = [`policy diff ${report.from ?? '(no running policy)'} -> ${report.to}`];
  if (report.destinations.length === 0 && report.pools.length === 0)
    lines.push('', 'no change in disclosure');
  for (const item of report.destinations) {
    const sign = item.gains.fields.length > 0 ? (item.loses.fields.length > 0 ? '~' : '+') : '-';
    lines.push('', `${sign} ${item.destination}  (partner ${item.partnerIds.join(', ')})`);
    if (item.gains.fields.length > 0) lines.push(`    gains  ${formatDisclosure(item.gains)}`);
    if (item.loses.fields.length > 0) lines.push(`    loses  ${formatDisclosure(item.loses)}`);
    if (item.subscribersPerDay !== null) {
      lines.push(
        `    reach  ${item.subscribersPerDay} distinct subscribers/day reached ${item.host} (last ${report.reach.days} days)`,
      );
    }
  }
  if (report.pools.length > 0) lines.push('');
  for (const pool of report.pools) {
    const verb = pool.direction === 'widening' ? 'gains' : 'loses';
    lines.push(
      `${pool.direction === 'widening' ? '+' : '-'} pool ${pool.pool} ${verb} ${pool.cidr}${pool.used ? '' : ' (no disclosure uses this pool)'}`,
    );
  }
  lines.push('');
  if (report.reach.source === 'none')
    lines.push('reach: no ledger given, so subscribers per day are not shown');
  lines.push(
    report.widening
      ? `WIDENING: approval must name diffHash ${report.diffHash}`
      : 'not widening: no approval needed',
    `gate: ${report.accepted ? 'accepted' : 'REFUSED'} (${report.reason}): ${report.message}`,
  );
  return `${lines.join('\n')}\n`;
}

function summarise(changes: readonly GrantChange[]): Disclosure {
  return {
    fields: unique(changes.map((change) => change.field)),
    purposes: unique(changes.map((change) => change.purpose)),
    pools: unique(changes.map((change) => change.pool)),
    headers: unique(changes.map((change) => change.header)),
  };
}

function formatDisclosure(disclosure: Disclosure): string {
  return [
    `fields ${disclosure.fields.join(', ')}`,
    `purposes ${disclosure.purposes.join(', ')}`,
    `headers ${disclosure.headers.join(', ')}`,
    `pools ${disclosure.pools.join(', ')}`,
  ].join('; ');
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
