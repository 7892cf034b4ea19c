import type { IncomingMessage } from 'node:http';
import { connect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import type { Resolver } from './create-resolver.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { parseAuthority } from './parse-request-target.js';
import { classifyUpstreamError, rawProblem } from './send-problem.js';

export interface ConnectTunnelDeps {
  readonly resolver: Resolver;
  readonly metrics: GatewayMetrics;
  /** Ports CONNECT may reach (443 by default, as every forward proxy does). */
  readonly allowedPorts: ReadonlySet<number>;
  readonly connectTimeoutMs: number;
  /** A tunnel idle this long in both directions is closed. */
  readonly idleTimeoutMs: number;
}

/**
 * `CONNECT host:port`: a byte-for-byte tunnel. The gateway never looks inside (TLS is never
 * touched) and so never adds identity to it; the CONNECT request's own headers go nowhere.
 */
export function createConnectHandler(deps: ConnectTunnelDeps) {
  const { metrics } = deps;
  return function handleConnect(req: IncomingMessage, client: Duplex, head: Buffer): void {
    const started = performance.now();
    metrics.request('connect');
    client.on('error', () => {});
    const target = parseAuthority(req.url ?? '', 0);
    if (target === undefined || target.port === 0) {
      metrics.clientError('ERR_HOST_INVALID');
      client.end(rawProblem('ERR_HOST_INVALID', 'CONNECT needs host:port'));
      return;
    }
    if (!deps.allowedPorts.has(target.port)) {
      metrics.clientError('ERR_CONNECT_PORT_REFUSED');
      client.end(rawProblem('ERR_CONNECT_PORT_REFUSED', `port ${target.port}`));
      return;
    }
    const upstream = deps.resolver.resolve(target.host, target.port);
    if (upstream === undefined) {
      metrics.upstreamError('ERR_UPSTREAM_UNRESOLVED');
      client.end(rawProblem('ERR_UPSTREAM_UNRESOLVED', `${target.host} is not resolvable here`));
      return;
    }
    const server: Socket = connect({ host: upstream.host, port: upstream.port });
    let established = false;
    server.setTimeout(deps.connectTimeoutMs, () => {
      server.destroy(Object.assign(new Error('connect timeout'), { code: 'ERR_UPSTREAM_TIMEOUT' }));
    });
    server.once('error', (error) => {
      if (established) {
        client.destroy();
        return;
      }
      const code = classifyUpstreamError(error);
      metrics.upstreamError(code);
      client.end(
        rawProblem(code, `${target.display}:${target.port}: ${(error as { code?: string }).code ?? ''}`),
      );
    });
    server.once('connect', () => {
      established = true;
      server.setTimeout(deps.idleTimeoutMs, () => server.destroy());
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) server.write(head);
      server.pipe(client);
      client.pipe(server);
    });
    client.once('close', () => {
      server.destroy();
      metrics.observe('connect', (performance.now() - started) / 1000);
    });
    server.once('close', () => client.destroy());
  };
}
