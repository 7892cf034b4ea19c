import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createPgliteDialect } from '@linekeeper/sql';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { from as copyFromStdin } from 'pg-copy-streams';
import { runMigrations } from './migrate.js';
import type { BillSchema } from './schema.js';

export interface BillDatabaseOptions {
  /** `postgres://…`: PostgreSQL. Without it, PGlite in `pgliteDir` (or in memory). */
  readonly databaseUrl?: string | undefined;
  readonly pgliteDir?: string | undefined;
  /** Run migrations on open (default true). */
  readonly migrate?: boolean;
  /** Pool size on PostgreSQL (default 10). */
  readonly maxConnections?: number;
}

/** One dedicated connection, for work that must stay on a session (imports, COPY). */
export interface BillSession {
  readonly db: Kysely<BillSchema>;
  /**
   * Streams COPY text-format data (tab-separated, `\N` for null, one row per line) into a table;
   * with `csv`, CSV (an empty unquoted field is null), and with `csvHeader`, CSV after a header
   * line (the benchmark's bare-COPY peer); with `binary`, binary COPY tuples. Answers the number
   * of rows the server stored.
   */
  copyFrom(
    table: string,
    columns: readonly string[],
    chunks: AsyncIterable<string | Uint8Array>,
    options?: CopyOptions,
  ): Promise<number>;
  /** Takes the import lock for this session, or answers false when another import holds it. */
  tryImportLock(): Promise<boolean>;
}

export interface CopyOptions {
  readonly csv?: boolean;
  /** `COPY … FREEZE`: only into a table made in the same transaction (PostgreSQL). */
  readonly freeze?: boolean;
  readonly csvHeader?: boolean;
  /** Binary COPY: the chunks are whole tuples, without the file header and trailer (added here). */
  readonly binary?: boolean;
}

export interface BillDatabase {
  readonly kind: 'postgres' | 'pglite';
  /**
   * The operator's handle (migrations, imports, demo data). Tenant reads never use it
   * directly: they go through `withTenant`, which narrows to the app role and one tenant.
   */
  readonly db: Kysely<BillSchema>;
  withSession<T>(work: (session: BillSession) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

// Any 64-bit number will do, as long as every importer uses the same one.
const IMPORT_LOCK_KEY = 7_202_601_001;
const COPY_BUFFER_BYTES = 8 * 1024 * 1024;
// PGlite takes a COPY as one blob; this bounds the memory one batch holds.
const PGLITE_COPY_BATCH_BYTES = 32 * 1024 * 1024;
// Binary COPY's file header (signature, flags, extension length) and trailer (field count -1).
const BINARY_HEADER = Buffer.from('PGCOPY\n\xff\r\n\0\0\0\0\0\0\0\0\0', 'latin1');
const BINARY_TRAILER = Buffer.from([0xff, 0xff]);

/** Opens PostgreSQL or PGlite behind one Kysely Postgres dialect and runs migrations. */
export async function createBillDatabase(options: BillDatabaseOptions = {}): Promise<BillDatabase> {
  const database = options.databaseUrl
    ? openPostgres(options.databaseUrl, options.maxConnections ?? 10)
    : await openPglite(options.pgliteDir);
  if (options.migrate !== false) {
    try {
      await runMigrations(database.db);
    } catch (error) {
      await database.close();
      throw error;
    }
  }
  return database;
}

function openPostgres(connectionString: string, max: number): BillDatabase {
  const pool = new pg.Pool({ connectionString, max, types: { getTypeParser: typeParser } });
  // An idle client that dies (server restart) must not take the process down.
  pool.on('error', () => {});
  const db = new Kysely<BillSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    async withSession(work) {
      const client = await pool.connect();
      let broken: Error | undefined;
      const session = new Kysely<BillSchema>({
        dialect: new PostgresDialect({
          // Kysely asks a pool for connections; this one always hands back the same client.
          pool: {
            connect: async () => ({ query: client.query.bind(client), release: () => {} }),
            end: async () => {},
          } as unknown as pg.Pool,
        }),
      });
      try {
        return await work({
          db: session,
          copyFrom: (table, columns, chunks, options) =>
            copyIntoPostgres(client, copySql(table, columns, 'stdin', options), chunks, options?.binary),
          async tryImportLock() {
            const result = await client.query<{ locked: boolean }>(
              'select pg_try_advisory_lock($1) as locked',
              [IMPORT_LOCK_KEY],
            );
            return result.rows[0]?.locked === true;
          },
        });
      } catch (error) {
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        // A session lock dies with its connection, so a failed session is discarded, not reused.
        if (!broken) await client.query('select pg_advisory_unlock_all()').catch(() => {});
        client.release(broken);
      }
    },
    close: () => db.destroy(),
  };
}

// Counts and money are bigint in SQL and well inside 2^53: read them as numbers, as PGlite does.
const INT8 = 20;
function typeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
  if (oid === INT8) return Number;
  return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown;
}

function copySql(table: string, columns: readonly string[], source: string, options?: CopyOptions): string {
  const list = columns.length > 0 ? ` (${columns.join(', ')})` : '';
  const settings = [
    ...(options?.binary ? ['format binary'] : []),
    ...(options?.csv || options?.csvHeader ? ['format csv'] : []),
    ...(options?.csvHeader ? ['header true'] : []),
    ...(options?.freeze ? ['freeze true'] : []),
  ];
  return `copy ${table}${list} from ${source}${settings.length > 0 ? ` with (${settings.join(', ')})` : ''}`;
}

async function copyIntoPostgres(
  client: pg.PoolClient,
  statement: string,
  chunks: AsyncIterable<string | Uint8Array>,
  binary = false,
): Promise<number> {
  // A deep buffer keeps the server busy while the next chunk is being made: with the default
  // 16 KiB every write waited for the socket to drain, and the two sides took turns.
  const stream = client.query(copyFromStdin(statement, { highWaterMark: COPY_BUFFER_BYTES }));
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const write = async (chunk: string | Uint8Array) => {
    if (!stream.write(chunk)) {
      await new Promise<void>((resolve, reject) => {
        stream.once('drain', resolve);
        stream.once('error', reject);
      });
    }
  };
  if (binary) await write(BINARY_HEADER);
  for await (const chunk of chunks) await write(chunk);
  if (binary) await write(BINARY_TRAILER);
  stream.end();
  await finished;
  return stream.rowCount;
}

async function openPglite(dataDir: string | undefined): Promise<BillDatabase> {
  // PGlite makes its directory but not the parents (`.linekeeper/` on a first run).
  if (dataDir) await mkdir(dirname(dataDir), { recursive: true });
  const pglite = await PGlite.create(dataDir ? { dataDir } : {});
  const db = new Kysely<BillSchema>({ dialect: createPgliteDialect(pglite) });
  let importing = false;
  return {
    kind: 'pglite',
    db,
    async withSession(work) {
      let locked = false;
      try {
        return await work({
          db,
          copyFrom: (table, columns, chunks, options) =>
            copyIntoPglite(
              pglite,
              db,
              copySql(table, columns, "'/dev/blob'", options),
              chunks,
              options?.binary,
            ),
          async tryImportLock() {
            if (importing) return false;
            importing = true;
            locked = true;
            return true;
          },
        });
      } finally {
        if (locked) importing = false;
      }
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

async function copyIntoPglite(
  pglite: PGlite,
  db: Kysely<BillSchema>,
  sql: string,
  chunks: AsyncIterable<string | Uint8Array>,
  binary = false,
): Promise<number> {
  // Through Kysely's connection, so the COPY waits its turn on PGlite's single connection.
  // Each batch is a COPY of its own, so in binary each carries the header and trailer.
  let parts: (string | Uint8Array)[] = [];
  let size = 0;
  let rows = 0;
  const flush = async () => {
    if (size === 0) return;
    const blob = new Blob(binary ? [BINARY_HEADER, ...parts, BINARY_TRAILER] : parts);
    parts = [];
    size = 0;
    await db.connection().execute(async () => {
      rows += (await pglite.query(sql, [], { blob })).affectedRows ?? 0;
    });
  };
  for await (const chunk of chunks) {
    parts.push(chunk);
    size += chunk.length;
    if (size >= PGLITE_COPY_BATCH_BYTES) await flush();
  }
  await flush();
  return rows;
}
