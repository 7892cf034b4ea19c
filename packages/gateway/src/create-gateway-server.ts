import { type AddressInfo, BlockList, createServer as createNetServer, isIPv6, type Socket } from 'node:net';
import type { DeepReadonly, Pseudonymizer } from '@linekeeper/identity-core';
import type { DisclosureLedger } from '@linekeeper/ledger';
import type { ActivePolicy } from './active-policy.js';
import { ClientConnection, type ClientConnectionOptions } from './client-connection.js';
import { createConnectHandler } from './connect-tunnel.js';
import { createResolver, type Resolver } from './create-resolver.js';
import { createUpstreamPool } from './create-upstream-pool.js';
import type { GatewayConfig } from './gateway-config.js';
import type { GatewayMetrics } from './gateway-metrics.js';
import { createRequestHandler, type GatewaySessionStore } from './handle-request.js';
import { parseProxyHeader } from './proxy-protocol.js';
import { rawProblem } from './send-problem.js';

export interface GatewayServerDeps {
  readonly policy: () => ActivePolicy | undefined;
  readonly sessions: GatewaySessionStore;
  readonly ledger: Pick<DisclosureLedger, 'record'>;
  readonly pseudonymizer: Pseudonymizer;
  readonly metrics: GatewayMetrics;
  /** Default: built from `config.resolver`. */
  readonly resolver?: Resolver;
  readonly now?: () => number;
}

export interface GatewayServer {
  listen(): Promise<AddressInfo>;
  close(): Promise<void>;
}

const PROXY_HEADER_TIMEOUT_MS = 5_000;

/**
 * The proxy's sockets, without node:http: a net.Server whose connections read the PROXY protocol
 * header first when they come from a configured balancer, then become client connections (strict,
 * bounded request parsing; see `client-connection.ts`); one upstream keep-alive pool; and one
 * sweep that enforces every connection's slow-client deadline.
 */
export function createGatewayServer(
  config: DeepReadonly<GatewayConfig>,
  deps: GatewayServerDeps,
): GatewayServer {
  const { limits } = config;
  const resolver =
    deps.resolver ?? createResolver({ overrides: config.resolver.overrides, dns: config.resolver.dns });
  const pool = createUpstreamPool({
    maxSocketsPerHost: limits.maxUpstreamSockets,
    connectTimeoutMs: limits.upstreamConnectTimeoutMs,
    timeoutMs: limits.upstreamTimeoutMs,
  });
  const trusted = new BlockList();
  for (const range of config.proxyProtocolFrom) {
    const [address, bits] = range.split('/') as [string, string];
    trusted.addSubnet(address, Number(bits), isIPv6(address) ? 'ipv6' : 'ipv4');
  }
  const headLimits = { maxHeaderBytes: limits.maxHeaderBytes, maxHeaderCount: limits.maxHeaderCount };
  const handleRequest = createRequestHandler({
    policy: deps.policy,
    sessions: deps.sessions,
    ledger: deps.ledger,
    pseudonymizer: deps.pseudonymizer,
    resolver,
    pool,
    metrics: deps.metrics,
    instanceId: config.instanceId,
    transparent: config.transparent,
    limits: headLimits,
    tunnelIdleTimeoutMs: limits.tunnelIdleTimeoutMs,
    ...(deps.now ? { now: deps.now } : {}),
  });
  const handleConnect = createConnectHandler({
    resolver,
    metrics: deps.metrics,
    allowedPorts: new Set(config.connectPorts),
    connectTimeoutMs: limits.upstreamConnectTimeoutMs,
    idleTimeoutMs: limits.tunnelIdleTimeoutMs,
  });
  const connectionOptions: ClientConnectionOptions = {
    limits: headLimits,
    headersTimeoutMs: limits.headersTimeoutMs,
    requestTimeoutMs: limits.requestTimeoutMs,
    keepAliveTimeoutMs: limits.keepAliveTimeoutMs,
    metrics: deps.metrics,
    onRequest: (connection, head) => {
      handleRequest(connection, head).catch(() => connection.socket.destroy());
    },
    onConnect: handleConnect,
  };

  const connections = new Set<ClientConnection>();
  const sockets = new Set<Socket>();
  const accept = (socket: Socket, clientAddress: string, initial: Buffer) => {
    const connection = new ClientConnection(socket, clientAddress, connectionOptions);
    connections.add(connection);
    socket.once('close', () => connections.delete(connection));
    connection.feed(initial);
  };
  const sweep = setInterval(
    () => {
      const now = Date.now();
      for (const connection of connections) {
        if (connection.deadline !== 0 && connection.deadline < now) connection.expire();
      }
    },
    Math.min(1000, limits.headersTimeoutMs),
  );
  sweep.unref();

  const front = createNetServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const peer = plainAddress(socket.remoteAddress ?? '');
    if (!trusted.check(peer, isIPv6(peer) ? 'ipv6' : 'ipv4')) {
      accept(socket, peer, Buffer.alloc(0));
      return;
    }
    readProxyHeader(socket, (source, rest) => accept(socket, plainAddress(source ?? peer), rest));
  });

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        front.once('error', reject);
        front.listen(config.port, config.host, () => {
          front.off('error', reject);
          resolve(front.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        clearInterval(sweep);
        front.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        pool.close();
      }),
  };
}

/** Reads a PROXY v1/v2 header, then hands over whatever followed it; a bad header closes. */
function readProxyHeader(socket: Socket, done: (source: string | undefined, rest: Buffer) => void): void {
  let buffered: Buffer = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), PROXY_HEADER_TIMEOUT_MS);
  const onData = (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    const result = parseProxyHeader(buffered);
    if (result.kind === 'incomplete') return;
    clearTimeout(timer);
    socket.off('data', onData);
    if (result.kind === 'invalid') {
      socket.end(rawProblem('ERR_PROXY_PROTOCOL_INVALID', result.detail));
      return;
    }
    done(result.source, buffered.subarray(result.consumed));
  };
  socket.on('data', onData);
  socket.once('close', () => clearTimeout(timer));
}

/** `::ffff:127.0.0.2` → `127.0.0.2`: pools and sessions are keyed by the plain IPv4 form. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
