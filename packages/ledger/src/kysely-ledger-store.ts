import { type Kysely, sql } from 'kysely';
import { assertSchemaName, ensurePartition, monthOf } from './ledger-schema.js';
import type { LedgerStore } from './ledger-store.js';
import type { LedgerTables } from './ledger-tables.js';
import { policyLoadHash } from './policy-load-hash.js';
import { GENESIS_HASH, type SealedBatch } from './seal-batch.js';

export interface KyselyLedgerStoreOptions {
  readonly db: Kysely<LedgerTables>;
  readonly schema: string;
  /** Create a month's partition when a batch needs it (owner rights); off for a restricted role. */
  readonly createPartitions?: boolean;
}

/**
 * The PostgreSQL/PGlite store. A batch is one statement — the header inserted in a CTE and
 * all its rows through `unnest` of column arrays — so it is atomic, one round trip, and costs
 * fourteen parameters whatever the batch size.
 */
export function createKyselyLedgerStore(options: KyselyLedgerStoreOptions): LedgerStore {
  const { db, schema } = options;
  assertSchemaName(schema);
  const createPartitions = options.createPartitions ?? true;
  const knownMonths = new Set<number>();
  const t = (name: string) => sql.table(`${schema}.${name}`);

  return {
    async chainHead(instanceId) {
      const row = await db
        .withSchema(schema)
        .selectFrom('disclosure_batch')
        .select(['instance_seq', 'batch_hash'])
        .where('instance_id', '=', instanceId)
        .orderBy('instance_seq', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? { instanceSeq: Number(row.instance_seq), batchHash: row.batch_hash } : undefined;
    },

    async appendBatch(batch: SealedBatch) {
      const month = monthOf(batch.firstAt);
      if (createPartitions && !knownMonths.has(month)) {
        await ensurePartition(db, schema, month);
        knownMonths.add(month);
      }
      const rows = batch.rows;
      const n = rows.length;
      const seq = Array.from({ length: n }, (_, i) => i);
      const col = <T>(pick: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => pick(i));
      const r = (i: number) => rows[i] as SealedBatch['rows'][number];
      await sql`with b as (
          insert into ${t('disclosure_batch')}
            (instance_id, instance_seq, first_at, last_at, row_count, rows_hash, row_locators, prev_hash, batch_hash)
          values (${batch.instanceId}, ${batch.instanceSeq}, ${new Date(batch.firstAt).toISOString()}::timestamptz,
            ${new Date(batch.lastAt).toISOString()}::timestamptz, ${batch.rowCount}, ${batch.rowsHash},
            ${batch.rowLocators}, ${batch.prevHash}, ${batch.batchHash})
          returning id)
        insert into ${t('disclosure')}
          (batch_id, seq, at, msisdn, accounting_session_id, host, scheme, port, path, partner_id, purpose,
           fields, policy_version, instance_id)
        select b.id, u.seq, u.at::timestamptz, u.msisdn, u.asid, u.host, u.scheme, u.port, u.path, u.partner_id,
          u.purpose, string_to_array(u.fields, ','), u.policy_version, u.instance_id
        from b, unnest(${seq}::int4[], ${col((i) => new Date(r(i).at).toISOString())}::text[],
          ${col((i) => r(i).msisdn)}::text[], ${col((i) => r(i).accountingSessionId ?? null)}::text[],
          ${col((i) => r(i).host)}::text[], ${col((i) => r(i).scheme ?? null)}::text[],
          ${col((i) => r(i).port ?? null)}::int4[], ${col((i) => r(i).path ?? null)}::text[],
          ${col((i) => r(i).partnerId)}::text[], ${col((i) => r(i).purpose)}::text[],
          ${col((i) => r(i).fields.join(','))}::text[], ${col((i) => r(i).policyVersion)}::text[],
          ${col((i) => r(i).instanceId)}::text[])
          as u(seq, at, msisdn, asid, host, scheme, port, path, partner_id, purpose, fields, policy_version, instance_id)`.execute(
        db,
      );
    },

    async appendPolicyLoad(load) {
      await db.transaction().execute(async (trx) => {
        // One load at a time per instance, so its chain cannot fork.
        await sql`select pg_advisory_xact_lock(hashtext(${`${schema}.policy_load.${load.instanceId}`}))`.execute(
          trx,
        );
        const last = await trx
          .withSchema(schema)
          .selectFrom('policy_load')
          .select('load_hash')
          .where('instance_id', '=', load.instanceId)
          .orderBy('id', 'desc')
          .limit(1)
          .executeTakeFirst();
        const prevHash = last?.load_hash ?? GENESIS_HASH;
        await trx
          .withSchema(schema)
          .insertInto('policy_load')
          .values({
            at: new Date(load.at),
            instance_id: load.instanceId,
            policy_version: load.policyVersion,
            accepted: load.accepted,
            reason: load.reason,
            diff_hash: load.diffHash ?? null,
            approver: load.approver ?? null,
            prev_hash: prevHash,
            load_hash: policyLoadHash(load, prevHash),
          })
          .execute();
      });
    },
  };
}
