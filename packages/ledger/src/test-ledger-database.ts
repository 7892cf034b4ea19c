import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { migrateLedger } from './ledger-schema.js';
import { type LedgerDatabase, openLedgerDatabase } from './open-ledger-database.js';

export interface TestLedgerDatabase extends LedgerDatabase {
  readonly schema: string;
}

/** For tests: PostgreSQL when DATABASE_URL is set, else an in-memory PGlite. */
export function openTestConnection(): Promise<LedgerDatabase> {
  const url = process.env.DATABASE_URL;
  return openLedgerDatabase(url ? { databaseUrl: url } : { dataDir: 'memory://' });
}

/**
 * A fresh, migrated schema for one test, on `connection` (shared, PGlite takes seconds to
 * start) or on a connection of its own; `close()` drops the schema (and closes its own).
 */
export async function openTestLedgerDatabase(connection?: LedgerDatabase): Promise<TestLedgerDatabase> {
  const opened = connection ?? (await openTestConnection());
  const schema = `ledger_test_${randomBytes(6).toString('hex')}`;
  await migrateLedger(opened.db, schema);
  return {
    ...opened,
    schema,
    close: async () => {
      await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(opened.db);
      if (!connection) await opened.close();
    },
  };
}
