import { createHash } from 'node:crypto';
import type { Disclosure } from './disclosure.js';

/** The `prev_hash` of an instance's first batch. */
export const GENESIS_HASH = '0'.repeat(64);

/** Bytes of each row digest kept in the batch header: enough to say which row changed. */
const LOCATOR_BYTES = 8;

/** A batch header as stored in `disclosure_batch` (without the database's id). */
export interface BatchHeader {
  readonly instanceId: string;
  readonly instanceSeq: number;
  readonly firstAt: number;
  readonly lastAt: number;
  readonly rowCount: number;
  /** sha256 over the rows' full sha256 digests, in `seq` order. */
  readonly rowsHash: string;
  /** Hex of the first 8 bytes of each row's digest: locates an edited row. */
  readonly rowLocators: string;
  readonly prevHash: string;
  readonly batchHash: string;
}

export interface SealedBatch extends BatchHeader {
  readonly rows: readonly Disclosure[];
}

/**
 * The canonical encoding of a row: a JSON array in a fixed order, so the same disclosure always
 * hashes the same whether it comes from the gateway's memory or back from PostgreSQL.
 */
export function canonicalRow(seq: number, d: Disclosure): string {
  return JSON.stringify([
    seq,
    d.at,
    d.msisdn,
    d.accountingSessionId ?? null,
    d.host,
    d.scheme ?? null,
    d.port ?? null,
    d.path ?? null,
    d.partnerId,
    d.purpose,
    d.fields,
    d.policyVersion,
    d.instanceId,
  ]);
}

export function rowDigest(seq: number, d: Disclosure): Buffer {
  return createHash('sha256').update(canonicalRow(seq, d)).digest();
}

/** rowsHash and locators for rows numbered 0..n-1. */
export function hashRows(rows: readonly Disclosure[]): { rowsHash: string; rowLocators: string } {
  const hasher = createRowsHasher(rows.length);
  hasher.add(rows, 0, rows.length);
  return hasher.finish();
}

/** Row digests folded in order, a range at a time, so the work can be spread over turns. */
function createRowsHasher(rowCount: number) {
  const all = createHash('sha256');
  const locators = Buffer.allocUnsafe(rowCount * LOCATOR_BYTES);
  return {
    add(rows: readonly Disclosure[], from: number, to: number): void {
      for (let seq = from; seq < to; seq += 1) {
        const digest = rowDigest(seq, rows[seq] as Disclosure);
        all.update(digest);
        digest.copy(locators, seq * LOCATOR_BYTES, 0, LOCATOR_BYTES);
      }
    },
    finish: (): { rowsHash: string; rowLocators: string } => ({
      rowsHash: all.digest('hex'),
      rowLocators: locators.toString('hex'),
    }),
  };
}

/** The hex locator of row `seq` in a header's `rowLocators`, or undefined past its end. */
export function locatorAt(rowLocators: string, seq: number): string | undefined {
  const hexWidth = LOCATOR_BYTES * 2;
  const start = seq * hexWidth;
  return start + hexWidth <= rowLocators.length ? rowLocators.slice(start, start + hexWidth) : undefined;
}

/** The locator (hex of the first bytes) of a row digest. */
export function locatorOfDigest(digest: Buffer): string {
  return digest.subarray(0, LOCATOR_BYTES).toString('hex');
}

/** The hash that chains a batch to the previous one: it covers every header field. */
export function computeBatchHash(header: Omit<BatchHeader, 'batchHash'>): string {
  return createHash('sha256')
    .update(
      JSON.stringify([
        header.instanceId,
        header.instanceSeq,
        header.firstAt,
        header.lastAt,
        header.rowCount,
        header.rowsHash,
        header.rowLocators,
        header.prevHash,
      ]),
    )
    .digest('hex');
}

interface SealOptions {
  instanceId: string;
  instanceSeq: number;
  prevHash: string;
  rows: readonly Disclosure[];
}

/** Seals rows (already in their final order) as the next batch of an instance's chain. */
export function sealBatch(options: SealOptions): SealedBatch {
  return assemble(options, hashRows(options.rows));
}

/**
 * The same seal as `sealBatch`, hashing at most `sliceRows` rows per event-loop turn: a process
 * that serves traffic while it records (the gateway) never stalls for a whole batch.
 */
export async function sealBatchInSlices(options: SealOptions, sliceRows = 250): Promise<SealedBatch> {
  const { rows } = options;
  const hasher = createRowsHasher(rows.length);
  for (let from = 0; from < rows.length; from += sliceRows) {
    if (from > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    hasher.add(rows, from, Math.min(rows.length, from + sliceRows));
  }
  return assemble(options, hasher.finish());
}

function assemble(options: SealOptions, hashed: { rowsHash: string; rowLocators: string }): SealedBatch {
  const { rows } = options;
  let firstAt = Number.POSITIVE_INFINITY;
  let lastAt = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    if (row.at < firstAt) firstAt = row.at;
    if (row.at > lastAt) lastAt = row.at;
  }
  const header = {
    instanceId: options.instanceId,
    instanceSeq: options.instanceSeq,
    firstAt,
    lastAt,
    rowCount: rows.length,
    rowsHash: hashed.rowsHash,
    rowLocators: hashed.rowLocators,
    prevHash: options.prevHash,
  };
  return { ...header, batchHash: computeBatchHash(header), rows };
}
