import { sql } from 'kysely';
import type { WebDatabase, WebTransaction } from '../web-schema.js';

/**
 * Runs `work` as `linekeeper_owner`, the role that sees every tenant: for what comes before a
 * tenant is known (sign-in by email, a session by its token) and for operator staff's own views
 * (import status, company list). Everything a company's user sees goes through `withTenant`.
 */
export async function withOperatorRole<T>(
  db: WebDatabase,
  work: (trx: WebTransaction) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local role linekeeper_owner`.execute(trx);
    return work(trx);
  });
}
