import { randomUUID } from 'node:crypto';
import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisSessionStore } from './redis-session-store.js';
import { createSessionMetrics } from './session-metrics.js';
import { describeSessionStoreContract } from './testing/session-store-contract.js';

const url = process.env.REDIS_URL;
// One prefix per run, so parallel runs and leftovers never meet; removed afterwards.
const prefix = `linekeeper-test:${randomUUID()}:`;

if (url) {
  describeSessionStoreContract('redis store', async (now) => {
    const store = createRedisSessionStore({ url, keyPrefix: `${prefix}${randomUUID()}:`, now });
    await waitReady(store);
    return store;
  });

  describe('redis store against the real server', () => {
    it('lets Redis expire the keys by itself', async () => {
      const keyPrefix = `${prefix}ttl:`;
      const store = createRedisSessionStore({ url, keyPrefix });
      await waitReady(store);
      const at = Date.now();
      await store.record({
        msisdn: '+447700900123',
        imsi: undefined,
        imeisv: undefined,
        ratType: undefined,
        nas: 'demo/pgw-1',
        accountingSessionId: 'T1',
        framedIpAddress: '10.9.9.9',
        framedIpv6Prefix: undefined,
        startedAt: at,
        lastSeenAt: at,
        expiresAt: at + 5000,
        lastEventAt: at,
      });
      const redis = new Redis(url);
      const ttl = await redis.pttl(`${keyPrefix}a4:10.9.9.9`);
      redis.disconnect();
      expect(ttl).toBeGreaterThan(3000);
      expect(ttl).toBeLessThanOrEqual(5000);
      await store.close();
    });
  });

  it('answers unknown while Redis is unreachable and recovers by itself when it is back', async () => {
    // A TCP relay in front of the real Redis, which the test cuts and restores.
    const target = new URL(url);
    const sockets = new Set<Socket>();
    const relay = createServer((client) => {
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const socket of [client, upstream]) {
        sockets.add(socket);
        socket.on('error', () => {});
        socket.on('close', () => sockets.delete(socket));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const port = (relay.address() as AddressInfo).port;
    const metrics = createSessionMetrics();
    const store = createRedisSessionStore({
      url: `redis://127.0.0.1:${port}`,
      keyPrefix: `${prefix}relay:`,
      metrics,
    });
    await waitReady(store);
    const at = Date.now();
    await store.record({
      msisdn: '+447700900123',
      imsi: undefined,
      imeisv: undefined,
      ratType: undefined,
      nas: 'demo/pgw-1',
      accountingSessionId: 'R1',
      framedIpAddress: '10.7.7.7',
      framedIpv6Prefix: undefined,
      startedAt: at,
      lastSeenAt: at,
      expiresAt: at + 60_000,
      lastEventAt: at,
    });
    expect((await store.lookup('10.7.7.7')).status).toBe('found');

    await new Promise<void>((resolve) => {
      relay.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
    expect(await store.lookup('10.7.7.7')).toEqual({ status: 'unknown' });

    await new Promise<void>((resolve) => relay.listen(port, '127.0.0.1', resolve));
    await waitReady(store);
    expect((await store.lookup('10.7.7.7')).status).toBe('found');
    expect(metrics.lookupTally.unknown).toBeGreaterThanOrEqual(1);
    await store.close();
    await new Promise<void>((resolve) => {
      relay.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });
  });

  afterAll(async () => {
    const redis = new Redis(url);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });
} else {
  describe.skip('redis store (set REDIS_URL=redis://127.0.0.1:6379 to run against a real Redis)', () => {
    it('skipped', () => {});
  });
}

describe('redis store when Redis cannot answer', () => {
  it('answers unknown (never a stale or guessed answer), counts it, and refuses writes', async () => {
    // Port 1 on loopback: nothing listens, so every connect is refused at once.
    const metrics = createSessionMetrics();
    const store = createRedisSessionStore({ url: 'redis://127.0.0.1:1', metrics, commandTimeoutMs: 200 });
    const started = Date.now();
    expect(await store.lookup('10.0.0.1')).toEqual({ status: 'unknown' });
    expect(await store.lookup('2001:db8::1')).toEqual({ status: 'unknown' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await store.ready()).toBe(false);
    await expect(store.dropNas('demo/pgw-1')).rejects.toThrow();
    const text = await metrics.registry.metrics();
    expect(text).toContain('linekeeper_session_lookups_total{result="unknown"} 2');
    expect(text).toContain('linekeeper_session_store_errors_total{operation="lookup"} 2');
    await store.close();
  });
});

async function waitReady(store: { ready(): Promise<boolean> }): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await store.ready()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('redis not ready');
}
