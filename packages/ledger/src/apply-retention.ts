import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { ledgerError } from './errors.js';
import { assertSchemaName, monthOf, monthStart } from './ledger-schema.js';
import type { LedgerTables } from './ledger-tables.js';

const RETENTION = /^\s*(\d{1,3})\s*(month|months|year|years)\s*$/i;

/** `13 months`, `1 year`, `2 years` → whole months. Partitions are monthly, so months it is. */
export function parseRetention(text: string): number {
  const match = RETENTION.exec(text);
  const amount = Number(match?.[1]);
  if (!match || amount < 1) {
    throw ledgerError(
      'ERR_LEDGER_RETENTION_INVALID',
      `retention ${JSON.stringify(text)}: use e.g. "13 months" or "2 years"`,
    );
  }
  return match[2]?.toLowerCase().startsWith('year') ? amount * 12 : amount;
}

export interface DroppedPartition {
  readonly partition: string;
  readonly from: Date;
  readonly to: Date;
  readonly batches: number;
  readonly rows: number;
}

const PARTITION = /^disclosure_y(\d{4})m(\d{2})$/;

/**
 * Drops every monthly partition whose newest possible row is older than the retention, each
 * in one transaction with its anchor: the count and a digest of the batch headers whose rows
 * go with it. Headers stay (no personal data in them), so the hash chain stays whole and
 * `verify` knows those batches are retired, not deleted.
 */
export async function applyRetention(options: {
  db: Kysely<LedgerTables>;
  schema: string;
  retainMonths: number;
  now: number;
}): Promise<DroppedPartition[]> {
  const { db, schema } = options;
  assertSchemaName(schema);
  const oldestKept = monthOf(options.now) - options.retainMonths;
  const children = await sql<{ name: string }>`
    select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid
      join pg_class p on p.oid = i.inhparent
      join pg_namespace n on n.oid = p.relnamespace
    where n.nspname = ${schema} and p.relname = 'disclosure'
    order by c.relname`.execute(db);
  const dropped: DroppedPartition[] = [];
  for (const { name } of children.rows) {
    const match = PARTITION.exec(name);
    if (!match) continue;
    const month = Number(match[1]) * 12 + Number(match[2]) - 1;
    if (month + 1 > oldestKept) continue;
    const from = monthStart(month);
    const to = monthStart(month + 1);
    const result = await db.transaction().execute(async (trx) => {
      const headers = await trx
        .withSchema(schema)
        .selectFrom('disclosure_batch')
        .select(['batch_hash', 'row_count'])
        .where('first_at', '>=', from)
        .where('first_at', '<', to)
        .orderBy('id')
        .execute();
      const digest = createHash('sha256');
      let rows = 0;
      for (const header of headers) {
        digest.update(header.batch_hash);
        rows += header.row_count;
      }
      await trx
        .withSchema(schema)
        .insertInto('ledger_anchor')
        .values({
          partition_name: name,
          range_from: from,
          range_to: to,
          dropped_at: new Date(options.now),
          batch_count: headers.length,
          row_count: rows,
          batches_digest: digest.digest('hex'),
        })
        .execute();
      await sql`drop table ${sql.table(`${schema}.${name}`)}`.execute(trx);
      await sql`drop table if exists ${sql.table(`${schema}.disclosure_daily_${name.slice('disclosure_'.length)}`)}`.execute(
        trx,
      );
      return { partition: name, from, to, batches: headers.length, rows };
    });
    dropped.push(result);
  }
  return dropped;
}
