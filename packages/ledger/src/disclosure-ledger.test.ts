import { describe, expect, it } from 'vitest';
import type { Disclosure } from './disclosure.js';
import { createDisclosureLedger } from './disclosure-ledger.js';
import type { LedgerStore } from './ledger-store.js';
import { GENESIS_HASH, type SealedBatch } from './seal-batch.js';

const disclosure = (i: number): Disclosure => ({
  at: Date.parse('2026-01-10T09:00:00Z') + i,
  msisdn: `+447700900${String(i % 1000).padStart(3, '0')}`,
  host: 'partner.demo',
  partnerId: 'demo-partner',
  purpose: 'carrier-billing',
  fields: ['msisdn'],
  policyVersion: 'v1',
  instanceId: 'gw-1',
});

/** An in-memory store whose appends can be blocked or made to fail. */
function fakeStore() {
  const batches: SealedBatch[] = [];
  let mode: 'ok' | 'fail' | 'block' = 'ok';
  const blocked: Array<() => void> = [];
  const store: LedgerStore = {
    async chainHead() {
      const last = batches.at(-1);
      return last ? { instanceSeq: last.instanceSeq, batchHash: last.batchHash } : undefined;
    },
    async appendBatch(batch) {
      if (mode === 'block') await new Promise<void>((resolve) => blocked.push(resolve));
      if (mode === 'fail') throw new Error('connection refused');
      batches.push(batch);
    },
    async appendPolicyLoad() {},
  };
  return {
    store,
    batches,
    setMode(next: typeof mode) {
      mode = next;
      if (next !== 'block') for (const release of blocked.splice(0)) release();
    },
  };
}

describe('createDisclosureLedger', () => {
  it('refuses once the bounded buffer is full while the store is blocked, then drains', async () => {
    const fake = fakeStore();
    fake.setMode('block');
    const ledger = createDisclosureLedger({
      store: fake.store,
      instanceId: 'gw-1',
      maxBuffered: 10,
      maxBatch: 4,
      flushIntervalMs: 5,
    });
    const results = Array.from({ length: 15 }, (_, i) => ledger.record(disclosure(i)));
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(results.slice(10)).toEqual([false, false, false, false, false]);
    expect(ledger.stats().refused.full).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 30)); // a flush is now stuck in the store
    expect(ledger.record(disclosure(99))).toBe(false); // still nothing written, still full

    fake.setMode('ok');
    await ledger.close();
    expect(fake.batches.flatMap((b) => b.rows)).toEqual(Array.from({ length: 10 }, (_, i) => disclosure(i)));
    expect(fake.batches.map((b) => b.rowCount)).toEqual([4, 4, 2]);
    expect(fake.batches[0]?.prevHash).toBe(GENESIS_HASH);
    expect(fake.batches[1]?.prevHash).toBe(fake.batches[0]?.batchHash);
  });

  it('fails closed while the store fails, keeps what it accepted, and recovers', async () => {
    const fake = fakeStore();
    let now = 1_000;
    const ledger = createDisclosureLedger({
      store: fake.store,
      instanceId: 'gw-1',
      flushIntervalMs: 5,
      retryIntervalMs: 50,
      clock: () => now,
    });
    const errors: unknown[] = [];
    const states: boolean[] = [];
    ledger.on('store-error', ({ error }) => errors.push(error));
    ledger.on('state', ({ healthy }) => states.push(healthy));

    fake.setMode('fail');
    expect(ledger.record(disclosure(1))).toBe(true);
    await expect(ledger.flush()).rejects.toMatchObject({ code: 'ERR_LEDGER_STORE' });
    expect(ledger.record(disclosure(2))).toBe(false);
    expect(ledger.record(disclosure(3))).toBe(false);
    expect(ledger.stats()).toMatchObject({
      healthy: false,
      buffered: 1,
      storeErrors: 1,
      refused: { unavailable: 2 },
    });
    expect(errors).toHaveLength(1);

    fake.setMode('ok');
    now += 100; // past the retry interval: the background flush tries again
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(ledger.stats()).toMatchObject({ healthy: true, buffered: 0, flushedRows: 1 });
    expect(ledger.record(disclosure(4))).toBe(true);
    await ledger.close();
    expect(fake.batches.flatMap((b) => b.rows.map((r) => r.at))).toEqual([
      disclosure(1).at,
      disclosure(4).at,
    ]);
    expect(states).toEqual([false, true]);
  });

  it('treats a write whose reply was lost as written (no duplicate, no fork)', async () => {
    const fake = fakeStore();
    const append = fake.store.appendBatch;
    let first = true;
    fake.store.appendBatch = async (batch) => {
      await append(batch);
      if (first) {
        first = false;
        throw new Error('connection reset after commit');
      }
    };
    const ledger = createDisclosureLedger({ store: fake.store, instanceId: 'gw-1', flushIntervalMs: 10_000 });
    ledger.record(disclosure(1));
    ledger.record(disclosure(2));
    await ledger.flush();
    ledger.record(disclosure(3));
    await ledger.close();
    expect(fake.batches.map((b) => [b.instanceSeq, b.rowCount])).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });

  it('refuses invalid disclosures and records after close', async () => {
    const fake = fakeStore();
    const ledger = createDisclosureLedger({ store: fake.store, instanceId: 'gw-1' });
    expect(ledger.record({ ...disclosure(1), msisdn: '07700900123' })).toBe(false);
    expect(ledger.record({ ...disclosure(1), instanceId: 'gw-2' })).toBe(false);
    expect(ledger.record({ ...disclosure(1), fields: ['msisdn,imsi'] })).toBe(false);
    await ledger.close();
    expect(ledger.record(disclosure(1))).toBe(false);
    expect(ledger.stats().refused).toEqual({ full: 0, unavailable: 0, invalid: 3, closed: 1 });
  });
});
