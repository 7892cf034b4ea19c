import { parse as parseDomain } from 'tldts';
import { type ResolvedDestination, resolveDestination } from './destination-key.js';
import { hostPatternContains } from './host-name.js';
import { pathPrefixContains, pathPrefixesOverlap } from './path-prefix.js';
import type { RuleFinding } from './policy-problem.js';
import type { Policy } from './policy-schema.js';

interface Entry {
  readonly partnerId: string;
  readonly partnerIndex: number;
  readonly destinationIndex: number;
  readonly order: number;
  readonly destination: ResolvedDestination;
}

/**
 * Destination rules: a wildcard on a public suffix, and any two destinations that can match the
 * same request — across partners an error (one request would disclose to two partners, or a
 * wildcard claims another partner's host), within one partner a redundant entry. Grouped by
 * scheme/port/host and walked label by label, so a 10,000-destination policy stays linear.
 */
export function checkDestinations(policy: Policy): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const entries: Entry[] = [];
  policy.partners.forEach((partner, partnerIndex) => {
    partner.destinations.forEach((raw, destinationIndex) => {
      const destination = resolveDestination(raw);
      entries.push({
        partnerId: partner.id,
        partnerIndex,
        destinationIndex,
        order: entries.length,
        destination,
      });
      if (destination.host.kind === 'wildcard') {
        const base = destination.host.host;
        const parsed = parseDomain(base, { allowPrivateDomains: true });
        if (parsed.domain === null || parsed.publicSuffix === base) {
          findings.push({
            rule: 'policy/public-suffix-wildcard',
            message: `*.${base} covers every site registered under the public suffix ${base}; list the partner's own domain instead`,
            path: hostPath(partnerIndex, destinationIndex),
          });
        }
      }
    });
  });

  const groups = new Map<string, Entry[]>();
  for (const entry of entries) {
    const key = groupKey(entry.destination, entry.destination.host.kind, entry.destination.host.host);
    const list = groups.get(key);
    if (list) list.push(entry);
    else groups.set(key, [entry]);
  }
  const reported = new Set<string>();
  const consider = (a: Entry, b: Entry) => {
    const [first, second] = a.order < b.order ? [a, b] : [b, a];
    const pairKey = `${first.order}:${second.order}`;
    if (first === second || reported.has(pairKey)) return;
    const finding = comparePair(first, second);
    if (finding) {
      reported.add(pairKey);
      findings.push(finding);
    }
  };
  for (const list of groups.values()) {
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) consider(list[i] as Entry, list[j] as Entry);
    }
  }
  // Every wildcard that covers an entry's host sits at one of the host's label suffixes.
  for (const entry of entries) {
    const { host } = entry.destination;
    let suffix = host.kind === 'wildcard' ? `.${host.host}` : host.host;
    for (let dot = suffix.indexOf('.'); dot !== -1; dot = suffix.indexOf('.')) {
      suffix = suffix.slice(dot + 1);
      for (const other of groups.get(groupKey(entry.destination, 'wildcard', suffix)) ?? [])
        consider(entry, other);
    }
  }
  return findings;
}

function comparePair(first: Entry, second: Entry): RuleFinding | undefined {
  const a = first.destination;
  const b = second.destination;
  if (!pathPrefixesOverlap(a.pathPrefix, b.pathPrefix)) return undefined;
  const where = (entry: Entry) => `partner ${entry.partnerId}'s ${entry.destination.key}`;
  if (first.partnerId === second.partnerId) {
    const [outer, inner] = contains(a, b) ? [first, second] : contains(b, a) ? [second, first] : [];
    if (!outer || !inner) return undefined;
    return {
      rule: 'policy/redundant-destination',
      message: `${inner.destination.key} is already covered by ${outer.destination.key} of the same partner`,
      path: hostPath(inner.partnerIndex, inner.destinationIndex),
    };
  }
  if (a.host.kind === 'exact' && b.host.kind === 'exact') {
    return {
      rule: 'policy/overlapping-destination',
      message: `${b.key} overlaps ${where(first)}: one request would disclose to both partners`,
      path: [...hostPath(second.partnerIndex, second.destinationIndex).slice(0, -1), 'pathPrefix'],
    };
  }
  const [wide, narrow] = hostPatternContains(a.host, b.host) ? [first, second] : [second, first];
  return {
    rule: 'policy/shadowed-destination',
    message: `${wide.destination.key} (partner ${wide.partnerId}) covers ${where(narrow)}`,
    path: hostPath(wide.partnerIndex, wide.destinationIndex),
  };
}

function contains(outer: ResolvedDestination, inner: ResolvedDestination): boolean {
  return (
    hostPatternContains(outer.host, inner.host) && pathPrefixContains(outer.pathPrefix, inner.pathPrefix)
  );
}

function groupKey(destination: ResolvedDestination, kind: string, host: string): string {
  return `${destination.scheme}|${destination.port}|${kind}|${host}`;
}

function hostPath(partnerIndex: number, destinationIndex: number): (string | number)[] {
  return ['partners', partnerIndex, 'destinations', destinationIndex, 'host'];
}
