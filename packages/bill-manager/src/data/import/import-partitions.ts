import { type Kysely, sql } from 'kysely';
import type { BillDatabase, BillSession } from '../create-bill-database.js';
import type { BillSchema } from '../schema.js';

/**
 * The tables an import loads, each into a partition of its own, and the indexes each
 * partition must have — exactly the parent's (migrations 5 and 6), so that ATTACH adopts them
 * instead of building its own inside the publishing transaction.
 */
export const IMPORT_PARTITIONS = {
  itemised_records: ['bill_run_id, started_at, id', 'bill_run_id, msisdn, started_at, id'],
  line_summaries: ['tenant_id, bill_run_id'],
  called_number_summaries: ['tenant_id, bill_run_id'],
} as const;

export type ImportPartitioned = keyof typeof IMPORT_PARTITIONS;

export const IMPORT_PARTITIONED = Object.keys(IMPORT_PARTITIONS) as ImportPartitioned[];

/** The table an import loads `parent`'s rows into, until it is attached. */
export function partitionTable(parent: ImportPartitioned, importId: number): string {
  return `${parent}_import_${importId}`;
}

/**
 * Makes an import's table for `parent`, as the owner: the parent's columns and checks, no
 * indexes while loading, and a constraint that lets ATTACH skip its scan.
 */
export async function createPartitionTable(
  trx: Kysely<BillSchema>,
  parent: ImportPartitioned,
  importId: number,
): Promise<void> {
  const table = partitionTable(parent, importId);
  await sql`set local role linekeeper_owner`.execute(trx);
  await sql
    .raw(`create table ${table} (like ${parent} including defaults including constraints);
      alter table ${table} add constraint ${table}_import check (import_id = ${importId});`)
    .execute(trx);
}

/** Builds one index of an import's table, in a transaction of its own on a pooled connection. */
export async function indexPartitionTable(
  database: BillDatabase,
  parent: ImportPartitioned,
  importId: number,
  columns: string,
): Promise<void> {
  await database.db.transaction().execute(async (trx) => {
    await sql`set local role linekeeper_owner`.execute(trx);
    await sql`set local maintenance_work_mem = '256MB'`.execute(trx);
    // The two builds already run side by side, one per core: parallel workers on top of them
    // only add processes competing for the same cores.
    await sql`set local max_parallel_maintenance_workers = 0`.execute(trx);
    // Built once after the load (much faster than maintained row by row); ATTACH adopts it.
    await sql.raw(`create index on ${partitionTable(parent, importId)} (${columns})`).execute(trx);
  });
}

/**
 * Loads one summary table of an import: made, filled by a binary COPY, indexed, and its
 * foreign key to the bill runs checked in one query (ATTACH then adopts the key as it stands).
 * On PostgreSQL all of it is one transaction on `session`, so a kill leaves nothing behind;
 * PGlite copies on its one connection outside a transaction, and a kill there leaves a table
 * that the next import drops.
 */
export async function loadSummaryTable(
  database: BillDatabase,
  session: BillSession,
  parent: 'line_summaries' | 'called_number_summaries',
  importId: number,
  columns: readonly string[],
  tuples: AsyncIterable<Buffer> | Iterable<Buffer>,
): Promise<void> {
  const table = partitionTable(parent, importId);
  const chunks = (async function* () {
    yield* tuples;
  })();
  const finish = async (trx: Kysely<BillSchema>) => {
    await sql`set local role linekeeper_owner`.execute(trx);
    for (const index of IMPORT_PARTITIONS[parent]) {
      await sql.raw(`create index on ${table} (${index})`).execute(trx);
    }
    await sql
      .raw(`alter table ${table} add constraint ${table}_bill_run
        foreign key (bill_run_id) references bill_runs (id)`)
      .execute(trx);
  };
  if (database.kind === 'postgres') {
    await session.db.transaction().execute(async (trx) => {
      await createPartitionTable(trx, parent, importId);
      await session.copyFrom(table, columns, chunks, { binary: true, freeze: true });
      await finish(trx);
    });
    return;
  }
  await session.db.transaction().execute((trx) => createPartitionTable(trx, parent, importId));
  await session.copyFrom(table, columns, chunks, { binary: true });
  await session.db.transaction().execute(finish);
}
