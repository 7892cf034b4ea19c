import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BillDatabase } from '../create-bill-database.js';
import { importBillRun } from '../import/import-bill-run.js';
import { recordUnbilledUsage } from '../read/unbilled-usage.js';
import { withTenant } from '../with-tenant.js';
import { dramaNumber, type GeneratedCompany, writeBillRunFiles } from './write-bill-run-files.js';

/** The demo's companies: drama numbers only (lines from 07700 900100, called 01632 960xxx). */
export const DEMO_COMPANIES: readonly GeneratedCompany[] = [
  {
    companyRef: 'demo-harbour-bakery',
    name: 'Harbour Bakery Ltd',
    accounts: [
      {
        accountNumber: 'DEMO-1001',
        name: 'Harbour Bakery',
        lines: [
          { msisdn: dramaNumber(100), userName: 'Ada Baker', costCentre: 'Shop/Front of house' },
          { msisdn: dramaNumber(101), userName: 'Ben Crumb', costCentre: 'Shop/Kitchen' },
          { msisdn: dramaNumber(102), userName: 'Cara Loaf', costCentre: 'Shop/Kitchen' },
          { msisdn: dramaNumber(103), userName: 'Dev Rye', costCentre: 'Delivery' },
        ],
      },
    ],
  },
  {
    companyRef: 'demo-northwind-couriers',
    name: 'Northwind Couriers',
    accounts: [
      {
        accountNumber: 'DEMO-2001',
        name: 'Northwind Couriers',
        lines: Array.from({ length: 8 }, (_, i) => ({
          msisdn: dramaNumber(200 + i),
          userName: `Driver ${i + 1}`,
          costCentre: i < 4 ? 'Operations/Drivers/North' : i < 7 ? 'Operations/Drivers/South' : 'Office',
        })),
      },
    ],
  },
];

/**
 * Loads the demo companies' last three months of bills (through the real import, so the demo
 * shows what an upload produces) and a little unbilled usage. Safe to call at every start: a
 * run already loaded is recognised by its content hash and left alone.
 */
export async function loadDemoData(
  database: BillDatabase,
  options: { now?: Date } = {},
): Promise<{ published: number; duplicates: number }> {
  const now = options.now ?? new Date();
  const dir = await mkdtemp(join(tmpdir(), 'lk-bill-demo-'));
  let published = 0;
  let duplicates = 0;
  try {
    for (let back = 3; back >= 1; back -= 1) {
      const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
      const period = month.toISOString().slice(0, 7);
      const runDir = join(dir, period);
      await writeBillRunFiles(runDir, { period, companies: DEMO_COMPANIES, recordsPerLine: 120, seed: back });
      const report = await importBillRun(database, runDir);
      if (report.status === 'published') published += 1;
      else if (report.status === 'duplicate') duplicates += 1;
      else
        throw new Error(`demo bill run ${period} was rejected: ${JSON.stringify(report.errors.slice(0, 3))}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (published > 0) await addUnbilledUsage(database, now);
  return { published, duplicates };
}

async function addUnbilledUsage(database: BillDatabase, now: Date): Promise<void> {
  const company = await database.db
    .selectFrom('companies')
    .select('tenant_id')
    .where('company_ref', '=', 'demo-harbour-bakery')
    .executeTakeFirstOrThrow();
  const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  await withTenant(database.db, company.tenant_id, (scope) =>
    recordUnbilledUsage(scope, [
      {
        msisdn: dramaNumber(100),
        recordType: 'third_party',
        occurredAt: new Date(thisMonth + 3_600_000),
        description: 'Parking app purchase',
        chargeMinor: 350,
        vatMinor: 70,
        currency: 'GBP',
      },
      {
        msisdn: dramaNumber(103),
        recordType: 'voice',
        occurredAt: new Date(thisMonth + 7_200_000),
        durationS: 240,
        chargeMinor: 48,
        vatMinor: 10,
        currency: 'GBP',
      },
    ]),
  );
}
