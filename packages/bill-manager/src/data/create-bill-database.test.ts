import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMigrations } from './migrate.js';
import { MIGRATIONS } from './migrations.js';
import { openTestDatabase, type TestDatabase } from './test-database.js';

describe(`schema (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(async () => {
    await test?.drop();
  });

  it('migrates once, and running the migrations again changes nothing', async () => {
    expect(await runMigrations(test.database.db)).toEqual([]);
    const rows = await sql<{
      version: number;
    }>`select version from bill_manager_migrations order by version`.execute(test.database.db);
    expect(rows.rows.map((row) => row.version)).toEqual(
      MIGRATIONS.map((migration) => migration.version).sort((a, b) => a - b),
    );
  });

  it('holds cost centres to 8 levels, each parent one level up in the same company', async () => {
    const db = test.database.db;
    const company = await db
      .insertInto('companies')
      .values({ company_ref: 'tree', name: 'Tree Ltd' })
      .returning('tenant_id')
      .executeTakeFirstOrThrow();
    const other = await db
      .insertInto('companies')
      .values({ company_ref: 'other', name: 'Other Ltd' })
      .returning('tenant_id')
      .executeTakeFirstOrThrow();
    let parent: { id: string; depth: number } | undefined;
    for (let depth = 1; depth <= 8; depth += 1) {
      parent = await db
        .insertInto('cost_centres')
        .values({
          tenant_id: company.tenant_id,
          parent_id: parent?.id ?? null,
          parent_depth: parent?.depth ?? null,
          depth,
          name: `Level ${depth}`,
        })
        .returning(['id', 'depth'])
        .executeTakeFirstOrThrow();
    }
    const child = (values: { tenant_id: string; parent_depth: number; depth: number }) =>
      db
        .insertInto('cost_centres')
        .values({ ...values, parent_id: parent?.id ?? null, name: 'Too deep' })
        .execute();
    await expect(child({ tenant_id: company.tenant_id, parent_depth: 8, depth: 9 })).rejects.toThrow(/check/);
    // Lying about the parent's depth, or hanging under another company's centre, is refused too.
    await expect(child({ tenant_id: company.tenant_id, parent_depth: 2, depth: 3 })).rejects.toThrow(
      /foreign key/,
    );
    await expect(child({ tenant_id: other.tenant_id, parent_depth: 8, depth: 9 })).rejects.toThrow();
    await expect(child({ tenant_id: other.tenant_id, parent_depth: 7, depth: 8 })).rejects.toThrow(
      /foreign key/,
    );
  });

  it('refuses a line number that is not E.164', async () => {
    const db = test.database.db;
    const company = await db
      .insertInto('companies')
      .values({ company_ref: 'e164', name: 'E164 Ltd' })
      .returning('tenant_id')
      .executeTakeFirstOrThrow();
    const account = await db
      .insertInto('billing_accounts')
      .values({ tenant_id: company.tenant_id, account_number: 'E-1', name: 'E', currency: 'GBP' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await expect(
      db
        .insertInto('lines')
        .values({
          tenant_id: company.tenant_id,
          account_id: account.id,
          msisdn: '07700900123',
          status: 'active',
        })
        .execute(),
    ).rejects.toThrow(/check/);
  });
});
