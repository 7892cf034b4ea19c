import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBillRunFiles } from '../demo/write-bill-run-files.js';
import { importBillRun } from '../import/import-bill-run.js';
import { testCompanies } from '../import/test-companies.js';
import { openTestDatabase, type TestDatabase } from '../test-database.js';
import { withTenant } from '../with-tenant.js';
import { costCentreRollup } from './cost-centre-rollup.js';
import { listItemisedRecords } from './itemised-records.js';
import { lineTotals } from './line-totals.js';
import { spendByMonth } from './spend-by-month.js';
import { spendByType } from './spend-by-type.js';
import { topCalledNumbers } from './top-called-numbers.js';
import { recordUnbilledUsage, unbilledUsage } from './unbilled-usage.js';

const PERIODS = ['2025-11', '2025-12', '2026-01', '2026-02'];

describe(`reading queries (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let test: TestDatabase;
  let root: string;
  let acme: string;
  const invoices = new Map<string, { charge: number; records: number }>();
  beforeAll(async () => {
    test = await openTestDatabase();
    root = await mkdtemp(join(tmpdir(), 'lk-bill-read-'));
    for (const [index, period] of PERIODS.entries()) {
      const dir = join(root, period);
      await writeBillRunFiles(dir, {
        period,
        companies: testCompanies(),
        recordsPerLine: 40,
        seed: index + 1,
      });
      expect((await importBillRun(test.database, dir)).status).toBe('published');
      const row = (await readFile(join(dir, 'bill-run.csv'), 'utf8'))
        .split('\n')
        .find((l) => l.startsWith('ACC-A1'));
      const [, , , charge, , records] = (row ?? '').split(',');
      invoices.set(period, { charge: Number(charge), records: Number(records) });
    }
    acme = (
      await test.database.db
        .selectFrom('companies')
        .select('tenant_id')
        .where('company_ref', '=', 'acme')
        .executeTakeFirstOrThrow()
    ).tenant_id;
  });
  afterAll(async () => {
    await test?.drop();
    await rm(root, { recursive: true, force: true });
  });
  const asAcme = <T>(work: Parameters<typeof withTenant<T>>[2]) => withTenant(test.database.db, acme, work);

  it('gives spend by month for the last three bill runs, matching the invoices', async () => {
    const months = await asAcme((scope) => spendByMonth(scope));
    expect(months.map((month) => month.period)).toEqual(['2026-02', '2026-01', '2025-12']);
    for (const month of months) expect(month.chargeMinor).toBe(invoices.get(month.period)?.charge);
    expect(months[0]?.voiceMinutes).toBeGreaterThan(0);
  });

  it('splits spend by type and destination, adding up to the month', async () => {
    const types = await asAcme((scope) => spendByType(scope, { period: '2026-02' }));
    expect(types.reduce((sum, row) => sum + row.chargeMinor, 0)).toBe(invoices.get('2026-02')?.charge);
    expect(types.reduce((sum, row) => sum + row.records, 0)).toBe(invoices.get('2026-02')?.records);
    expect(new Set(types.map((row) => row.recordType))).toContain('voice');
  });

  it('totals each line, and rolls cost centres up the hierarchy', async () => {
    const lines = await asAcme((scope) => lineTotals(scope));
    expect(lines).toHaveLength(3);
    expect(lines.reduce((sum, line) => sum + line.chargeMinor, 0)).toBe(invoices.get('2026-02')?.charge);
    const byMsisdn = new Map(lines.map((line) => [line.msisdn, line.chargeMinor]));
    const centres = await asAcme((scope) => costCentreRollup(scope));
    const named = new Map(centres.map((centre) => [centre.name, centre]));
    expect(named.get('North')?.chargeMinor).toBe(byMsisdn.get('+447700900000'));
    expect(named.get('Sales')?.chargeMinor).toBe(
      (byMsisdn.get('+447700900000') ?? 0) + (byMsisdn.get('+447700900001') ?? 0),
    );
    expect(named.get('Sales')).toMatchObject({ depth: 1, lines: 2 });
    expect(named.get('Ops')?.chargeMinor).toBe(byMsisdn.get('+447700900002'));
  });

  it('lists the most called numbers', async () => {
    const top = await asAcme((scope) => topCalledNumbers(scope, { limit: 5 }));
    expect(top).toHaveLength(5);
    expect(top[0]?.calls).toBeGreaterThanOrEqual(top[4]?.calls ?? 0);
    for (const row of top) expect(row.calledNumber).toMatch(/^\+44(7700900|1632960)\d{3}$/);
  });

  it('pages through itemised records with a keyset cursor, each record once', async () => {
    const seen = new Set<number>();
    let after: string | undefined;
    let last = 0;
    for (let page = 0; page < 20; page += 1) {
      const result = await asAcme((scope) =>
        listItemisedRecords(scope, { limit: 25, ...(after ? { after } : {}) }),
      );
      for (const record of result.records) {
        expect(seen.has(record.id)).toBe(false);
        expect(record.startedAt.getTime()).toBeGreaterThanOrEqual(last);
        last = record.startedAt.getTime();
        seen.add(record.id);
      }
      after = result.nextCursor;
      if (!after) break;
    }
    expect(seen.size).toBe(invoices.get('2026-02')?.records);
    const calls = await asAcme((scope) =>
      listItemisedRecords(scope, {
        period: '2025-12',
        msisdn: '+447700900001',
        recordType: 'voice',
        limit: 500,
      }),
    );
    expect(calls.records.length).toBeGreaterThan(0);
    for (const record of calls.records)
      expect(record).toMatchObject({ msisdn: '+447700900001', recordType: 'voice' });
    await expect(asAcme((scope) => listItemisedRecords(scope, { after: 'bogus' }))).rejects.toMatchObject({
      code: 'ERR_BILL_CURSOR_INVALID',
    });
  });

  it('sums usage not yet billed since the last bill period', async () => {
    await asAcme((scope) =>
      recordUnbilledUsage(scope, [
        {
          msisdn: '+447700900000',
          recordType: 'third_party',
          occurredAt: new Date('2026-03-04T12:00:00Z'),
          description: 'Ticket',
          chargeMinor: 1500,
          vatMinor: 300,
          currency: 'GBP',
        },
        {
          msisdn: '+447700900000',
          recordType: 'voice',
          occurredAt: new Date('2026-02-20T12:00:00Z'),
          durationS: 60,
          chargeMinor: 12,
          vatMinor: 2,
          currency: 'GBP',
        },
      ]),
    );
    const usage = await asAcme((scope) => unbilledUsage(scope));
    expect(usage.since).toEqual(new Date('2026-03-01T00:00:00Z'));
    expect(usage.byType).toEqual([
      { recordType: 'third_party', records: 1, durationS: 0, volumeBytes: 0, chargeMinor: 1500 },
    ]);
  });
});
