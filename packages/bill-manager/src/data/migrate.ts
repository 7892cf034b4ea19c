import { type Kysely, sql } from 'kysely';
import { billError } from '../errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';
import type { BillSchema } from './schema.js';

// Every process that migrates the same database takes this lock, so they queue, not race.
const MIGRATION_LOCK_KEY = 7_202_601_000;

/**
 * Brings the schema up to date: each pending migration in its own transaction, under an
 * advisory lock, recorded in `bill_manager_migrations`. Running it again changes nothing.
 * Roles are made by the session user (it needs CREATEROLE, or the roles made beforehand); the
 * tables are made as `linekeeper_owner`.
 */
export async function runMigrations(
  db: Kysely<BillSchema>,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  await sql`create table if not exists bill_manager_migrations (
    version integer primary key, name text not null, applied_at timestamptz not null default now()
  )`.execute(db);
  const applied: number[] = [];
  for (const migration of migrations) {
    const done = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`.execute(trx);
      const row = await trx
        .selectFrom('bill_manager_migrations')
        .select('version')
        .where('version', '=', migration.version)
        .executeTakeFirst();
      if (row) return false;
      try {
        if (migration.version > 1) await sql`set local role linekeeper_owner`.execute(trx);
        await sql.raw(migration.sql).execute(trx);
        await sql`reset role`.execute(trx);
      } catch (cause) {
        throw billError(
          'ERR_BILL_MIGRATION_FAILED',
          `migration ${migration.version} (${migration.name}) failed`,
          {
            where: `migration ${migration.version}`,
            cause,
          },
        );
      }
      await trx
        .insertInto('bill_manager_migrations')
        .values({ version: migration.version, name: migration.name })
        .execute();
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
