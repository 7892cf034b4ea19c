import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { uint32ToIpv4 } from '../src/ip-address.js';
import { createMemorySessionStore } from '../src/memory-session-store.js';
import { createRedisSessionStore } from '../src/redis-session-store.js';
import type { Session, SessionStore } from '../src/session-store.js';
import { waitUntilReady } from '../src/wait-until-ready.js';

const BASE_IPV4 = (10 << 24) >>> 0;

/** A realistic mobile session: drama-range MSISDN, IMSI, IMEISV, RAT, a PGW-style session id. */
function sessionFor(k: number, now: number): Session {
  return {
    msisdn: `+4477009${String(k % 1000).padStart(5, '0')}`,
    imsi: `23415${String(k).padStart(10, '0')}`,
    imeisv: `35662100${String(k % 1e8).padStart(8, '0')}`,
    ratType: 6,
    nas: 'bench/pgw-1',
    accountingSessionId: `pgw1-${k.toString(16).padStart(8, '0')}-0001`,
    framedIpAddress: uint32ToIpv4(BASE_IPV4 + k),
    framedIpv6Prefix: undefined,
    startedAt: now,
    lastSeenAt: now,
    expiresAt: now + 3_600_000,
    lastEventAt: now,
  };
}

function addresses(sessions: number, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(uint32ToIpv4(BASE_IPV4 + ((i * 7919) % sessions)));
  return out;
}

function heapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the benchmark with node --expose-gc');
  gc();
  gc();
  const usage = process.memoryUsage();
  // Typed-array columns live outside the JS heap: count them too.
  return usage.heapUsed + usage.arrayBuffers;
}

export interface MemoryStoreFigures {
  readonly sessions: number;
  readonly bytesPerSession: number;
  readonly lookupsPerSecond: number;
  /** Lookups per CPU-second of this process: robust when other work shares the cores. */
  readonly lookupsPerCpuSecond: number;
  /** The same with `lookupSync` (no promise): what the gateway's request path can use. */
  readonly syncLookupsPerSecond: number;
  readonly syncLookupsPerCpuSecond: number;
}

/** Fills the in-process store, measures heap growth per session, then sequential lookups/s. */
export async function benchMemoryStore(sessions: number, lookups: number): Promise<MemoryStoreFigures> {
  const now = Date.now();
  const probe = addresses(sessions, lookups);
  const before = heapBytes();
  const store = createMemorySessionStore({ sweepIntervalMs: 0 });
  for (let k = 0; k < sessions; k++) await store.record(sessionFor(k, now));
  const after = heapBytes();
  let found = 0;
  for (let i = 0; i < 100_000; i++)
    if ((await store.lookup(probe[i % probe.length] ?? '')).status === 'found') found++;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  for (const address of probe) if ((await store.lookup(address)).status === 'found') found++;
  const cpu = process.cpuUsage(cpuBefore);
  const seconds = (performance.now() - started) / 1000;
  const syncStarted = performance.now();
  const syncCpuBefore = process.cpuUsage();
  for (const address of probe) if (store.lookupSync(address).status === 'found') found++;
  const syncCpu = process.cpuUsage(syncCpuBefore);
  const syncSeconds = (performance.now() - syncStarted) / 1000;
  if (found < lookups * 2) throw new Error('memory store lost sessions');
  const figures = {
    sessions,
    bytesPerSession: (after - before) / sessions,
    lookupsPerSecond: lookups / seconds,
    lookupsPerCpuSecond: lookups / ((cpu.user + cpu.system) / 1e6),
    syncLookupsPerSecond: lookups / syncSeconds,
    syncLookupsPerCpuSecond: lookups / ((syncCpu.user + syncCpu.system) / 1e6),
  };
  await store.close();
  return figures;
}

export interface RedisStoreFigures {
  readonly sessions: number;
  readonly sequentialPerSecond: number;
  readonly concurrentPerSecond: number;
  readonly concurrency: number;
}

/** Lookups against the real Redis: one at a time (latency-bound) and `concurrency` in flight. */
export async function benchRedisStore(
  url: string,
  sessions: number,
  seconds: number,
  concurrency = 64,
): Promise<RedisStoreFigures> {
  const keyPrefix = `linekeeper-bench:${randomUUID()}:`;
  const store = createRedisSessionStore({ url, keyPrefix });
  try {
    if (!(await waitUntilReady(store, 5000))) throw new Error('redis not ready');
    const now = Date.now();
    for (let k = 0; k < sessions; k += 200) {
      const batch: Promise<unknown>[] = [];
      for (let j = k; j < Math.min(sessions, k + 200); j++) batch.push(store.record(sessionFor(j, now)));
      await Promise.all(batch);
    }
    const probe = addresses(sessions, 100_000);
    const sequentialPerSecond = await timed(seconds, 1, store, probe);
    const concurrentPerSecond = await timed(seconds, concurrency, store, probe);
    return { sessions, sequentialPerSecond, concurrentPerSecond, concurrency };
  } finally {
    await store.close();
    const redis = new Redis(url);
    let cursor = '0';
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${keyPrefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = nextCursor;
    } while (cursor !== '0');
    redis.disconnect();
  }
}

async function timed(
  seconds: number,
  concurrency: number,
  store: SessionStore,
  probe: string[],
): Promise<number> {
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async (_unused, lane) => {
      let i = lane;
      while (performance.now() < deadline) {
        const result = await store.lookup(probe[i % probe.length] ?? '');
        if (result.status !== 'found') throw new Error(`redis lookup said ${result.status}`);
        done++;
        i += concurrency;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}
