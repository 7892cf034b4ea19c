import { EventEmitter } from 'node:events';
import { type Disclosure, disclosureProblem, type PolicyLoad } from './disclosure.js';
import { ledgerError } from './errors.js';
import type { ChainHead, LedgerStore } from './ledger-store.js';
import { GENESIS_HASH, sealBatchInSlices } from './seal-batch.js';

export interface DisclosureLedgerOptions {
  readonly store: LedgerStore;
  /** This gateway instance: it owns its own hash chain, so instances flush independently. */
  readonly instanceId: string;
  /** Disclosures held in memory at most; beyond it `record` refuses (fail closed). */
  readonly maxBuffered?: number;
  readonly flushIntervalMs?: number;
  readonly maxBatch?: number;
  /** After a store failure, wait this long before trying again. */
  readonly retryIntervalMs?: number;
  readonly clock?: () => number;
}

export type RefusalReason = 'full' | 'unavailable' | 'invalid' | 'closed';

export interface LedgerStats {
  readonly healthy: boolean;
  readonly buffered: number;
  readonly accepted: number;
  readonly refused: Readonly<Record<RefusalReason, number>>;
  readonly flushedRows: number;
  readonly flushedBatches: number;
  readonly storeErrors: number;
}

/**
 * Events (a library emits, the app logs): `flushed` {batches, rows, durationMs, head},
 * `store-error` {error}, `state` {healthy}. `head` (instanceSeq, batchHash) is the chain head:
 * logged or exported outside the database it is the witness that catches a truncated tail.
 */
export interface DisclosureLedger extends EventEmitter {
  /**
   * Hot path, synchronous, never waits: true when the disclosure is buffered for the ledger;
   * false when it cannot be (buffer full, store failing, invalid, closed) — the gateway must
   * then not make the disclosure.
   */
  record(disclosure: Disclosure): boolean;
  /** Every policy load, accepted or refused; rejects when it could not be recorded. */
  recordPolicyLoad(load: PolicyLoad): Promise<void>;
  /** Writes everything buffered; rejects if the store fails. */
  flush(): Promise<void>;
  /** Stops accepting, flushes what was accepted, stops the timer. */
  close(): Promise<void>;
  stats(): LedgerStats;
}

const MONTH_MS_KEY = (at: number): number => {
  const d = new Date(at);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
};

export function createDisclosureLedger(options: DisclosureLedgerOptions): DisclosureLedger {
  const { store, instanceId } = options;
  const maxBuffered = options.maxBuffered ?? 100_000;
  const maxBatch = options.maxBatch ?? 5_000;
  const flushIntervalMs = options.flushIntervalMs ?? 200;
  const retryIntervalMs = options.retryIntervalMs ?? 1_000;
  const clock = options.clock ?? Date.now;

  const emitter = new EventEmitter() as DisclosureLedger;
  const buffer: Disclosure[] = [];
  const refused: Record<RefusalReason, number> = { full: 0, unavailable: 0, invalid: 0, closed: 0 };
  let accepted = 0;
  let flushedRows = 0;
  let flushedBatches = 0;
  let storeErrors = 0;
  let healthy = true;
  let closed = false;
  let failedAt = 0;
  let head: ChainHead | undefined;
  let draining: Promise<void> | undefined;
  let kickScheduled = false;

  const setHealthy = (value: boolean): void => {
    if (healthy === value) return;
    healthy = value;
    emitter.emit('state', { healthy });
  };

  // A batch never spans two calendar months (UTC): retention drops whole monthly partitions,
  // and with them whole batches.
  const sameMonthPrefix = (rows: readonly Disclosure[]): number => {
    const first = rows[0];
    if (first === undefined) return 0;
    const month = MONTH_MS_KEY(first.at);
    let n = 1;
    while (n < rows.length && MONTH_MS_KEY((rows[n] as Disclosure).at) === month) n += 1;
    return n;
  };

  const flushOnce = async (): Promise<number> => {
    head ??= (await store.chainHead(instanceId)) ?? { instanceSeq: 0, batchHash: GENESIS_HASH };
    const count = sameMonthPrefix(buffer.slice(0, maxBatch));
    // Only this drain takes rows off the buffer; record() only appends, so the slice stays put.
    const batch = await sealBatchInSlices({
      instanceId,
      instanceSeq: head.instanceSeq + 1,
      prevHash: head.batchHash,
      rows: buffer.slice(0, count),
    });
    try {
      await store.appendBatch(batch);
    } catch (error) {
      // The write may have committed with its reply lost: the stored head says which.
      const stored = await store.chainHead(instanceId).catch(() => undefined);
      if (stored?.batchHash !== batch.batchHash) {
        head = undefined; // re-read before the next attempt (another writer may have appended)
        throw error;
      }
    }
    buffer.splice(0, count);
    head = { instanceSeq: batch.instanceSeq, batchHash: batch.batchHash };
    flushedRows += count;
    flushedBatches += 1;
    return count;
  };

  const drain = (): Promise<void> => {
    draining ??= (async () => {
      const started = clock();
      let rows = 0;
      let batches = 0;
      try {
        while (buffer.length > 0) {
          rows += await flushOnce();
          batches += 1;
        }
        setHealthy(true);
      } catch (error) {
        storeErrors += 1;
        failedAt = clock();
        setHealthy(false);
        emitter.emit('store-error', { error });
        throw ledgerError(
          'ERR_LEDGER_STORE',
          `ledger store failed; ${buffer.length} disclosures buffered`,
          error,
        );
      } finally {
        draining = undefined;
        if (batches > 0) emitter.emit('flushed', { batches, rows, durationMs: clock() - started, head });
      }
    })();
    return draining;
  };

  const background = (): void => {
    if (draining !== undefined || buffer.length === 0) return;
    if (!healthy && clock() - failedAt < retryIntervalMs) return;
    drain().catch(() => {}); // reported through 'store-error' and stats
  };

  const timer = setInterval(background, flushIntervalMs);
  timer.unref();

  emitter.record = (disclosure: Disclosure): boolean => {
    if (closed) {
      refused.closed += 1;
      return false;
    }
    if (!healthy) {
      refused.unavailable += 1;
      return false;
    }
    if (buffer.length >= maxBuffered) {
      refused.full += 1;
      return false;
    }
    if (disclosure.instanceId !== instanceId || disclosureProblem(disclosure) !== undefined) {
      refused.invalid += 1;
      return false;
    }
    buffer.push(disclosure);
    accepted += 1;
    if (buffer.length >= maxBatch && !kickScheduled) {
      kickScheduled = true;
      setImmediate(() => {
        kickScheduled = false;
        background();
      });
    }
    return true;
  };

  emitter.recordPolicyLoad = (load: PolicyLoad): Promise<void> =>
    store.appendPolicyLoad({ ...load, instanceId });

  emitter.flush = async (): Promise<void> => {
    while (buffer.length > 0 || draining !== undefined) await drain();
  };

  emitter.close = async (): Promise<void> => {
    closed = true;
    clearInterval(timer);
    await emitter.flush();
  };

  emitter.stats = (): LedgerStats => ({
    healthy,
    buffered: buffer.length,
    accepted,
    refused: { ...refused },
    flushedRows,
    flushedBatches,
    storeErrors,
  });

  return emitter;
}
