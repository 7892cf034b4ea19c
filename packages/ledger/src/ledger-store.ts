import type { PolicyLoad } from './disclosure.js';
import type { SealedBatch } from './seal-batch.js';

/** The last sealed batch of one instance's chain. */
export interface ChainHead {
  readonly instanceSeq: number;
  readonly batchHash: string;
}

/**
 * Where sealed batches go. The ledger never updates or deletes through it: append only.
 * `createKyselyLedgerStore` is the PostgreSQL/PGlite one; tests hand in blocked or failing ones.
 */
export interface LedgerStore {
  chainHead(instanceId: string): Promise<ChainHead | undefined>;
  /** Writes the header and its rows atomically (all or nothing). */
  appendBatch(batch: SealedBatch): Promise<void>;
  appendPolicyLoad(load: PolicyLoad & { readonly instanceId: string }): Promise<void>;
}
