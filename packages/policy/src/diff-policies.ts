import { createHash } from 'node:crypto';
import { type Cidr, cidrContains, parseCidr } from './cidr.js';
import { type ResolvedDestination, resolveDestination } from './destination-key.js';
import { formatHostPattern, hostPatternContains } from './host-name.js';
import { pathPrefixContains } from './path-prefix.js';
import type { DisclosedField, Policy } from './policy-schema.js';

export type ChangeDirection = 'widening' | 'narrowing';

/** One field going (or no longer going) to one destination, for one partner, purpose and pool. */
export interface GrantChange {
  readonly kind: 'grant';
  readonly direction: ChangeDirection;
  readonly destination: string;
  /** The destination's host pattern (`partner.demo`, `*.partner.com`): what the ledger is asked about. */
  readonly host: string;
  readonly partnerId: string;
  readonly purpose: string;
  readonly field: DisclosedField;
  readonly header: string;
  readonly pool: string;
}

/** A subscriber pool gaining or losing addresses. Widening only when a disclosure uses the pool. */
export interface PoolChange {
  readonly kind: 'pool';
  readonly direction: ChangeDirection;
  readonly pool: string;
  readonly cidr: string;
  /** True when some disclosure in the new policy applies to this pool. */
  readonly used: boolean;
}

export type PolicyChange = GrantChange | PoolChange;

export interface PolicyDiff {
  readonly fromId: string | undefined;
  readonly toId: string;
  /** True when anything is disclosed to anyone, or from anyone, that was not before. */
  readonly widening: boolean;
  /** `sha256:…` over the canonical widening changes: what an approval must name. */
  readonly diffHash: string;
  readonly changes: readonly PolicyChange[];
}

interface Grant {
  readonly destination: ResolvedDestination;
  readonly partnerId: string;
  readonly purpose: string;
  readonly field: DisclosedField;
  readonly header: string;
  readonly pool: string;
  /** Everything but where it goes: grants that could cover each other share it. */
  readonly what: string;
}

const EMPTY_POLICY: Policy = { version: 1, id: '(none)', pools: {}, partners: [] };

/**
 * The blast radius of replacing `from` with `to`. A grant in the new policy is widening unless an
 * old grant for the same partner, purpose, field, header and pool already covered its destination
 * (same scheme and port, host and path prefix containing it); symmetrically for narrowing. So
 * moving `/` to `/billing` narrows, and `partner.demo` to `*.partner.demo` widens.
 */
export function diffPolicies(from: Policy | undefined, to: Policy): PolicyDiff {
  const oldGrants = grantsOf(from ?? EMPTY_POLICY);
  const newGrants = grantsOf(to);
  const changes: PolicyChange[] = [
    ...uncovered(newGrants, oldGrants).map((grant) => grantChange(grant, 'widening')),
    ...uncovered(oldGrants, newGrants).map((grant) => grantChange(grant, 'narrowing')),
  ];
  const usedPools = new Set(newGrants.map((grant) => grant.pool));
  const oldPools = from?.pools ?? {};
  for (const [pool, cidrs] of Object.entries(to.pools)) {
    for (const cidr of uncoveredCidrs(cidrs, oldPools[pool] ?? [])) {
      changes.push({ kind: 'pool', direction: 'widening', pool, cidr, used: usedPools.has(pool) });
    }
  }
  for (const [pool, cidrs] of Object.entries(oldPools)) {
    for (const cidr of uncoveredCidrs(cidrs, to.pools[pool] ?? [])) {
      changes.push({ kind: 'pool', direction: 'narrowing', pool, cidr, used: usedPools.has(pool) });
    }
  }
  const wideningChanges = changes.filter(isWidening);
  return {
    fromId: from?.id,
    toId: to.id,
    widening: wideningChanges.length > 0,
    diffHash: hashChanges(wideningChanges),
    changes,
  };
}

/** A change that needs approval: a new grant, or new addresses in a pool that a grant uses. */
export function isWidening(change: PolicyChange): boolean {
  return change.direction === 'widening' && (change.kind === 'grant' || change.used);
}

/** sha256 over a canonical JSON array of the widening changes, sorted, so file order never matters. */
function hashChanges(changes: readonly PolicyChange[]): string {
  const rows = changes
    .map((change) =>
      change.kind === 'grant'
        ? [
            'grant',
            change.destination,
            change.partnerId,
            change.purpose,
            change.field,
            change.header,
            change.pool,
          ]
        : ['pool', change.pool, change.cidr],
    )
    .map((row) => JSON.stringify(row))
    .sort();
  return `sha256:${createHash('sha256')
    .update(`[${rows.join(',')}]`)
    .digest('hex')}`;
}

function grantsOf(policy: Policy): Grant[] {
  const allPools = Object.keys(policy.pools);
  const grants: Grant[] = [];
  for (const partner of policy.partners) {
    const destinations = partner.destinations.map(resolveDestination);
    for (const [purpose, spec] of Object.entries(partner.purposes)) {
      for (const [field, header] of Object.entries(spec.disclose) as [DisclosedField, string | undefined][]) {
        if (header === undefined) continue;
        for (const pool of spec.pools ?? allPools) {
          const what = JSON.stringify([partner.id, purpose, field, header.toLowerCase(), pool]);
          for (const destination of destinations) {
            grants.push({ destination, partnerId: partner.id, purpose, field, header, pool, what });
          }
        }
      }
    }
  }
  return grants;
}

/** The grants of `grants` that no grant of `others` covers; an exact-key index keeps it linear. */
function uncovered(grants: readonly Grant[], others: readonly Grant[]): Grant[] {
  const exact = new Set(others.map((grant) => `${grant.destination.key} ${grant.what}`));
  const byWhat = new Map<string, Grant[]>();
  for (const grant of others) {
    const list = byWhat.get(grant.what);
    if (list) list.push(grant);
    else byWhat.set(grant.what, [grant]);
  }
  return grants.filter((grant) => {
    if (exact.has(`${grant.destination.key} ${grant.what}`)) return false;
    return !(byWhat.get(grant.what) ?? []).some((other) =>
      destinationContains(other.destination, grant.destination),
    );
  });
}

function destinationContains(outer: ResolvedDestination, inner: ResolvedDestination): boolean {
  return (
    outer.scheme === inner.scheme &&
    outer.port === inner.port &&
    hostPatternContains(outer.host, inner.host) &&
    pathPrefixContains(outer.pathPrefix, inner.pathPrefix)
  );
}

function uncoveredCidrs(cidrs: readonly string[], others: readonly string[]): string[] {
  const parsedOthers = others.map(parseCidr).filter((cidr): cidr is Cidr => cidr !== undefined);
  return cidrs
    .map(parseCidr)
    .filter((cidr): cidr is Cidr => cidr !== undefined)
    .filter((cidr) => !parsedOthers.some((other) => cidrContains(other, cidr)))
    .map((cidr) => cidr.text);
}

function grantChange(grant: Grant, direction: ChangeDirection): GrantChange {
  return {
    kind: 'grant',
    direction,
    destination: grant.destination.key,
    host: formatHostPattern(grant.destination.host),
    partnerId: grant.partnerId,
    purpose: grant.purpose,
    field: grant.field,
    header: grant.header,
    pool: grant.pool,
  };
}
