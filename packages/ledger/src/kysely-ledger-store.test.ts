import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Disclosure } from './disclosure.js';
import { createDisclosureLedger } from './disclosure-ledger.js';
import { createKyselyLedgerStore } from './kysely-ledger-store.js';
import { appendOnlyGrants } from './ledger-schema.js';
import { GENESIS_HASH, sealBatch } from './seal-batch.js';
import { openTestLedgerDatabase, type TestLedgerDatabase } from './test-ledger-database.js';

const base: Disclosure = {
  at: Date.parse('2026-01-10T09:00:00Z'),
  msisdn: '+447700900123',
  host: 'partner.demo',
  partnerId: 'demo-partner',
  purpose: 'carrier-billing',
  fields: ['msisdn'],
  policyVersion: 'v1',
  instanceId: 'gw-1',
};

describe(`kysely ledger store (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let database: TestLedgerDatabase;
  beforeAll(async () => {
    database = await openTestLedgerDatabase();
  }, 60_000);
  afterAll(async () => database?.close());

  it('records, flushes in batches and reads the rows back exactly', async () => {
    const store = createKyselyLedgerStore({ db: database.db, schema: database.schema });
    const ledger = createDisclosureLedger({
      store,
      instanceId: 'gw-1',
      maxBatch: 3,
      flushIntervalMs: 10_000,
    });
    const rows: Disclosure[] = [
      base,
      {
        ...base,
        at: base.at + 1,
        msisdn: '+447700900124',
        accountingSessionId: 'acct-1',
        scheme: 'https',
        port: 443,
        path: '/pay',
      },
      { ...base, at: base.at + 2, fields: ['pseudonym', 'imsi'], purpose: 'customer-identification' },
      // Crosses into February: must become a batch of its own (another partition).
      { ...base, at: Date.parse('2026-02-01T00:00:00Z') },
      { ...base, at: Date.parse('2026-02-01T00:00:01Z'), host: 'shop.partner.demo' },
    ];
    for (const row of rows) expect(ledger.record(row)).toBe(true);
    await ledger.close();
    expect(ledger.stats()).toMatchObject({ flushedRows: 5, flushedBatches: 2, buffered: 0, healthy: true });

    const stored = await database.db
      .withSchema(database.schema)
      .selectFrom('disclosure')
      .selectAll()
      .orderBy('at')
      .execute();
    expect(stored.map((r) => [r.at.getTime(), r.msisdn, r.host, r.fields, r.port, r.path, r.scheme])).toEqual(
      rows.map((r) => [r.at, r.msisdn, r.host, r.fields, r.port ?? null, r.path ?? null, r.scheme ?? null]),
    );
    const batches = await database.db
      .withSchema(database.schema)
      .selectFrom('disclosure_batch')
      .select(['instance_seq', 'row_count', 'prev_hash', 'batch_hash'])
      .orderBy('instance_seq')
      .execute();
    expect(batches.map((b) => [Number(b.instance_seq), b.row_count])).toEqual([
      [1, 3],
      [2, 2],
    ]);
    expect(batches[1]?.prev_hash).toBe(batches[0]?.batch_hash);

    // A second ledger for the same instance continues the chain where the store says it ends.
    const again = createDisclosureLedger({ store, instanceId: 'gw-1', flushIntervalMs: 10_000 });
    expect(again.record({ ...base, at: Date.parse('2026-02-02T00:00:00Z') })).toBe(true);
    await again.close();
    expect(await store.chainHead('gw-1')).toMatchObject({ instanceSeq: 3 });
  });

  it('refuses UPDATE and DELETE on ledger tables by trigger', async () => {
    const { db, schema } = database;
    await expect(
      db.withSchema(schema).updateTable('disclosure').set({ host: 'x.example' }).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.withSchema(schema).deleteFrom('disclosure_batch').execute()).rejects.toThrow(
      /append-only/,
    );
  });

  it.runIf(process.env.DATABASE_URL)(
    'lets an append-only role insert and nothing else (appendOnlyGrants)',
    async () => {
      const { db, schema } = database;
      const role = `${schema}_app`;
      await sql.raw(`create role ${role} nologin`).execute(db);
      try {
        for (const statement of appendOnlyGrants(schema, role)) await sql.raw(statement).execute(db);
        await db.connection().execute(async (conn) => {
          await sql.raw(`set role ${role}`).execute(conn);
          try {
            const store = createKyselyLedgerStore({ db: conn, schema, createPartitions: false });
            const head = await store.chainHead('gw-9');
            expect(head).toBeUndefined();
            await store.appendBatch(
              sealBatch({
                instanceId: 'gw-9',
                instanceSeq: 1,
                prevHash: GENESIS_HASH,
                rows: [{ ...base, instanceId: 'gw-9' }],
              }),
            );
            await store.appendPolicyLoad({
              at: base.at,
              policyVersion: 'v9',
              accepted: true,
              reason: 'narrowing',
              instanceId: 'gw-9',
            });
            await expect(
              sql.raw(`update ${schema}.disclosure set host = 'x' where instance_id = 'gw-9'`).execute(conn),
            ).rejects.toThrow(/permission denied/);
            await expect(sql.raw(`delete from ${schema}.disclosure_batch`).execute(conn)).rejects.toThrow(
              /permission denied/,
            );
            await expect(sql.raw(`truncate ${schema}.policy_load`).execute(conn)).rejects.toThrow(
              /permission denied/,
            );
            await expect(
              sql
                .raw(
                  `create table ${schema}.disclosure_y2030m01 partition of ${schema}.disclosure for values from ('2030-01-01') to ('2030-02-01')`,
                )
                .execute(conn),
            ).rejects.toThrow(/permission denied|must be owner/);
          } finally {
            await sql`reset role`.execute(conn);
          }
        });
      } finally {
        await sql.raw(`drop owned by ${role}`).execute(db);
        await sql.raw(`drop role ${role}`).execute(db);
      }
    },
  );

  it('records policy loads, accepted or refused', async () => {
    const store = createKyselyLedgerStore({ db: database.db, schema: database.schema });
    const ledger = createDisclosureLedger({ store, instanceId: 'gw-1' });
    await ledger.recordPolicyLoad({
      at: base.at,
      policyVersion: 'v2',
      accepted: false,
      reason: 'widening without approval',
      diffHash: 'ab12',
    });
    await ledger.close();
    const loads = await database.db
      .withSchema(database.schema)
      .selectFrom('policy_load')
      .selectAll()
      .where('instance_id', '=', 'gw-1')
      .execute();
    expect(loads).toMatchObject([
      { policy_version: 'v2', accepted: false, diff_hash: 'ab12', approver: null },
    ]);
  });
});
