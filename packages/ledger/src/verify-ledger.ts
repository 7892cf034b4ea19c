import { createHash } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import type { DisclosureBatchTable, DisclosureTable, LedgerTables } from './ledger-tables.js';
import { computeBatchHash, GENESIS_HASH, locatorAt, locatorOfDigest, rowDigest } from './seal-batch.js';
import { storedDisclosure } from './stored-disclosure.js';
import { verifyPolicyLoads } from './verify-policy-loads.js';
import { verifySummaries } from './verify-summaries.js';

export type VerifyProblemKind =
  | 'batch-header-changed'
  | 'chain-break'
  | 'batches-missing'
  | 'rows-changed'
  | 'rows-missing'
  | 'rows-unexpected'
  | 'orphan-rows'
  | 'anchor-mismatch'
  | 'policy-load-changed'
  | 'policy-load-chain-break'
  | 'summary-mismatch';

export interface VerifyProblem {
  readonly kind: VerifyProblemKind;
  readonly instanceId?: string;
  readonly batchId?: string;
  readonly loadId?: string;
  readonly instanceSeq?: number;
  /** Row `seq`s (rows problems) or missing `instance_seq`s (batches-missing). */
  readonly seqs?: readonly number[];
  readonly detail: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly batches: number;
  readonly rows: number;
  /** Batches whose rows were dropped by retention, as recorded in `ledger_anchor`. */
  readonly retiredBatches: number;
  readonly policyLoads: number;
  /** Daily summaries recomputed from their rows (`summaries: true`). */
  readonly summarisedDays: number;
  /**
   * The last batch of each instance. Deleting an instance's newest batches leaves a valid
   * shorter chain: compare these with a witness kept outside the database to catch it.
   */
  readonly heads: Readonly<Record<string, { instanceSeq: number; batchHash: string }>>;
  readonly problems: readonly VerifyProblem[];
}

type Header = Selectable<DisclosureBatchTable>;
type Row = Selectable<DisclosureTable>;

/**
 * Walks every instance's chain in order, page by page: each header must hash to its
 * `batch_hash` and point at its predecessor; each batch's rows must be numbered 0..n-1 and
 * hash to `rows_hash`, and an edited row is named through the header's per-row locators.
 * Months dropped by retention are expected to have no rows when `ledger_anchor` says so.
 */
export async function verifyLedger(options: {
  db: Kysely<LedgerTables>;
  schema: string;
  pageSize?: number;
  /** Recompute the daily summaries too (default true). */
  summaries?: boolean;
}): Promise<VerifyReport> {
  const db = options.db.withSchema(options.schema);
  const pageSize = options.pageSize ?? 20; // batches: up to ~100,000 rows in memory at once
  const problems: VerifyProblem[] = [];
  const chains = new Map<string, { expectedSeq: number; prevHash: string }>();
  const anchors = (await db.selectFrom('ledger_anchor').selectAll().orderBy('id').execute()).map((a) => ({
    ...a,
    digest: createHash('sha256'),
    seen: 0,
  }));
  let batches = 0;
  let rows = 0;
  let retiredBatches = 0;
  let lastId = 0n;

  for (;;) {
    const headers = await db
      .selectFrom('disclosure_batch')
      .selectAll()
      .where('id', '>', lastId.toString())
      .orderBy('id')
      .limit(pageSize)
      .execute();
    const upper = headers.length === pageSize ? BigInt((headers.at(-1) as Header).id) : undefined;
    let query = db.selectFrom('disclosure').selectAll().where('batch_id', '>', lastId.toString());
    if (upper !== undefined) query = query.where('batch_id', '<=', upper.toString());
    const pageRows = await query.orderBy('batch_id').orderBy('seq').execute();
    const rowsByBatch = new Map<string, Row[]>();
    for (const row of pageRows) {
      const key = String(row.batch_id);
      const list = rowsByBatch.get(key) ?? [];
      list.push(row);
      rowsByBatch.set(key, list);
    }
    for (const header of headers) {
      batches += 1;
      const id = String(header.id);
      const batchRows = rowsByBatch.get(id) ?? [];
      rowsByBatch.delete(id);
      rows += batchRows.length;
      checkChain(header, chains, problems);
      const anchor = anchors.find((a) => a.range_from <= header.first_at && header.first_at < a.range_to);
      if (anchor) {
        anchor.digest.update(header.batch_hash);
        anchor.seen += 1;
        retiredBatches += 1;
        if (batchRows.length === 0) continue;
      }
      checkRows(header, batchRows, problems);
    }
    for (const [batchId, orphans] of rowsByBatch) {
      rows += orphans.length;
      problems.push({
        kind: 'orphan-rows',
        batchId,
        seqs: orphans.map((r) => r.seq),
        detail: `${orphans.length} rows belong to batch ${batchId}, which has no header (deleted?)`,
      });
    }
    if (upper === undefined) break;
    lastId = upper;
  }

  for (const anchor of anchors) {
    const digest = anchor.digest.digest('hex');
    if (digest !== anchor.batches_digest || anchor.seen !== Number(anchor.batch_count)) {
      problems.push({
        kind: 'anchor-mismatch',
        detail: `retention anchor for ${anchor.partition_name}: ${anchor.seen} batch headers now, ${anchor.batch_count} when dropped, digest ${digest === anchor.batches_digest ? 'equal' : 'differs'}`,
      });
    }
  }
  const policyLoads = await verifyPolicyLoads(options.db, options.schema, problems);
  const retired = anchors.map((a) => ({ from: a.range_from, to: a.range_to }));
  const summarisedDays =
    options.summaries === false ? 0 : await verifySummaries(options.db, options.schema, retired, problems);
  const heads: Record<string, { instanceSeq: number; batchHash: string }> = {};
  for (const [instanceId, chain] of chains)
    heads[instanceId] = { instanceSeq: chain.expectedSeq - 1, batchHash: chain.prevHash };
  return {
    ok: problems.length === 0,
    batches,
    rows,
    retiredBatches,
    policyLoads,
    summarisedDays,
    heads,
    problems,
  };
}

function checkChain(
  header: Header,
  chains: Map<string, { expectedSeq: number; prevHash: string }>,
  problems: VerifyProblem[],
): void {
  const instanceId = header.instance_id;
  const seq = Number(header.instance_seq);
  const at = { instanceId, batchId: String(header.id), instanceSeq: seq };
  const chain = chains.get(instanceId) ?? { expectedSeq: 1, prevHash: GENESIS_HASH };
  const recomputed = computeBatchHash({
    instanceId,
    instanceSeq: seq,
    firstAt: header.first_at.getTime(),
    lastAt: header.last_at.getTime(),
    rowCount: header.row_count,
    rowsHash: header.rows_hash,
    rowLocators: header.row_locators,
    prevHash: header.prev_hash,
  });
  if (recomputed !== header.batch_hash) {
    problems.push({
      kind: 'batch-header-changed',
      ...at,
      detail: `batch ${at.batchId} header does not hash to its batch_hash`,
    });
  }
  if (seq > chain.expectedSeq) {
    const missing = Array.from({ length: seq - chain.expectedSeq }, (_, i) => chain.expectedSeq + i);
    problems.push({
      kind: 'batches-missing',
      ...at,
      seqs: missing,
      detail: `instance ${instanceId}: batches ${missing[0]}..${missing.at(-1)} missing before batch ${at.batchId} (chain broken)`,
    });
  } else if (seq < chain.expectedSeq) {
    problems.push({
      kind: 'chain-break',
      ...at,
      detail: `instance ${instanceId}: batch ${seq} appears again or out of order`,
    });
  } else if (header.prev_hash !== chain.prevHash) {
    problems.push({
      kind: 'chain-break',
      ...at,
      detail: `batch ${at.batchId} does not point at its predecessor's hash`,
    });
  }
  chains.set(instanceId, { expectedSeq: Math.max(seq + 1, chain.expectedSeq), prevHash: header.batch_hash });
}

function checkRows(header: Header, batchRows: readonly Row[], problems: VerifyProblem[]): void {
  const at = {
    instanceId: header.instance_id,
    batchId: String(header.id),
    instanceSeq: Number(header.instance_seq),
  };
  const present = new Set<number>();
  const changed: number[] = [];
  const unexpected: number[] = [];
  const all = createHash('sha256');
  for (const row of batchRows) {
    const disclosure = storedDisclosure(row);
    if (row.seq < 0 || row.seq >= header.row_count || present.has(row.seq)) {
      unexpected.push(row.seq);
      continue;
    }
    present.add(row.seq);
    const digest = rowDigest(row.seq, disclosure);
    all.update(digest);
    if (locatorAt(header.row_locators, row.seq) !== locatorOfDigest(digest)) changed.push(row.seq);
  }
  const missing: number[] = [];
  for (let seq = 0; seq < header.row_count; seq += 1) if (!present.has(seq)) missing.push(seq);
  const batch = `batch ${at.batchId} (instance ${at.instanceId} #${at.instanceSeq})`;
  if (missing.length > 0)
    problems.push({
      kind: 'rows-missing',
      ...at,
      seqs: missing,
      detail: `${batch}: ${missing.length} of ${header.row_count} rows missing`,
    });
  if (unexpected.length > 0)
    problems.push({
      kind: 'rows-unexpected',
      ...at,
      seqs: unexpected,
      detail: `${batch}: rows that were never sealed in it`,
    });
  if (changed.length > 0) {
    problems.push({
      kind: 'rows-changed',
      ...at,
      seqs: changed,
      detail: `${batch}: ${changed.length} rows changed since sealed`,
    });
  } else if (missing.length === 0 && unexpected.length === 0 && all.digest('hex') !== header.rows_hash) {
    problems.push({ kind: 'rows-changed', ...at, detail: `${batch}: rows do not hash to rows_hash` });
  }
}
