import { connect, type Socket } from 'node:net';
import type { UpstreamAddress } from './create-resolver.js';

/** What the exchange using an upstream connection is told; one handler at a time. */
export interface UpstreamHandler {
  data(chunk: Buffer): void;
  /** The upstream closed its side, or the socket failed or timed out (`error` says which). */
  closed(error: NodeJS.ErrnoException | undefined): void;
  drain(): void;
}

/** Who waits for a connection (an exchange, once per request: an object, not a fresh closure). */
export interface UpstreamWaiter {
  acquired(error: NodeJS.ErrnoException | undefined, connection?: UpstreamConnection): void;
}

export interface UpstreamConnection {
  readonly socket: Socket;
  readonly key: string;
  /** The connection served an earlier exchange (it may have been closed meanwhile). */
  readonly reused: boolean;
  handler: UpstreamHandler | undefined;
}

export interface UpstreamPoolOptions {
  /** Open connections per upstream host and port; further exchanges wait for one. */
  readonly maxSocketsPerHost: number;
  readonly connectTimeoutMs: number;
  /** An upstream silent this long is given up on (idle pooled connections are closed). */
  readonly timeoutMs: number;
}

export interface UpstreamPool {
  /** A connected socket to `address`: an idle pooled one (last used first) unless `fresh`. */
  acquire(address: UpstreamAddress, fresh: boolean, waiter: UpstreamWaiter): void;
  /** The exchange ended cleanly and the upstream keeps the connection open: pool it. */
  release(connection: UpstreamConnection): void;
  /** The connection cannot be reused (or is handed to a tunnel, `keep`): forget it. */
  discard(connection: UpstreamConnection, keep?: boolean): void;
  close(): void;
}

interface HostPool {
  readonly address: UpstreamAddress;
  readonly idle: PooledConnection[];
  readonly waiting: UpstreamWaiter[];
  open: number;
}
interface PooledConnection extends UpstreamConnection {
  reused: boolean;
  counted: boolean;
}

/**
 * Keep-alive upstream connections, per host and port: raw sockets with Nagle off, one set of
 * listeners each for its whole life (an exchange swaps in its handler instead of adding
 * listeners), reused last-in first-out so that few stay warm, bounded per host.
 */
export function createUpstreamPool(options: UpstreamPoolOptions): UpstreamPool {
  const hosts = new Map<string, HostPool>();
  const all = new Set<PooledConnection>();
  const closedError = Object.assign(new Error('upstream closed the connection'), { code: 'ECONNRESET' });

  const forget = (connection: PooledConnection): void => {
    if (!connection.counted) return;
    connection.counted = false;
    all.delete(connection);
    const host = hosts.get(connection.key);
    if (host === undefined) return;
    host.open -= 1;
    const at = host.idle.indexOf(connection);
    if (at !== -1) host.idle.splice(at, 1);
    const next = host.waiting.shift();
    if (next !== undefined) open(host, next);
  };

  const open = (host: HostPool, waiter: UpstreamWaiter): void => {
    host.open += 1;
    const socket = connect({ host: host.address.host, port: host.address.port, noDelay: true });
    const connection: PooledConnection = {
      socket,
      key: `${host.address.host}:${host.address.port}`,
      reused: false,
      counted: true,
      handler: undefined,
    };
    all.add(connection);
    let connected = false;
    socket.setTimeout(options.connectTimeoutMs);
    socket.on('data', (chunk: Buffer) => {
      if (connection.handler) connection.handler.data(chunk);
      else socket.destroy(); // an idle upstream has nothing to say
    });
    socket.on('drain', () => connection.handler?.drain());
    socket.on('timeout', () => {
      socket.destroy(Object.assign(new Error('upstream timeout'), { code: 'ERR_UPSTREAM_TIMEOUT' }));
    });
    socket.on('end', () => socket.destroy());
    socket.on('error', () => {}); // reported on 'close' below
    socket.on('close', () => {
      forget(connection);
      const error = (socket.errored as NodeJS.ErrnoException | null) ?? closedError;
      if (!connected) waiter.acquired(error);
      else connection.handler?.closed(error);
      connection.handler = undefined;
    });
    socket.once('connect', () => {
      connected = true;
      socket.setTimeout(options.timeoutMs);
      waiter.acquired(undefined, connection);
    });
  };

  return {
    acquire(address, fresh, waiter) {
      const key = `${address.host}:${address.port}`;
      let host = hosts.get(key);
      if (host === undefined) {
        host = { address, idle: [], waiting: [], open: 0 };
        hosts.set(key, host);
      }
      if (!fresh) {
        const idle = host.idle.pop();
        if (idle !== undefined) {
          waiter.acquired(undefined, idle);
          return;
        }
      }
      if (host.open >= options.maxSocketsPerHost) host.waiting.push(waiter);
      else open(host, waiter);
    },
    release(connection) {
      const pooled = connection as PooledConnection;
      pooled.handler = undefined;
      pooled.reused = true;
      const host = hosts.get(connection.key);
      if (!pooled.counted || host === undefined || connection.socket.destroyed) return;
      if (connection.socket.isPaused()) connection.socket.resume(); // paused for a slow client
      const next = host.waiting.shift();
      if (next !== undefined) next.acquired(undefined, pooled);
      else host.idle.push(pooled);
    },
    discard(connection, keep = false) {
      const pooled = connection as PooledConnection;
      pooled.handler = undefined;
      forget(pooled);
      if (!keep) {
        connection.socket.destroy();
        return;
      }
      // Handed to a tunnel: the pool's listeners and time-out go, the tunnel brings its own.
      for (const event of ['data', 'drain', 'timeout', 'end', 'error', 'close']) {
        connection.socket.removeAllListeners(event);
      }
      connection.socket.setTimeout(0);
    },
    close() {
      for (const connection of all) connection.socket.destroy();
      for (const host of hosts.values()) {
        for (const waiter of host.waiting.splice(0)) waiter.acquired(closedError);
      }
    },
  };
}
