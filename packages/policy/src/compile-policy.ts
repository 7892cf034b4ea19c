import { compileAddressPools } from './cidr.js';
import { defaultPort, resolveDestination } from './destination-key.js';
import { normaliseHost } from './host-name.js';
import { normaliseRequestPath, pathPrefixCovers } from './path-prefix.js';
import type { DisclosedField, Policy } from './policy-schema.js';

/** A request's destination as the gateway sees it. */
export interface PolicyRequest {
  readonly scheme: string;
  /** Host header or request-target host, any case, trailing dot or Unicode allowed. */
  readonly host: string;
  /** Default: 80 for http, 443 for https. */
  readonly port?: number | undefined;
  /** Request target path; a query or fragment is ignored. */
  readonly path: string;
  /** When given, only purposes whose pools hold this address match (none if it is in no pool). */
  readonly clientAddress?: string | undefined;
}

/** One partner and purpose a request is enriched for, and exactly what goes in which header. */
export interface PolicyMatch {
  readonly partnerId: string;
  readonly purpose: string;
  /** The policy destination that matched, e.g. `http://partner.demo:80/`. */
  readonly destination: string;
  readonly disclose: readonly { readonly field: DisclosedField; readonly header: string }[];
  readonly fields: readonly DisclosedField[];
  readonly headerNames: readonly string[];
  readonly pools: readonly string[];
}

export interface CompiledPolicy {
  readonly id: string;
  /** Every partner and purpose the policy lists for this destination; empty for everyone else. */
  match(request: PolicyRequest): readonly PolicyMatch[];
  /** True when the address is in a subscriber pool (mobile data); Wi-Fi and fixed never are. */
  isSubscriberAddress(address: string): boolean;
  poolsOf(address: string): readonly string[];
  /** Every header name the policy can add: the gateway strips these from inbound requests. */
  readonly headerNames: readonly string[];
}

export interface CompilePolicyOptions {
  /** Milliseconds since the epoch; a partner whose contract has run out stops matching. */
  readonly now?: () => number;
}

interface Route {
  readonly scheme: string;
  readonly port: number;
  readonly pathPrefix: string;
  /** End of the contract's expiry day, UTC. */
  readonly expiresAt: number;
  readonly matches: readonly PolicyMatch[];
}

const NONE: readonly PolicyMatch[] = Object.freeze([]);

/**
 * Compiles a checked policy once, for the gateway's hot path: exact hosts in one Map, wildcard
 * bases in another (looked up by walking the request host's labels, so `*.partner.com` matches
 * `a.partner.com` and never `partner.com.evil.com` or `evil.com`), path prefixes longest first.
 */
export function compilePolicy(policy: Policy, options: CompilePolicyOptions = {}): CompiledPolicy {
  const now = options.now ?? Date.now;
  const exact = new Map<string, Route[]>();
  const wildcard = new Map<string, Route[]>();
  const allPools = Object.keys(policy.pools);
  const headerNames = new Set<string>();
  for (const partner of policy.partners) {
    const expiresAt = Date.parse(`${partner.contract.expires}T00:00:00Z`) + 86_400_000;
    for (const raw of partner.destinations) {
      const destination = resolveDestination(raw);
      const matches = Object.entries(partner.purposes).map(([purpose, spec]) => {
        const disclose = Object.entries(spec.disclose)
          .filter((entry): entry is [DisclosedField, string] => entry[1] !== undefined)
          .map(([field, header]) => Object.freeze({ field, header }));
        for (const { header } of disclose) headerNames.add(header.toLowerCase());
        return Object.freeze({
          partnerId: partner.id,
          purpose,
          destination: destination.key,
          disclose: Object.freeze(disclose),
          fields: Object.freeze(disclose.map((entry) => entry.field)),
          headerNames: Object.freeze(disclose.map((entry) => entry.header)),
          pools: Object.freeze([...(spec.pools ?? allPools)]),
        });
      });
      const route: Route = {
        scheme: destination.scheme,
        port: destination.port,
        pathPrefix: destination.pathPrefix,
        expiresAt,
        matches: Object.freeze(matches),
      };
      const table = destination.host.kind === 'exact' ? exact : wildcard;
      const list = table.get(destination.host.host);
      if (list) list.push(route);
      else table.set(destination.host.host, [route]);
    }
  }
  for (const table of [exact, wildcard]) {
    for (const list of table.values()) list.sort((a, b) => b.pathPrefix.length - a.pathPrefix.length);
  }
  const pools = compileAddressPools(policy.pools);

  const collect = (routes: Route[] | undefined, request: Resolved, into: PolicyMatch[]) => {
    if (!routes) return;
    for (const route of routes) {
      if (route.port !== request.port || route.scheme !== request.scheme) continue;
      if (!pathPrefixCovers(route.pathPrefix, request.path)) continue;
      if (route.expiresAt <= request.now) continue;
      for (const match of route.matches) into.push(match);
    }
  };

  return Object.freeze({
    id: policy.id,
    headerNames: Object.freeze([...headerNames].sort()),
    isSubscriberAddress: (address: string) => pools.poolsOf(address).length > 0,
    poolsOf: (address: string) => pools.poolsOf(address),
    match(request: PolicyRequest): readonly PolicyMatch[] {
      const scheme = request.scheme.toLowerCase();
      if (scheme !== 'http' && scheme !== 'https') return NONE;
      const host = normaliseHost(request.host);
      const path = normaliseRequestPath(request.path);
      if (host === undefined || path === undefined) return NONE;
      const resolved: Resolved = { scheme, port: request.port ?? defaultPort(scheme), path, now: now() };
      const found: PolicyMatch[] = [];
      collect(exact.get(host), resolved, found);
      for (let dot = host.indexOf('.'); dot !== -1; dot = host.indexOf('.', dot + 1)) {
        collect(wildcard.get(host.slice(dot + 1)), resolved, found);
      }
      if (found.length === 0) return NONE;
      // Two destinations of one partner can cover one request: enrich once per partner and purpose.
      const unique = found.length === 1 ? found : dedupe(found);
      if (request.clientAddress === undefined) return unique;
      const clientPools = pools.poolsOf(request.clientAddress);
      return unique.filter((match) => match.pools.some((pool) => clientPools.includes(pool)));
    },
  });
}

interface Resolved {
  readonly scheme: string;
  readonly port: number;
  readonly path: string;
  readonly now: number;
}

function dedupe(matches: PolicyMatch[]): PolicyMatch[] {
  const seen = new Set<string>();
  return matches.filter((match) => {
    const key = `${match.partnerId}\u0000${match.purpose}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
