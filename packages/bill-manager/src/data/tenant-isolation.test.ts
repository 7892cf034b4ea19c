import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBillRunFiles } from './demo/write-bill-run-files.js';
import { importBillRun } from './import/import-bill-run.js';
import { testCompanies } from './import/test-companies.js';
import { TENANT_TABLES } from './migrations.js';
import { lineTotals } from './read/line-totals.js';
import { recordUnbilledUsage } from './read/unbilled-usage.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';
import { withTenant } from './with-tenant.js';

describe(`row-level security (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let test: TestDatabase;
  let root: string;
  let tenantA: string;
  let tenantB: string;
  beforeAll(async () => {
    test = await openTestDatabase();
    root = await mkdtemp(join(tmpdir(), 'lk-bill-rls-'));
    await writeBillRunFiles(root, { period: '2026-01', companies: testCompanies(), recordsPerLine: 30 });
    expect((await importBillRun(test.database, root)).status).toBe('published');
    const companies = await test.database.db
      .selectFrom('companies')
      .select(['tenant_id', 'company_ref'])
      .execute();
    tenantA = companies.find((row) => row.company_ref === 'acme')?.tenant_id ?? '';
    tenantB = companies.find((row) => row.company_ref === 'bravo')?.tenant_id ?? '';
    for (const tenantId of [tenantA, tenantB]) {
      await withTenant(test.database.db, tenantId, (scope) =>
        recordUnbilledUsage(scope, [
          {
            msisdn: '+447700900000',
            recordType: 'third_party',
            occurredAt: new Date('2026-02-02T10:00:00Z'),
            description: 'Purchase',
            chargeMinor: 499,
            vatMinor: 100,
            currency: 'GBP',
          },
        ]),
      );
    }
  });
  afterAll(async () => {
    await test?.drop();
    await rm(root, { recursive: true, force: true });
  });

  /** Counts rows per table as the app role, with `app.tenant_id` set to `setting` (or unset). */
  async function countsAsApp(setting: string | undefined): Promise<Record<string, number>> {
    return test.database.db.transaction().execute(async (trx) => {
      await sql`set local role linekeeper_app`.execute(trx);
      if (setting !== undefined) await sql`select set_config('app.tenant_id', ${setting}, true)`.execute(trx);
      const counts: Record<string, number> = {};
      for (const table of TENANT_TABLES) {
        const result = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(
          trx,
        );
        counts[table] = Number(result.rows[0]?.n);
      }
      return counts;
    });
  }

  it('runs tenant queries as a role that is neither superuser, owner nor BYPASSRLS', async () => {
    const role = await withTenant(
      test.database.db,
      tenantA,
      async (scope) =>
        (
          await sql<{ user: string; rolsuper: boolean; rolbypassrls: boolean }>`
          select current_user as user, rolsuper, rolbypassrls from pg_roles where rolname = current_user`.execute(
            scope,
          )
        ).rows[0],
    );
    expect(role).toEqual({ user: 'linekeeper_app', rolsuper: false, rolbypassrls: false });
    const owners = await sql<{ owner: string }>`
      select distinct tableowner as owner from pg_tables where tablename = any(${[...TENANT_TABLES]}::text[])`.execute(
      test.database.db,
    );
    expect(owners.rows).toEqual([{ owner: 'linekeeper_owner' }]);
  });

  it('returns nothing from any tenant table without a tenant context, or with an empty one', async () => {
    const all = await countsAsApp(undefined);
    expect(Object.keys(all)).toHaveLength(TENANT_TABLES.length);
    for (const count of Object.values(all)) expect(count).toBe(0);
    for (const count of Object.values(await countsAsApp(''))) expect(count).toBe(0);
  });

  it("never returns tenant B's rows in tenant A's context, in any table", async () => {
    for (const [tenant, other] of [
      [tenantA, tenantB],
      [tenantB, tenantA],
    ] as const) {
      await withTenant(test.database.db, tenant, async (scope) => {
        for (const table of TENANT_TABLES) {
          const result = await sql<{
            tenant_id: string;
          }>`select distinct tenant_id from ${sql.table(table)}`.execute(scope);
          // Every table has rows for this tenant, so an empty answer cannot pass for isolation.
          expect(result.rows, table).toEqual([{ tenant_id: tenant }]);
          expect(result.rows.some((row) => row.tenant_id === other)).toBe(false);
        }
      });
    }
  });

  it("refuses to write a row carrying another tenant's id", async () => {
    await expect(
      withTenant(test.database.db, tenantA, (scope) =>
        scope
          .insertInto('unbilled_usage')
          .values({
            tenant_id: tenantB,
            msisdn: '+447700900003',
            record_type: 'sms',
            occurred_at: new Date(),
            charge_minor: 10,
            vat_minor: 2,
            currency: 'GBP',
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withTenant(test.database.db, tenantA, (scope) =>
        scope
          .updateTable('lines')
          .set({ tenant_id: tenantB })
          .where('msisdn', '=', '+447700900000')
          .execute(),
      ),
    ).rejects.toThrow(/row-level security|violates foreign key/);
    // Updating B's line from A's context finds nothing to update.
    const updated = await withTenant(test.database.db, tenantA, (scope) =>
      scope
        .updateTable('lines')
        .set({ user_name: 'Mallory' })
        .where('msisdn', '=', '+447700900003')
        .executeTakeFirst(),
    );
    expect(Number(updated.numUpdatedRows)).toBe(0);
  });

  it('refuses a tenant query without a tenant id, and direct reads of a partition', async () => {
    await expect(withTenant(test.database.db, '', async () => 1)).rejects.toMatchObject({
      code: 'ERR_BILL_NO_TENANT',
    });
    const partition = await sql<{ name: string }>`
      select inhrelid::regclass::text as name from pg_inherits where inhparent = 'itemised_records'::regclass`.execute(
      test.database.db,
    );
    const name = partition.rows[0]?.name ?? 'missing';
    await expect(
      withTenant(test.database.db, tenantA, (scope) =>
        sql`select count(*) from ${sql.table(name)}`.execute(scope),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('reads only its own lines through the query layer', async () => {
    const linesA = await withTenant(test.database.db, tenantA, (scope) => lineTotals(scope));
    expect(linesA.map((line) => line.msisdn).sort()).toEqual([
      '+447700900000',
      '+447700900001',
      '+447700900002',
    ]);
    // @ts-expect-error A raw Kysely handle is not a tenant scope: the type system refuses it.
    await expect(lineTotals(test.database.db)).rejects.toMatchObject({ code: 'ERR_BILL_NO_TENANT' });
  });
});
