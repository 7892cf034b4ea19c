import { performance } from 'node:perf_hooks';
import type { Pseudonymizer } from '@linekeeper/identity-core';
import type { DisclosureLedger } from '@linekeeper/ledger';
import type { PolicyMatch } from '@linekeeper/policy';
import type { LookupResult, SessionStore } from '@linekeeper/subscriber-sessions';
import type { ActivePolicy } from './active-policy.js';
import type { ClientConnection } from './client-connection.js';
import type { Resolver } from './create-resolver.js';
import type { UpstreamPool } from './create-upstream-pool.js';
import { decideIdentity, type IdentityDecision } from './decide-identity.js';
import { forwardExchange } from './forward-exchange.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import type { HeadLimits, RequestHead } from './parse-request-head.js';
import { parseRequestTarget, type RequestTarget } from './parse-request-target.js';
import { createHeaderStripper } from './strip-inbound-headers.js';

/** A session store, with the in-process store's synchronous lookup when there is one. */
export type GatewaySessionStore = SessionStore & { lookupSync?: (address: string) => LookupResult };

export interface RequestHandlerDeps {
  /** The running policy (swapped whole on reload); `undefined` when none could be loaded. */
  readonly policy: () => ActivePolicy | undefined;
  readonly sessions: GatewaySessionStore;
  readonly ledger: Pick<DisclosureLedger, 'record'>;
  readonly pseudonymizer: Pseudonymizer;
  readonly resolver: Resolver;
  /** The upstream keep-alive pool. */
  readonly pool: UpstreamPool;
  readonly metrics: GatewayMetrics;
  readonly instanceId: string;
  /** Accept origin-form requests routed by Host (behind an interception rule). */
  readonly transparent: boolean;
  readonly limits: HeadLimits;
  readonly tunnelIdleTimeoutMs: number;
  readonly now?: () => number;
}

const NO_NAMES: ReadonlySet<string> = new Set();
const NO_MATCHES: readonly PolicyMatch[] = Object.freeze([]);
const NOT_LOOKED_UP: LookupResult = Object.freeze({ status: 'none' });
const NOTHING: IdentityDecision = Object.freeze({ kind: 'none', reason: 'no-match' });

/**
 * The gateway's request path for plain-http requests (WebSocket and other upgrades included),
 * in order:
 *   1. strip every inbound identity header and every hop-by-hop header, from every request;
 *   2. is the client a subscriber (inside a pool of the running policy)?
 *   3. match the destination against the policy; only then find the client's session;
 *   4. plan the identity headers for each matched partner and purpose;
 *   5. record each disclosure in the ledger, and add its headers only once it is recorded;
 *   6. forward, and stream the response back (an upgrade answered 101 becomes a tunnel).
 * Anything uncertain (no policy, session store or ledger unavailable) adds nothing, and counts.
 * The request head was read strictly by the client connection before this runs.
 */
export function createRequestHandler(deps: RequestHandlerDeps) {
  const { metrics } = deps;
  const stripper = createHeaderStripper();
  const now = deps.now ?? Date.now;

  return async function handleRequest(connection: ClientConnection, head: RequestHead): Promise<void> {
    const started = performance.now();
    metrics.request(head.upgrade === undefined ? 'http' : 'upgrade');
    const policy = deps.policy();

    // 1. Strip: a client can never smuggle an identity header to anyone, enriched or not.
    const { headers, hosts, stripped } = stripper.strip(
      head.headers.rawHeaders,
      head.headers.connection,
      policy?.headerNames ?? NO_NAMES,
    );
    if (stripped > 0) metrics.stripped(stripped);
    const parsed = parseRequestTarget(head.target, hosts, deps.transparent);
    if (!parsed.ok) {
      metrics.clientError(parsed.code);
      connection.fail(parsed.code, parsed.detail);
      return;
    }
    const { target } = parsed;
    const { clientAddress } = connection;

    // 2–3. Subscriber pools, then the policy, then the session: the store (a Redis round trip)
    // is asked only for the few requests that could be enriched at all.
    let matches = NO_MATCHES;
    if (policy !== undefined) {
      const pools = poolsOf(connection, policy);
      if (pools.length > 0) matches = matchForPools(policy.compiled.match(target.destination), pools);
    }
    let session = NOT_LOOKED_UP;
    if (matches.length > 0) {
      session = deps.sessions.lookupSync
        ? deps.sessions.lookupSync(clientAddress)
        : await deps.sessions.lookup(clientAddress);
    }

    // 4. What each matched partner and purpose would receive (a pure decision).
    let decision = NOTHING;
    if (policy === undefined) metrics.failClosed('no-policy');
    else if (matches.length > 0) {
      try {
        decision = decideIdentity({
          policy,
          clientAddress,
          destination: target.destination,
          session,
          matches,
          pseudonymizer: deps.pseudonymizer,
          instanceId: deps.instanceId,
          now: now(),
        });
      } catch {
        metrics.failClosed('pseudonym-error');
      }
      if (decision.kind === 'none' && decision.reason === 'session-unknown') {
        metrics.failClosed('session-unknown');
      }
    }

    // 5. A disclosure that cannot be recorded is not made: headers follow the ledger's yes.
    if (decision.kind === 'disclose') {
      const added = new Set<string>();
      for (const plan of decision.plans) {
        if (!deps.ledger.record(plan.disclosure)) {
          metrics.failClosed('ledger-refused');
          continue;
        }
        for (const [name, value] of plan.headers) {
          const lower = name.toLowerCase();
          if (added.has(lower)) continue;
          added.add(lower);
          headers.push(name, value);
        }
        metrics.enriched(plan.match.partnerId, plan.match.purpose);
      }
    }

    // 6. Forward over a pooled upstream connection; both bodies stream.
    const upstream = deps.resolver.resolve(target.connectHost, target.destination.port);
    if (upstream === undefined) {
      metrics.upstreamError('ERR_UPSTREAM_UNRESOLVED');
      connection.fail('ERR_UPSTREAM_UNRESOLVED', `${target.connectHost} is not resolvable here`);
      return;
    }
    forwardExchange({
      connection,
      request: head,
      requestHead: upstreamHead(head, target, headers),
      upstream,
      authority: target.authority,
      pool: deps.pool,
      limits: deps.limits,
      metrics,
      tunnelIdleTimeoutMs: deps.tunnelIdleTimeoutMs,
      started,
    });
  };
}

/** The client's subscriber pools under `policy`, looked up once per connection and policy. */
function poolsOf(connection: ClientConnection, policy: ActivePolicy): readonly string[] {
  const memo = connection.poolsMemo;
  if (memo !== undefined && memo.key === policy) return memo.pools;
  const pools = policy.compiled.poolsOf(connection.clientAddress);
  connection.poolsMemo = { key: policy, pools };
  return pools;
}

/**
 * The matches whose purpose is open to one of the client's pools: what `match` does itself when
 * given the client's address, with the pools taken from the connection's memo instead.
 */
function matchForPools(matches: readonly PolicyMatch[], pools: readonly string[]): readonly PolicyMatch[] {
  if (matches.length === 0) return matches;
  return matches.filter((match) => match.pools.some((pool) => pools.includes(pool)));
}

/**
 * The request head as the upstream gets it: origin-form target, `Host` replaced by the target's
 * authority (RFC 9112 §3.2.2), the fields that survived step 1 plus the identity of step 5,
 * the gateway's own framing (a chunked body is re-chunked) and `Via`.
 */
function upstreamHead(head: RequestHead, target: RequestTarget, headers: readonly string[]): string {
  let text = `${head.method} ${target.originForm} HTTP/1.1\r\nHost: ${target.authority}\r\n`;
  for (let i = 0; i < headers.length; i += 2) text += `${headers[i]}: ${headers[i + 1]}\r\n`;
  if (head.body.kind === 'chunked') text += 'Transfer-Encoding: chunked\r\n';
  if (head.upgrade !== undefined) text += `Connection: Upgrade\r\nUpgrade: ${head.upgrade}\r\n`;
  return `${text}Via: 1.1 linekeeper\r\n\r\n`;
}
