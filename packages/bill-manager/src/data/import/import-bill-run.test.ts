import { appendFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBillRunFiles } from '../demo/write-bill-run-files.js';
import { openTestDatabase, type TestDatabase } from '../test-database.js';
import { withTenant } from '../with-tenant.js';
import { importBillRun } from './import-bill-run.js';
import { testCompanies } from './test-companies.js';

describe(`importBillRun (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let test: TestDatabase;
  let root: string;
  beforeAll(async () => {
    test = await openTestDatabase();
    root = await mkdtemp(join(tmpdir(), 'lk-bill-import-'));
  });
  afterAll(async () => {
    await test?.drop();
    await rm(root, { recursive: true, force: true });
  });

  const publishedRecords = async () =>
    Number(
      (
        await sql<{ n: number }>`select count(*)::int as n from itemised_records r
          join bill_runs b on b.id = r.bill_run_id where b.status = 'published'`.execute(test.database.db)
      ).rows[0]?.n,
    );

  it('publishes a valid run, and the same run again changes nothing', async () => {
    const dir = join(root, 'jan');
    const { records } = await writeBillRunFiles(dir, {
      period: '2026-01',
      companies: testCompanies(),
      recordsPerLine: 20,
    });
    const first = await importBillRun(test.database, dir);
    expect(first).toMatchObject({ status: 'published', invoices: 2, lines: 5, records, errorCount: 0 });
    expect(await publishedRecords()).toBe(records);
    const again = await importBillRun(test.database, dir);
    expect(again).toMatchObject({ status: 'duplicate', importId: first.importId });
    expect(await publishedRecords()).toBe(records);
    const lines = await test.database.db.selectFrom('lines').select(['msisdn', 'cost_centre_id']).execute();
    expect(lines).toHaveLength(5);
    const depths = await test.database.db
      .selectFrom('cost_centres')
      .select(['name', 'depth'])
      .orderBy('name')
      .execute();
    expect(depths).toContainEqual({ name: 'North', depth: 2 });
  });

  it('publishes records and summaries as partitions that the app role reads only through their parents', async () => {
    const imports = await sql<{ id: number }>`select id from imports where status = 'published'`.execute(
      test.database.db,
    );
    const importId = Number(imports.rows[0]?.id);
    const tenant = (
      await test.database.db.selectFrom('companies').select('tenant_id').executeTakeFirstOrThrow()
    ).tenant_id;
    for (const parent of ['itemised_records', 'line_summaries', 'called_number_summaries']) {
      const attached = await sql<{ name: string }>`
        select inhrelid::regclass::text as name from pg_inherits
        where inhparent = ${parent}::regclass`.execute(test.database.db);
      expect(attached.rows.map((row) => row.name)).toContain(`${parent}_import_${importId}`);
      await expect(
        withTenant(test.database.db, tenant, (scope) =>
          sql`select count(*) from ${sql.table(`${parent}_import_${importId}`)}`.execute(scope),
        ),
      ).rejects.toThrow(/permission denied/);
    }
  });

  it('rejects a file with a bad row whole, naming file, line and field', async () => {
    const dir = join(root, 'feb-bad');
    await writeBillRunFiles(dir, { period: '2026-02', companies: testCompanies(), recordsPerLine: 10 });
    await appendFile(
      join(dir, 'records.csv'),
      'ACC-A1,+447700900000,voice,2026-02-03T10:00:00Z,not-a-number,mobile,GB,60,,,12,2\n',
    );
    const before = await publishedRecords();
    const report = await importBillRun(test.database, dir);
    expect(report.status).toBe('rejected');
    expect(report.errors).toEqual([
      { file: 'records.csv', line: 52, field: 'called_number', message: 'is not a valid phone number' },
    ]);
    expect(await publishedRecords()).toBe(before);
    const runs = await test.database.db
      .selectFrom('bill_runs')
      .select('period')
      .where('period', '=', '2026-02')
      .execute();
    expect(runs).toEqual([]);
  });

  it('rejects a run whose records do not add up to the invoice', async () => {
    const dir = join(root, 'feb-totals');
    await writeBillRunFiles(dir, { period: '2026-02', companies: testCompanies(), recordsPerLine: 10 });
    const manifest = await readFile(join(dir, 'bill-run.csv'), 'utf8');
    await writeFile(
      join(dir, 'bill-run.csv'),
      manifest.replace(/^(ACC-B1,2026-02,GBP,)(\d+)/m, (_, head, total) => `${head}${Number(total) + 1}`),
    );
    const report = await importBillRun(test.database, dir);
    expect(report.status).toBe('rejected');
    expect(report.errors[0]).toMatchObject({ file: 'bill-run.csv', line: 3, field: 'total_charge_minor' });
  });

  it('with skipInvalid, loads the good rows and reports the bad', async () => {
    const dir = join(root, 'feb-skip');
    await writeBillRunFiles(dir, { period: '2026-02', companies: testCompanies(), recordsPerLine: 10 });
    await appendFile(join(dir, 'records.csv'), 'ACC-A1,+447700900003,sms,2026-02-03T10:00:00Z,,,,,,,0,0\n');
    const report = await importBillRun(test.database, dir, { skipInvalid: true });
    expect(report.status).toBe('published');
    expect(report.records).toBe(50);
    expect(report.errors).toEqual([
      {
        file: 'records.csv',
        line: 52,
        field: 'msisdn',
        message: 'is not a line of this account in accounts.csv',
      },
    ]);
  });

  it('stores a row written in another form (quoted, national number) as its canonical form', async () => {
    const dir = join(root, 'mar-written');
    await writeBillRunFiles(dir, { period: '2026-03', companies: testCompanies(), recordsPerLine: 10 });
    const path = join(dir, 'records.csv');
    const lines = (await readFile(path, 'utf8')).split('\n');
    const index = lines.findIndex((line) => line.split(',')[2] === 'third_party');
    const fields = (lines[index] as string).split(',');
    fields[1] = ` ${String(fields[1]).replace('+44', '0')} `;
    fields[9] = '"Top-up, ""gold"" plan"';
    lines[index] = fields.join(',');
    await writeFile(path, lines.join('\n'));
    const report = await importBillRun(test.database, dir);
    expect(report).toMatchObject({ status: 'published', errorCount: 0 });
    const stored = await sql<{ msisdn: string; description: string }>`select msisdn, description
      from itemised_records where description like 'Top-up%'`.execute(test.database.db);
    expect(stored.rows).toEqual([
      {
        msisdn: lines[index]?.split(',')[1]?.trim().replace(/^0/, '+44'),
        description: 'Top-up, "gold" plan',
      },
    ]);
  });
});
