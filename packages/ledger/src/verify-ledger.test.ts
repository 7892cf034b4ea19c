import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyRetention, parseRetention } from './apply-retention.js';
import type { Disclosure } from './disclosure.js';
import { createDisclosureLedger } from './disclosure-ledger.js';
import { createKyselyLedgerStore } from './kysely-ledger-store.js';
import type { LedgerDatabase } from './open-ledger-database.js';
import { rollupDays } from './rollup-days.js';
import {
  openTestConnection,
  openTestLedgerDatabase,
  type TestLedgerDatabase,
} from './test-ledger-database.js';
import { verifyLedger } from './verify-ledger.js';

const JAN = Date.parse('2026-01-05T08:00:00Z');
const MAR = Date.parse('2026-03-05T08:00:00Z');

const row = (at: number, i: number, instanceId = 'gw-1'): Disclosure => ({
  at,
  msisdn: `+447700900${String(i).padStart(3, '0')}`,
  host: i % 2 ? 'partner.demo' : 'shop.partner.demo',
  partnerId: 'demo-partner',
  purpose: 'carrier-billing',
  fields: ['msisdn'],
  policyVersion: 'v1',
  instanceId,
});

/** Tampering as someone with the owner's rights would: past the append-only triggers. */
async function tamper(database: TestLedgerDatabase, statement: ReturnType<typeof sql>): Promise<void> {
  await database.db.connection().execute(async (conn) => {
    await sql`set session_replication_role = replica`.execute(conn);
    try {
      await statement.execute(conn);
    } finally {
      await sql`set session_replication_role = origin`.execute(conn);
    }
  });
}

describe(`verifyLedger (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let database: TestLedgerDatabase;
  let t: (name: string) => ReturnType<typeof sql.table>;
  let batchIds: string[];
  let connection: LedgerDatabase;

  beforeAll(async () => {
    connection = await openTestConnection();
  }, 60_000);
  afterAll(async () => connection?.close());

  beforeEach(async () => {
    database = await openTestLedgerDatabase(connection);
    t = (name) => sql.table(`${database.schema}.${name}`);
    const store = createKyselyLedgerStore({ db: database.db, schema: database.schema });
    for (const instanceId of ['gw-1', 'gw-2']) {
      const ledger = createDisclosureLedger({ store, instanceId, maxBatch: 4, flushIntervalMs: 60_000 });
      for (let i = 0; i < 8; i += 1) ledger.record(row(JAN + i * 1000, i, instanceId));
      await ledger.flush();
      for (let i = 0; i < 8; i += 1) ledger.record(row(MAR + i * 1000, 100 + i, instanceId));
      await ledger.close();
    }
    const ids = await database.db
      .withSchema(database.schema)
      .selectFrom('disclosure_batch')
      .select('id')
      .orderBy('id')
      .execute();
    batchIds = ids.map((r) => String(r.id));
  }, 60_000);
  afterEach(async () => database?.close());

  const verify = () => verifyLedger({ db: database.db, schema: database.schema, pageSize: 3 });

  it('passes an untouched ledger', async () => {
    const report = await verify();
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, batches: 8, rows: 32, retiredBatches: 0 });
    expect(report.heads['gw-2']?.instanceSeq).toBe(4);
  });

  it('names the batch and the row that an UPDATE changed', async () => {
    await tamper(
      database,
      sql`update ${t('disclosure')} set host = 'elsewhere.example' where batch_id = ${batchIds[1]} and seq = 2`,
    );
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.problems).toMatchObject([{ kind: 'rows-changed', batchId: batchIds[1], seqs: [2] }]);
  });

  it('names the rows a DELETE removed', async () => {
    await tamper(
      database,
      sql`delete from ${t('disclosure')} where batch_id = ${batchIds[5]} and seq in (0, 3)`,
    );
    const report = await verify();
    expect(report.problems).toMatchObject([{ kind: 'rows-missing', batchId: batchIds[5], seqs: [0, 3] }]);
  });

  it('finds a deleted batch as a chain break', async () => {
    const [victim] = (
      await sql<{
        id: string;
        instance_id: string;
        instance_seq: string;
      }>`select id, instance_id, instance_seq from ${t('disclosure_batch')} where id = ${batchIds[1]}`.execute(
        database.db,
      )
    ).rows;
    await tamper(database, sql`delete from ${t('disclosure')} where batch_id = ${batchIds[1]}`);
    await tamper(database, sql`delete from ${t('disclosure_batch')} where id = ${batchIds[1]}`);
    const report = await verify();
    expect(report.problems).toMatchObject([
      { kind: 'batches-missing', instanceId: victim?.instance_id, seqs: [Number(victim?.instance_seq)] },
    ]);
  });

  it('finds rows left behind by a deleted batch header, and an edited header', async () => {
    await tamper(database, sql`delete from ${t('disclosure_batch')} where id = ${batchIds[7]}`);
    await tamper(database, sql`update ${t('disclosure_batch')} set row_count = 3 where id = ${batchIds[6]}`);
    const kinds = (await verify()).problems.map((p) => [p.kind, p.batchId]);
    expect(kinds).toContainEqual(['orphan-rows', batchIds[7]]);
    expect(kinds).toContainEqual(['batch-header-changed', batchIds[6]]);
  });

  it('passes after retention drops a month, and says which batches it retired', async () => {
    const dropped = await applyRetention({
      db: database.db,
      schema: database.schema,
      retainMonths: parseRetention('13 months'),
      now: Date.parse('2027-03-10T00:00:00Z'),
    });
    expect(dropped).toMatchObject([{ partition: 'disclosure_y2026m01', batches: 4, rows: 16 }]);
    const report = await verify();
    expect(report.problems).toEqual([]);
    expect(report).toMatchObject({ ok: true, batches: 8, rows: 16, retiredBatches: 4 });
    // Still caught after retention: a March row deleted.
    await tamper(database, sql`delete from ${t('disclosure')} where batch_id = ${batchIds[2]} and seq = 1`);
    expect((await verify()).problems).toMatchObject([{ kind: 'rows-missing', seqs: [1] }]);
  });

  it('chains policy loads: finds a deleted and an edited load', async () => {
    const store = createKyselyLedgerStore({ db: database.db, schema: database.schema });
    const ledger = createDisclosureLedger({ store, instanceId: 'gw-1' });
    for (const [i, accepted] of [true, false, true].entries()) {
      await ledger.recordPolicyLoad({
        at: JAN + i,
        policyVersion: `v${i}`,
        accepted,
        reason: accepted ? 'narrowing' : 'widening without approval',
      });
    }
    await ledger.close();
    expect(await verify()).toMatchObject({ ok: true, policyLoads: 3 });
    const ids = (
      await database.db
        .withSchema(database.schema)
        .selectFrom('policy_load')
        .select('id')
        .orderBy('id')
        .execute()
    ).map((r) => String(r.id));
    await tamper(database, sql`delete from ${t('policy_load')} where id = ${ids[1]}`);
    await tamper(database, sql`update ${t('policy_load')} set reason = 'approved' where id = ${ids[0]}`);
    expect((await verify()).problems.map((p) => [p.kind, p.loadId])).toEqual([
      ['policy-load-changed', ids[0]],
      ['policy-load-chain-break', ids[2]],
    ]);
  });

  it('recomputes the daily summaries and finds an edited one', async () => {
    const days = await rollupDays({
      db: database.db,
      schema: database.schema,
      now: Date.parse('2026-04-01T00:00:00Z'),
    });
    expect(days.filter((d) => d.sourceRows > 0).map((d) => [d.day, d.sourceRows])).toEqual([
      ['2026-01-05', 16],
      ['2026-03-05', 16],
    ]);
    expect(await verify()).toMatchObject({ ok: true, summarisedDays: days.length });
    await tamper(
      database,
      sql`update ${t('disclosure_daily')} set host = 'elsewhere.example' where day = '2026-03-05' and msisdn = '+447700900101'`,
    );
    expect((await verify()).problems).toMatchObject([
      { kind: 'summary-mismatch', detail: expect.stringMatching(/2026-03-05/) },
    ]);
  });

  it('parses retention settings', () => {
    expect(parseRetention('13 months')).toBe(13);
    expect(parseRetention('2 years')).toBe(24);
    expect(() => parseRetention('13 weeks')).toThrow(/retention/);
  });
});
