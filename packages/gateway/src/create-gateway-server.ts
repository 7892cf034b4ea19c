import { Agent, createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { type AddressInfo, BlockList, createServer as createNetServer, isIPv6, type Socket } from 'node:net';
import type { DeepReadonly, Pseudonymizer } from '@linekeeper/identity-core';
import type { DisclosureLedger } from '@linekeeper/ledger';
import type { ActivePolicy } from './active-policy.js';
import { createConnectHandler } from './connect-tunnel.js';
import { createResolver, type Resolver } from './create-resolver.js';
import { createUpgradeHandler } from './forward-upgrade.js';
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
 * The proxy's sockets: a net.Server in front (it reads the PROXY protocol header from configured
 * balancers only, then hands the socket to the HTTP server with the bytes after it put back), the
 * HTTP server (llhttp, strict: conflicting Content-Length/Transfer-Encoding, bad bytes and
 * oversize header blocks are refused), and one upstream keep-alive pool.
 */
export function createGatewayServer(
  config: DeepReadonly<GatewayConfig>,
  deps: GatewayServerDeps,
): GatewayServer {
  const { limits } = config;
  const resolver =
    deps.resolver ?? createResolver({ overrides: config.resolver.overrides, dns: config.resolver.dns });
  const agent = new Agent({
    keepAlive: true,
    maxSockets: limits.maxUpstreamSockets,
    maxFreeSockets: 256,
    scheduling: 'lifo',
    timeout: limits.upstreamTimeoutMs,
  });
  const trusted = new BlockList();
  for (const range of config.proxyProtocolFrom) {
    const [address, bits] = range.split('/') as [string, string];
    trusted.addSubnet(address, Number(bits), isIPv6(address) ? 'ipv6' : 'ipv4');
  }
  // The subscriber address a balancer named for a connection, kept as long as the socket lives.
  const proxied = new WeakMap<Socket, string>();
  const clientAddress = (req: IncomingMessage): string =>
    proxied.get(req.socket) ?? plainAddress(req.socket.remoteAddress ?? '');

  const http: Server = createHttpServer({
    maxHeaderSize: limits.maxHeaderBytes,
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1000, limits.headersTimeoutMs),
  });
  // One more than allowed, so that the handler can tell "too many" from "exactly the limit".
  http.maxHeadersCount = limits.maxHeaderCount + 1;
  const handleRequest = createRequestHandler({
    policy: deps.policy,
    sessions: deps.sessions,
    ledger: deps.ledger,
    pseudonymizer: deps.pseudonymizer,
    resolver,
    agent,
    metrics: deps.metrics,
    instanceId: config.instanceId,
    clientAddress,
    transparent: config.transparent,
    maxHeadersCount: limits.maxHeaderCount,
    upstreamTimeoutMs: limits.upstreamTimeoutMs,
    ...(deps.now ? { now: deps.now } : {}),
  });
  http.on('request', (req, res) => {
    handleRequest(req, res).catch(() => res.destroy());
  });
  const tunnels = new Set<Socket>();
  const track = (socket: Socket) => {
    tunnels.add(socket);
    socket.once('close', () => tunnels.delete(socket));
  };
  const handleConnect = createConnectHandler({
    resolver,
    metrics: deps.metrics,
    allowedPorts: new Set(config.connectPorts),
    connectTimeoutMs: limits.upstreamConnectTimeoutMs,
    idleTimeoutMs: limits.tunnelIdleTimeoutMs,
  });
  http.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    track(socket);
    handleConnect(req, socket, head);
  });
  const handleUpgrade = createUpgradeHandler({
    policy: deps.policy,
    resolver,
    metrics: deps.metrics,
    transparent: config.transparent,
    upstreamTimeoutMs: limits.upstreamTimeoutMs,
  });
  http.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    track(socket);
    handleUpgrade(req, socket, head);
  });
  http.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const code =
      error.code === 'HPE_HEADER_OVERFLOW'
        ? 'ERR_HEADERS_TOO_LARGE'
        : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? 'ERR_REQUEST_TIMEOUT'
          : 'ERR_BAD_REQUEST';
    deps.metrics.clientError(code);
    socket.end(rawProblem(code, error.code));
  });

  const front = createNetServer((socket) => {
    const peer = plainAddress(socket.remoteAddress ?? '');
    if (!trusted.check(peer, isIPv6(peer) ? 'ipv6' : 'ipv4')) {
      http.emit('connection', socket);
      return;
    }
    readProxyHeader(socket, (source) => {
      if (source !== undefined) proxied.set(socket, plainAddress(source));
      http.emit('connection', socket);
      socket.resume(); // paused while the header was read; the put-back bytes flow first
    });
  });

  return {
    listen: () =>
      new Promise((resolve, reject) => {
        front.once('error', reject);
        front.listen(config.port, config.host, () => {
          front.off('error', reject);
          // The HTTP server never listens itself; this starts its slow-client timer
          // (headersTimeout / requestTimeout are checked on that interval).
          http.emit('listening');
          resolve(front.address() as AddressInfo);
        });
      }),
    close: () =>
      new Promise((resolve) => {
        front.close(() => resolve());
        http.close();
        http.closeAllConnections();
        for (const socket of tunnels) socket.destroy();
        agent.destroy();
      }),
  };
}

/** Reads a PROXY v1/v2 header, then puts back whatever followed it; a bad header closes. */
function readProxyHeader(socket: Socket, done: (source: string | undefined) => void): void {
  let buffered: Buffer = Buffer.alloc(0);
  const timer = setTimeout(() => socket.destroy(), PROXY_HEADER_TIMEOUT_MS);
  const onData = (chunk: Buffer) => {
    buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
    const result = parseProxyHeader(buffered);
    if (result.kind === 'incomplete') return;
    clearTimeout(timer);
    socket.off('data', onData);
    socket.pause();
    if (result.kind === 'invalid') {
      socket.end(rawProblem('ERR_PROXY_PROTOCOL_INVALID', result.detail));
      return;
    }
    const rest = buffered.subarray(result.consumed);
    if (rest.length > 0) socket.unshift(rest);
    // The HTTP server would otherwise read the handle directly (past the JS buffer), and could
    // parse later bytes before the put-back ones: keep it on the ordinary stream path.
    const handle = (socket as unknown as { _handle?: { _consumed?: boolean } })._handle;
    if (handle) handle._consumed = true;
    done(result.source);
  };
  socket.on('data', onData);
  socket.on('error', () => clearTimeout(timer));
}

/** `::ffff:127.0.0.2` → `127.0.0.2`: pools and sessions are keyed by the plain IPv4 form. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
