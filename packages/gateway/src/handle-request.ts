import { type Agent, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream';
import type { Pseudonymizer } from '@linekeeper/identity-core';
import type { DisclosureLedger } from '@linekeeper/ledger';
import type { PolicyMatch } from '@linekeeper/policy';
import type { LookupResult, SessionStore } from '@linekeeper/subscriber-sessions';
import type { ActivePolicy } from './active-policy.js';
import type { Resolver } from './create-resolver.js';
import { decideIdentity, type IdentityDecision } from './decide-identity.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { endToEndHeaders } from './hop-by-hop.js';
import { parseRequestTarget } from './parse-request-target.js';
import { classifyUpstreamError, sendProblem } from './send-problem.js';
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
  readonly agent: Agent;
  readonly metrics: GatewayMetrics;
  readonly instanceId: string;
  /** The subscriber's address: the socket's peer, or what a trusted PROXY protocol header said. */
  readonly clientAddress: (req: IncomingMessage) => string;
  /** Accept origin-form requests routed by Host (behind an interception rule). */
  readonly transparent: boolean;
  readonly maxHeadersCount: number;
  readonly upstreamTimeoutMs: number;
  readonly now?: () => number;
}

const NO_NAMES: ReadonlySet<string> = new Set();
const NOT_LOOKED_UP: LookupResult = Object.freeze({ status: 'none' });
const VIA = '1.1 linekeeper';

/**
 * The gateway's request path for plain-http requests, in order:
 *   1. strip every inbound identity header and every hop-by-hop header, from every request;
 *   2. is the client a subscriber (inside a pool of the running policy)?
 *   3. match the destination against the policy; only then find the client's session;
 *   4. plan the identity headers for each matched partner and purpose;
 *   5. record each disclosure in the ledger, and add its headers only once it is recorded;
 *   6. forward, and stream the response back.
 * Anything uncertain (no policy, session store or ledger unavailable) adds nothing, and counts.
 */
export function createRequestHandler(deps: RequestHandlerDeps) {
  const { metrics } = deps;
  const stripper = createHeaderStripper();
  const now = deps.now ?? Date.now;

  return async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    metrics.request('http');
    res.once('close', () => metrics.observe('http', (performance.now() - started) / 1000));
    if (req.rawHeaders.length / 2 > deps.maxHeadersCount) {
      metrics.clientError('ERR_HEADERS_TOO_MANY');
      return sendProblem(res, 'ERR_HEADERS_TOO_MANY', `at most ${deps.maxHeadersCount} header fields`);
    }
    const policy = deps.policy();

    // 1. Strip: a client can never smuggle an identity header to anyone, enriched or not.
    const { headers, hosts, stripped } = stripper.strip(req.rawHeaders, policy?.headerNames ?? NO_NAMES);
    if (stripped > 0) metrics.stripped(stripped);
    const parsed = parseRequestTarget(req.url ?? '', hosts, deps.transparent);
    if (!parsed.ok) {
      metrics.clientError(parsed.code);
      return sendProblem(res, parsed.code, parsed.detail);
    }
    const { target } = parsed;
    const clientAddress = deps.clientAddress(req);

    // 2–3. Subscriber pools, then the policy, then the session: the store (a Redis round trip)
    // is asked only for the few requests that could be enriched at all.
    let matches: readonly PolicyMatch[] = [];
    if (policy?.compiled.isSubscriberAddress(clientAddress)) {
      matches = policy.compiled.match({ ...target.destination, clientAddress });
    }
    let session = NOT_LOOKED_UP;
    if (matches.length > 0) {
      session = deps.sessions.lookupSync
        ? deps.sessions.lookupSync(clientAddress)
        : await deps.sessions.lookup(clientAddress);
    }

    // 4. What each matched partner and purpose would receive (a pure decision).
    let decision: IdentityDecision;
    try {
      decision = decideIdentity({
        policy,
        clientAddress,
        destination: target.destination,
        session,
        pseudonymizer: deps.pseudonymizer,
        instanceId: deps.instanceId,
        now: now(),
      });
    } catch {
      metrics.failClosed('pseudonym-error');
      decision = { kind: 'none', reason: 'nothing-to-disclose' };
    }
    if (decision.kind === 'none') {
      if (decision.reason === 'session-unknown') metrics.failClosed('session-unknown');
      else if (decision.reason === 'no-policy') metrics.failClosed('no-policy');
    } else {
      // 5. A disclosure that cannot be recorded is not made: headers follow the ledger's yes.
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

    // 6. Forward through the keep-alive pool and stream both bodies.
    const upstream = deps.resolver.resolve(target.connectHost, target.destination.port);
    if (upstream === undefined) {
      metrics.upstreamError('ERR_UPSTREAM_UNRESOLVED');
      return sendProblem(res, 'ERR_UPSTREAM_UNRESOLVED', `${target.connectHost} is not resolvable here`);
    }
    const hasBody =
      req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
    // Transfer-Encoding is hop-by-hop: re-frame a chunked body as chunked ourselves.
    if (req.headers['transfer-encoding'] !== undefined) headers.push('Transfer-Encoding', 'chunked');
    headers.unshift('Host', target.authority);
    headers.push('Via', VIA);
    const outgoing = httpRequest({
      host: upstream.host,
      port: upstream.port,
      method: req.method,
      path: target.originForm,
      headers,
      setHost: false,
      agent: deps.agent,
    });
    outgoing.setTimeout(deps.upstreamTimeoutMs, () => {
      outgoing.destroy(Object.assign(new Error('upstream timeout'), { code: 'ERR_UPSTREAM_TIMEOUT' }));
    });
    outgoing.once('error', (error) => {
      if (res.writableEnded) return;
      const code = classifyUpstreamError(error);
      metrics.upstreamError(code);
      sendProblem(res, code, `${target.authority}: ${(error as { code?: string }).code ?? error.message}`);
    });
    outgoing.once('response', (upstreamRes) => {
      res.writeHead(
        upstreamRes.statusCode ?? 502,
        upstreamRes.statusMessage,
        endToEndHeaders(upstreamRes.rawHeaders),
      );
      pipeline(upstreamRes, res, () => {});
    });
    res.once('close', () => {
      if (!res.writableFinished) outgoing.destroy();
    });
    if (hasBody) pipeline(req, outgoing, () => {});
    else outgoing.end();
  };
}
