import { Redis, type RedisOptions } from 'ioredis';
import {
  IPV6_PREFIX_LENGTHS,
  ipv6PrefixKey,
  parseAddress,
  parseIpv6Prefix,
  uint32ToIpv4,
} from './ip-address.js';
import { DROP_NAS_SCRIPT, RECORD_SCRIPT, STOP_SCRIPT } from './redis-scripts.js';
import type { SessionMetrics } from './session-metrics.js';
import type { LookupResult, Session, SessionStore, StopRequest } from './session-store.js';

export interface RedisSessionStoreOptions {
  readonly url: string;
  /** Prefix of every key; lets several deployments (or test runs) share one Redis. */
  readonly keyPrefix?: string;
  /** A lookup slower than this answers `unknown`. */
  readonly commandTimeoutMs?: number;
  readonly now?: () => number;
  readonly metrics?: SessionMetrics;
  /** Extra ioredis options (tests). */
  readonly redisOptions?: RedisOptions;
}

interface StoredSession extends Session {
  readonly k: string[];
  readonly z: string;
}

/**
 * The session table in Redis, shared by several gateway instances. Every address key holds the
 * whole session, so a lookup is one GET (IPv4) or one MGET over the delegated-prefix lengths
 * (IPv6); keys expire by themselves (PX). Changes run as Lua scripts, atomically. Commands are
 * never queued while Redis is away: a lookup answers `unknown` at once, and ioredis reconnects
 * in the background.
 */
export function createRedisSessionStore(options: RedisSessionStoreOptions): SessionStore {
  const prefix = options.keyPrefix ?? 'linekeeper:sessions:';
  const now = options.now ?? Date.now;
  const metrics = options.metrics;
  const redis = new Redis(options.url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 500,
    connectTimeout: 2000,
    // Back off to at most 2 s between attempts, forever: the store must come back by itself.
    retryStrategy: (attempt) => Math.min(50 * 2 ** Math.min(attempt, 6), 2000),
    ...options.redisOptions,
  });
  // ioredis emits 'error' on every failed reconnect; without a listener Node would throw.
  redis.on('error', () => {});
  redis.defineCommand('lkRecord', { lua: RECORD_SCRIPT });
  redis.defineCommand('lkStop', { lua: STOP_SCRIPT });
  redis.defineCommand('lkDropNas', { lua: DROP_NAS_SCRIPT });
  const scripts = redis as unknown as {
    lkRecord(numKeys: number, ...args: (string | number)[]): Promise<string>;
    lkStop(numKeys: number, ...args: string[]): Promise<number>;
    lkDropNas(numKeys: number, ...args: string[]): Promise<number>;
  };

  const ipv4Key = (address: string) => `${prefix}a4:${address}`;
  const ipv6Key = (key: string) => `${prefix}a6:${key}`;
  const nasKey = (nas: string) => `${prefix}n:${nas}`;

  function addressKeys(framedIpAddress: string | undefined, framedIpv6Prefix: string | undefined): string[] {
    const keys: string[] = [];
    if (framedIpAddress !== undefined) keys.push(ipv4Key(framedIpAddress));
    const parsed = framedIpv6Prefix === undefined ? undefined : parseIpv6Prefix(framedIpv6Prefix);
    if (parsed) keys.push(ipv6Key(ipv6PrefixKey(parsed.octets, parsed.length)));
    return keys;
  }

  async function counted<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      metrics?.storeErrors.labels(operation).inc();
      throw error;
    }
  }

  async function lookupNow(address: string): Promise<LookupResult> {
    const parsed = parseAddress(address);
    if (!parsed) return { status: 'none' };
    let raw: string | null | undefined;
    if (parsed.family === 4) {
      raw = await redis.get(ipv4Key(uint32ToIpv4(parsed.value)));
    } else {
      const keys = IPV6_PREFIX_LENGTHS.map((length) => ipv6Key(ipv6PrefixKey(parsed.octets, length)));
      raw = (await redis.mget(...keys)).find((value) => value !== null);
    }
    if (raw === null || raw === undefined) return { status: 'none' };
    const session = toSession(JSON.parse(raw) as StoredSession);
    // Redis expires keys on its own clock; this check also honours an injected clock.
    if (session.expiresAt <= now()) return { status: 'none' };
    return { status: 'found', session };
  }

  return {
    record: (session) =>
      counted('record', async () => {
        const keys = addressKeys(session.framedIpAddress, session.framedIpv6Prefix);
        const z = nasKey(session.nas);
        const at = now();
        const ttl = Math.max(1, Math.ceil(session.expiresAt - at));
        const value = JSON.stringify({ ...session, k: keys, z });
        const outcome = await scripts.lkRecord(
          keys.length + 1,
          ...keys,
          z,
          value,
          session.nas,
          session.accountingSessionId,
          session.lastEventAt,
          ttl,
          session.expiresAt,
          at,
        );
        return outcome as Awaited<ReturnType<SessionStore['record']>>;
      }),
    stop: (request: StopRequest) =>
      counted('stop', async () => {
        const keys = addressKeys(request.framedIpAddress, request.framedIpv6Prefix);
        if (keys.length === 0) return 'no-match';
        const stopped = await scripts.lkStop(keys.length, ...keys, request.nas, request.accountingSessionId);
        return stopped === 1 ? 'stopped' : 'no-match';
      }),
    dropNas: (nas) => counted('dropNas', () => scripts.lkDropNas(1, nasKey(nas), nas)),
    async lookup(address) {
      let result: LookupResult;
      try {
        result = await lookupNow(address);
      } catch {
        metrics?.storeErrors.labels('lookup').inc();
        result = { status: 'unknown' };
      }
      if (metrics) metrics.lookupTally[result.status]++;
      return result;
    },
    async ready() {
      try {
        return (await redis.ping()) === 'PONG';
      } catch {
        return false;
      }
    },
    async close() {
      redis.disconnect();
    },
  };
}

/** Exactly the Session fields (JSON drops undefined ones; the stored index fields stay inside). */
function toSession(stored: StoredSession): Session {
  return {
    msisdn: stored.msisdn,
    imsi: stored.imsi ?? undefined,
    imeisv: stored.imeisv ?? undefined,
    ratType: stored.ratType ?? undefined,
    nas: stored.nas,
    accountingSessionId: stored.accountingSessionId,
    framedIpAddress: stored.framedIpAddress ?? undefined,
    framedIpv6Prefix: stored.framedIpv6Prefix ?? undefined,
    startedAt: stored.startedAt,
    lastSeenAt: stored.lastSeenAt,
    expiresAt: stored.expiresAt,
    lastEventAt: stored.lastEventAt,
  };
}
