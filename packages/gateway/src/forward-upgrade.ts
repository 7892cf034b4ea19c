import { request as httpRequest, type IncomingMessage } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { ActivePolicy } from './active-policy.js';
import type { Resolver } from './create-resolver.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { parseRequestTarget } from './parse-request-target.js';
import { classifyUpstreamError, rawProblem } from './send-problem.js';
import { createHeaderStripper } from './strip-inbound-headers.js';

export interface UpgradeDeps {
  readonly policy: () => ActivePolicy | undefined;
  readonly resolver: Resolver;
  readonly metrics: GatewayMetrics;
  readonly transparent: boolean;
  readonly upstreamTimeoutMs: number;
}

/**
 * `Upgrade` (WebSocket and others): inbound identity headers are stripped as on every request,
 * nothing is added, and after the upstream's 101 the two connections are joined byte for byte.
 */
export function createUpgradeHandler(deps: UpgradeDeps) {
  const { metrics } = deps;
  const stripper = createHeaderStripper();
  return function handleUpgrade(req: IncomingMessage, client: Duplex, head: Buffer): void {
    const started = performance.now();
    metrics.request('upgrade');
    client.on('error', () => {});
    client.once('close', () => metrics.observe('upgrade', (performance.now() - started) / 1000));
    const { headers, hosts, stripped } = stripper.strip(
      req.rawHeaders,
      deps.policy()?.headerNames ?? new Set(),
    );
    if (stripped > 0) metrics.stripped(stripped);
    const parsed = parseRequestTarget(req.url ?? '', hosts, deps.transparent);
    if (!parsed.ok) {
      metrics.clientError(parsed.code);
      client.end(rawProblem(parsed.code, parsed.detail));
      return;
    }
    const { target } = parsed;
    const upstream = deps.resolver.resolve(target.connectHost, target.destination.port);
    if (upstream === undefined) {
      metrics.upstreamError('ERR_UPSTREAM_UNRESOLVED');
      client.end(rawProblem('ERR_UPSTREAM_UNRESOLVED', `${target.connectHost} is not resolvable here`));
      return;
    }
    headers.unshift('Host', target.authority);
    headers.push('Connection', 'Upgrade', 'Upgrade', req.headers.upgrade ?? '', 'Via', '1.1 linekeeper');
    const outgoing = httpRequest({
      host: upstream.host,
      port: upstream.port,
      method: req.method,
      path: target.originForm,
      headers,
      setHost: false,
      agent: false,
    });
    outgoing.setTimeout(deps.upstreamTimeoutMs, () => {
      outgoing.destroy(Object.assign(new Error('upstream timeout'), { code: 'ERR_UPSTREAM_TIMEOUT' }));
    });
    outgoing.once('error', (error) => {
      const code = classifyUpstreamError(error);
      metrics.upstreamError(code);
      client.end(rawProblem(code, target.authority));
    });
    outgoing.once('upgrade', (response, server, upstreamHead) => {
      outgoing.setTimeout(0);
      client.write(statusBlock(response.statusCode ?? 101, response.statusMessage, response.rawHeaders));
      if (upstreamHead.length > 0) client.write(upstreamHead);
      if (head.length > 0) server.write(head);
      server.on('error', () => client.destroy());
      server.pipe(client);
      client.pipe(server);
      client.once('close', () => server.destroy());
      server.once('close', () => client.destroy());
    });
    // Refused upgrade: pass the answer on, close-delimited, and end the connection.
    outgoing.once('response', (response) => {
      const raw = response.rawHeaders.filter((_, i, all) => {
        const name = (i % 2 === 0 ? all[i] : all[i - 1])?.toLowerCase();
        return name !== 'transfer-encoding' && name !== 'content-length' && name !== 'connection';
      });
      client.write(
        statusBlock(response.statusCode ?? 502, response.statusMessage, [...raw, 'Connection', 'close']),
      );
      response.pipe(client);
    });
    outgoing.end();
  };
}

function statusBlock(status: number, message: string | undefined, rawHeaders: readonly string[]): string {
  let text = `HTTP/1.1 ${status} ${message ?? ''}\r\n`;
  for (let i = 0; i < rawHeaders.length; i += 2) text += `${rawHeaders[i]}: ${rawHeaders[i + 1]}\r\n`;
  return `${text}\r\n`;
}
