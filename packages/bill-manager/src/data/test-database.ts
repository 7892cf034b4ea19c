import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type BillDatabase, type BillDatabaseOptions, createBillDatabase } from './create-bill-database.js';

export interface TestDatabase {
  readonly database: BillDatabase;
  /** The URL of the database made for this test, when on PostgreSQL. */
  readonly databaseUrl: string | undefined;
  drop(): Promise<void>;
}

/**
 * For tests: a fresh, migrated database — a new PostgreSQL database named for this run when
 * `DATABASE_URL` is set (dropped by `drop`), otherwise an in-memory PGlite.
 */
export async function openTestDatabase(
  options: Omit<BillDatabaseOptions, 'databaseUrl'> = {},
): Promise<TestDatabase> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const database = await createBillDatabase(options);
    return { database, databaseUrl: undefined, drop: () => database.close() };
  }
  const name = `lk_bill_test_${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, `create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  let database: BillDatabase;
  try {
    database = await createBillDatabase({ ...options, databaseUrl });
  } catch (error) {
    await admin(adminUrl, `drop database if exists ${name} with (force)`);
    throw error;
  }
  return {
    database,
    databaseUrl,
    async drop() {
      await database.close();
      await admin(adminUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
