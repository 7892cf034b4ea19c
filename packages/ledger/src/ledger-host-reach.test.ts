import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Disclosure } from './disclosure.js';
import { createKyselyLedgerStore } from './kysely-ledger-store.js';
import { createLedgerHostReach } from './ledger-host-reach.js';
import { GENESIS_HASH, sealBatch } from './seal-batch.js';
import { openTestLedgerDatabase, type TestLedgerDatabase } from './test-ledger-database.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-01T00:00:00Z');

describe('createLedgerHostReach', () => {
  let database: TestLedgerDatabase;
  beforeAll(async () => {
    database = await openTestLedgerDatabase();
  }, 60_000);
  afterAll(async () => database?.close());

  it('averages distinct subscribers a day per host, wildcards over subdomains', async () => {
    const d = (daysAgo: number, msisdn: string, host: string): Disclosure => ({
      at: NOW - daysAgo * DAY + 3_600_000,
      msisdn,
      host,
      partnerId: 'p',
      purpose: 'carrier-billing',
      fields: ['msisdn'],
      policyVersion: 'v1',
      instanceId: 'gw-1',
    });
    const rows = [
      d(1, '+447700900001', 'partner.demo'),
      d(1, '+447700900001', 'partner.demo'), // same subscriber, same day: once
      d(1, '+447700900002', 'partner.demo'),
      d(2, '+447700900001', 'partner.demo'),
      d(2, '+447700900003', 'a.shop.demo'),
      d(1, '+447700900003', 'b.shop.demo'),
      d(20, '+447700900004', 'partner.demo'), // outside the last 7 days
    ];
    const store = createKyselyLedgerStore({ db: database.db, schema: database.schema });
    await store.appendBatch(sealBatch({ instanceId: 'gw-1', instanceSeq: 1, prevHash: GENESIS_HASH, rows }));
    const reach = createLedgerHostReach({ db: database.db, schema: database.schema, clock: () => NOW });
    const result = await reach.distinctSubscribersPerDay(['partner.demo', '*.shop.demo', 'never.demo'], 7);
    expect([...result]).toEqual([
      ['partner.demo', 3 / 7],
      ['*.shop.demo', 2 / 7],
      ['never.demo', 0],
    ]);
  });
});
