import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from '../migrate.js';
import { MIGRATIONS } from '../migrations.js';
import { openTestDatabase, type TestDatabase } from '../test-database.js';
import { withTenant } from '../with-tenant.js';

describe(`import migrations (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let test: TestDatabase;
  let tenant: string;
  beforeAll(async () => {
    test = await openTestDatabase({ migrate: false });
    const db = test.database.db;
    await runMigrations(
      db,
      MIGRATIONS.filter((migration) => migration.version <= 4),
    );
    // Summaries as the import wrote them before they were partitioned.
    await db.transaction().execute(async (trx) => {
      await sql`set local role linekeeper_owner`.execute(trx);
      tenant = (
        await sql<{ id: string }>`insert into companies (company_ref, name) values ('old', 'Old Ltd')
          returning tenant_id as id`.execute(trx)
      ).rows[0]?.id as string;
      await sql`
        with account as (
          insert into billing_accounts (tenant_id, account_number, name, currency)
          values (${tenant}, 'OLD-1', 'Old', 'GBP') returning id
        ),
        import as (
          insert into imports (content_hash, status, staging_table) values ('x', 'published', 'none')
          returning id
        ),
        run as (
          insert into bill_runs (tenant_id, account_id, import_id, period, currency, total_charge_minor,
            total_vat_minor, record_count, status)
          select ${tenant}, account.id, import.id, '2025-12', 'GBP', 30, 6, 3, 'published' from account, import
          returning id
        ),
        line as (
          insert into line_summaries (tenant_id, bill_run_id, msisdn, record_type, destination_class, records,
            duration_s, volume_bytes, charge_minor, vat_minor)
          select ${tenant}, run.id, '+447700900000', 'sms', 'mobile', 3, 0, 0, 30, 6 from run
        )
        insert into called_number_summaries (tenant_id, bill_run_id, called_number, calls, duration_s, charge_minor)
        select ${tenant}, run.id, '+447700900001', 3, 0, 30 from run`.execute(trx);
    });
    await runMigrations(db);
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('moves summaries written before partitioning into a partition of their imports', async () => {
    const read = (table: 'line_summaries') =>
      withTenant(test.database.db, tenant, async (scope) =>
        (
          await sql<{ import_id: number; charge_minor: number }>`
          select import_id, charge_minor from ${sql.table(table)}`.execute(scope)
        ).rows.map((row) => ({
          importId: Number(row.import_id),
          charge: Number(row.charge_minor),
        })),
      );
    expect(await read('line_summaries')).toEqual([{ importId: 1, charge: 30 }]);
    const called = await withTenant(test.database.db, tenant, async (scope) =>
      (
        await sql<{ import_id: number; called_numbers: string[]; charge_minor: number[] }>`
          select import_id, called_numbers, charge_minor from called_number_summaries`.execute(scope)
      ).rows.map((row) => ({
        importId: Number(row.import_id),
        numbers: row.called_numbers,
        charges: row.charge_minor.map(Number),
      })),
    );
    expect(called).toEqual([{ importId: 1, numbers: ['+447700900001'], charges: [30] }]);
    const partitions = await sql<{ name: string }>`
      select inhrelid::regclass::text as name from pg_inherits
      where inhparent in ('line_summaries'::regclass, 'called_number_summaries'::regclass)
      order by 1`.execute(test.database.db);
    expect(partitions.rows.map((row) => row.name)).toEqual([
      'called_number_summaries_before_arrays',
      'line_summaries_before_partitions',
    ]);
    // The foreign key to the bill runs holds on the moved rows too.
    await expect(
      test.database.db.transaction().execute(async (trx) => {
        await sql`set local role linekeeper_owner`.execute(trx);
        await sql`delete from bill_runs`.execute(trx);
      }),
    ).rejects.toThrow(/foreign key/);
  });

  it('reads a partition only through its parent', async () => {
    await expect(
      withTenant(test.database.db, tenant, (scope) =>
        sql`select count(*) from line_summaries_before_partitions`.execute(scope),
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
