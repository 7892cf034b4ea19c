import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ClientConnection } from './client-connection.js';
import type { Resolver } from './create-resolver.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { joinTunnel } from './join-tunnel.js';
import type { RequestHead } from './parse-request-head.js';
import { parseAuthority } from './parse-request-target.js';
import { classifyUpstreamError } from './send-problem.js';

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
  return function handleConnect(connection: ClientConnection, head: RequestHead): void {
    const started = performance.now();
    metrics.request('connect');
    const target = parseAuthority(head.target, 0);
    if (target === undefined || target.port === 0) {
      metrics.clientError('ERR_HOST_INVALID');
      connection.fail('ERR_HOST_INVALID', 'CONNECT needs host:port');
      return;
    }
    if (!deps.allowedPorts.has(target.port)) {
      metrics.clientError('ERR_CONNECT_PORT_REFUSED');
      connection.fail('ERR_CONNECT_PORT_REFUSED', `port ${target.port}`);
      return;
    }
    const upstream = deps.resolver.resolve(target.host, target.port);
    if (upstream === undefined) {
      metrics.upstreamError('ERR_UPSTREAM_UNRESOLVED');
      connection.fail('ERR_UPSTREAM_UNRESOLVED', `${target.host} is not resolvable here`);
      return;
    }
    const server = connect({ host: upstream.host, port: upstream.port, noDelay: true });
    let gone = false;
    connection.exchange = {
      clientGone: () => {
        gone = true;
        server.destroy();
      },
      clientDrain: () => {},
    };
    server.setTimeout(deps.connectTimeoutMs, () => {
      server.destroy(Object.assign(new Error('connect timeout'), { code: 'ERR_UPSTREAM_TIMEOUT' }));
    });
    server.once('error', (error) => {
      if (gone) return;
      const code = classifyUpstreamError(error);
      metrics.upstreamError(code);
      connection.fail(code, `${target.display}:${target.port}: ${(error as { code?: string }).code ?? ''}`);
    });
    server.once('connect', () => {
      server.setTimeout(0);
      const client = connection.socket;
      const early = connection.detach();
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (early.length > 0) server.write(early);
      joinTunnel(client, server, deps.idleTimeoutMs, () =>
        metrics.observe('connect', (performance.now() - started) / 1000),
      );
    });
  };
}
