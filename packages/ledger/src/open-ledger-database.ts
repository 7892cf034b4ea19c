import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { createPgliteDialect } from '@linekeeper/sql';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { LedgerTables } from './ledger-tables.js';

export type LedgerDatabaseOptions =
  | { readonly databaseUrl: string; readonly maxConnections?: number }
  /** A PGlite data directory; `memory://` keeps it in memory (tests). */
  | { readonly dataDir: string };

export interface LedgerDatabase {
  readonly db: Kysely<LedgerTables>;
  readonly kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

/** PostgreSQL in production, PGlite embedded: the same Kysely, the same SQL. */
export async function openLedgerDatabase(options: LedgerDatabaseOptions): Promise<LedgerDatabase> {
  if ('databaseUrl' in options) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.maxConnections ?? 4 });
    const db = new Kysely<LedgerTables>({ dialect: new PostgresDialect({ pool }) });
    return { db, kind: 'postgres', close: () => db.destroy() };
  }
  if (!options.dataDir.startsWith('memory://')) mkdirSync(options.dataDir, { recursive: true });
  const pglite = await PGlite.create(options.dataDir);
  const db = new Kysely<LedgerTables>({ dialect: createPgliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}
