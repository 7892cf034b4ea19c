import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breachSummary, TO_BE_COMPLETED } from './breach-summary.js';
import type { Disclosure } from './disclosure.js';
import type { DisclosureAllowed } from './disclosure-allowed.js';
import { affectedSubscribersCsv, csvCell } from './exposure-csv.js';
import { exposureReport } from './exposure-report.js';
import { createKyselyLedgerStore } from './kysely-ledger-store.js';
import type { LedgerDatabase } from './open-ledger-database.js';
import { rollupDays } from './rollup-days.js';
import { GENESIS_HASH, sealBatch } from './seal-batch.js';
import {
  openTestConnection,
  openTestLedgerDatabase,
  type TestLedgerDatabase,
} from './test-ledger-database.js';

const T0 = Date.parse('2026-01-20T00:00:00Z');
const HOUR = 3_600_000;
const MSISDNS = Array.from({ length: 12 }, (_, i) => `+447700900${String(100 + i)}`);
const HOSTS = ['partner.demo', 'shop.partner.demo', 'leak-check.demo', 'ads.example'];
const PURPOSES = ['carrier-billing', 'customer-identification', 'age-verification'];
const FIELD_SETS = [['msisdn'], ['pseudonym'], ['msisdn', 'imsi']];

/** The intended policy of the tests: partner.demo for billing with msisdn, identification with a pseudonym. */
const intended: DisclosureAllowed = (d) =>
  (d.host === 'partner.demo' || d.host === 'shop.partner.demo') &&
  d.partnerId === 'demo-partner' &&
  ((d.purpose === 'carrier-billing' && d.fields.join() === 'msisdn') ||
    (d.purpose === 'customer-identification' && d.fields.join() === 'pseudonym'));

async function insert(
  database: TestLedgerDatabase,
  rows: readonly Disclosure[],
  instanceSeq = 1,
): Promise<void> {
  const store = createKyselyLedgerStore({ db: database.db, schema: database.schema });
  const prevHash =
    instanceSeq === 1 ? GENESIS_HASH : ((await store.chainHead('gw-1'))?.batchHash ?? GENESIS_HASH);
  await store.appendBatch(sealBatch({ instanceId: 'gw-1', instanceSeq, prevHash, rows }));
}

const disclosureArb = fc.record({
  at: fc.integer({ min: T0, max: T0 + 72 * HOUR }),
  msisdn: fc.constantFrom(...MSISDNS),
  host: fc.constantFrom(...HOSTS),
  partnerId: fc.constantFrom('demo-partner', 'other-partner'),
  purpose: fc.constantFrom(...PURPOSES),
  fields: fc.constantFrom(...FIELD_SETS),
  policyVersion: fc.constant('v1'),
  instanceId: fc.constant('gw-1'),
});

describe(`exposureReport (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let connection: LedgerDatabase;
  beforeAll(async () => {
    connection = await openTestConnection();
  }, 60_000);
  afterAll(async () => connection?.close());

  it('counts per host, purpose and field, and selects exactly the disclosures outside the policy', async () => {
    const database = await openTestLedgerDatabase(connection);
    try {
      const d = (
        h: number,
        msisdn: string,
        host: string,
        purpose: string,
        fields: string[],
        partnerId = 'demo-partner',
      ): Disclosure => ({
        at: T0 + h * HOUR,
        msisdn,
        host,
        partnerId,
        purpose,
        fields,
        policyVersion: 'v1',
        instanceId: 'gw-1',
      });
      const [a, b, c] = MSISDNS as [string, string, string];
      await insert(database, [
        d(1, a, 'partner.demo', 'carrier-billing', ['msisdn']),
        d(2, a, 'partner.demo', 'carrier-billing', ['msisdn']),
        d(3, b, 'partner.demo', 'customer-identification', ['pseudonym']),
        d(4, b, 'leak-check.demo', 'carrier-billing', ['msisdn']), // outside: unlisted host
        d(5, c, 'leak-check.demo', 'carrier-billing', ['msisdn']), // outside
        d(6, c, 'partner.demo', 'customer-identification', ['msisdn', 'imsi']), // outside: fields
        d(30, a, 'ads.example', 'carrier-billing', ['msisdn']), // outside, but after the window
      ]);
      const report = await exposureReport({
        db: database.db,
        schema: database.schema,
        from: new Date(T0),
        to: new Date(T0 + 24 * HOUR),
        outsidePolicy: intended,
        inFlightMs: 0,
      });
      expect(report.totals).toEqual({ disclosures: 6, subscribers: 3, hosts: 2 });
      expect(report.hosts.map((h) => [h.host, h.subscribers, h.disclosures])).toEqual([
        ['partner.demo', 3, 4],
        ['leak-check.demo', 2, 2],
      ]);
      expect(report.byField).toEqual([
        { field: 'imsi', disclosures: 1, subscribers: 1 },
        { field: 'msisdn', disclosures: 5, subscribers: 3 },
        { field: 'pseudonym', disclosures: 1, subscribers: 1 },
      ]);
      const outside = report.outsidePolicy;
      expect(outside).toMatchObject({ disclosures: 3, subscribers: 2, fields: ['imsi', 'msisdn'] });
      expect(outside?.hosts).toEqual([
        { host: 'leak-check.demo', subscribers: 2, disclosures: 2 },
        { host: 'partner.demo', subscribers: 1, disclosures: 1 },
      ]);
      expect(outside?.affected.map((x) => [x.msisdn, x.hosts, x.fields, x.disclosures])).toEqual([
        [b, ['leak-check.demo'], ['msisdn'], 1],
        [c, ['leak-check.demo', 'partner.demo'], ['imsi', 'msisdn'], 2],
      ]);
      expect(affectedSubscribersCsv(outside?.affected ?? []).split('\r\n')[2]).toBe(
        `${c},${new Date(T0 + 5 * HOUR).toISOString()},${new Date(T0 + 6 * HOUR).toISOString()},leak-check.demo partner.demo,imsi msisdn,2`,
      );

      // The same answer from the daily summaries, for the whole day inside the window.
      expect(
        await rollupDays({ db: database.db, schema: database.schema, now: T0 + 30 * 24 * HOUR }),
      ).toMatchObject([
        { day: '2026-01-20', sourceRows: 6 },
        { day: '2026-01-21', sourceRows: 1 },
      ]);
      const again = await exposureReport({
        db: database.db,
        schema: database.schema,
        from: new Date(T0),
        to: new Date(T0 + 24 * HOUR),
        outsidePolicy: intended,
        inFlightMs: 0,
      });
      expect(again.summarisedDays).toEqual(['2026-01-20']);
      expect({ ...again, summarisedDays: [] }).toEqual({ ...report, summarisedDays: [] });

      const summary = breachSummary(report);
      expect(summary).toMatchObject({
        basis: 'outside-policy',
        approximateNumberOfDataSubjects: 2,
        approximateNumberOfRecords: 3,
        measuresTaken: TO_BE_COMPLETED,
      });
      expect(summary.recipients.list).toEqual(['leak-check.demo', 'partner.demo']);

      const oneHost = await exposureReport({
        db: database.db,
        schema: database.schema,
        from: new Date(T0),
        to: new Date(T0 + 24 * HOUR),
        host: 'leak-check.demo',
      });
      expect(oneHost.totals).toEqual({ disclosures: 2, subscribers: 2, hosts: 1 });
    } finally {
      await database.close();
    }
  });

  it('equals a naive in-memory computation on random ledgers (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(disclosureArb, { minLength: 0, maxLength: 60 }),
        fc.integer({ min: 0, max: 72 }),
        fc.integer({ min: 1, max: 72 }),
        fc.option(fc.constantFrom(...HOSTS), { nil: undefined }),
        fc.constantFrom('raw', 'summarised', 'late-batch'),
        fc.array(disclosureArb, { minLength: 1, maxLength: 10 }),
        async (first, startHour, hours, host, mode, late) => {
          const database = await openTestLedgerDatabase(connection);
          try {
            if (first.length > 0) await insert(database, first);
            let rows = first;
            if (mode !== 'raw') {
              await rollupDays({ db: database.db, schema: database.schema, now: T0 + 30 * 24 * HOUR });
            }
            if (mode === 'late-batch') {
              // Written after the days were summarised: the report must read those days raw.
              await insert(database, late, first.length > 0 ? 2 : 1);
              rows = [...first, ...late];
            }
            const from = T0 + startHour * HOUR;
            const to = from + hours * HOUR;
            const report = await exposureReport({
              db: database.db,
              schema: database.schema,
              from: new Date(from),
              to: new Date(to),
              host,
              outsidePolicy: intended,
              inFlightMs: 0,
            });
            if (mode === 'late-batch') {
              const lateDays = new Set(late.map((r) => new Date(r.at).toISOString().slice(0, 10)));
              for (const day of report.summarisedDays) expect(lateDays.has(day)).toBe(false);
            }
            const inWindow = rows.filter(
              (r) => r.at >= from && r.at < to && (host === undefined || r.host === host),
            );
            const distinct = (xs: readonly Disclosure[]) => new Set(xs.map((x) => x.msisdn)).size;
            expect(report.totals.subscribers).toBe(distinct(inWindow));
            expect(report.totals.disclosures).toBe(inWindow.length);
            for (const h of report.hosts)
              expect(h.subscribers).toBe(distinct(inWindow.filter((r) => r.host === h.host)));
            for (const p of report.byPurpose) {
              expect(p.subscribers).toBe(
                distinct(
                  inWindow.filter(
                    (r) => r.host === p.host && r.partnerId === p.partnerId && r.purpose === p.purpose,
                  ),
                ),
              );
            }
            const outside = inWindow.filter((r) => !intended(r));
            expect(report.outsidePolicy?.disclosures).toBe(outside.length);
            expect(report.outsidePolicy?.affected.map((a) => a.msisdn)).toEqual(
              [...new Set(outside.map((r) => r.msisdn))].sort(),
            );
          } finally {
            await database.close();
          }
        },
      ),
      { numRuns: 16 },
    );
  }, 120_000);

  it('escapes CSV cells (RFC 4180, formula injection) but keeps E.164 numbers', () => {
    expect(csvCell('+447700900123')).toBe('+447700900123');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell(42)).toBe('42');
  });
});
