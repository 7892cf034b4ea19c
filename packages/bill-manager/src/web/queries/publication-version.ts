import { sql } from 'kysely';
import type { WebDatabase } from '../web-schema.js';

/**
 * `bill_publication_version()` (migration 22) in one statement, outside any transaction: it
 * reads no company's data, only how many bill-run imports were published and the latest id. It
 * changes with every publication, so with a company and a scope it names a dashboard answer.
 */
export async function publicationVersion(db: WebDatabase): Promise<string> {
  const result = await sql<{ version: string }>`select bill_publication_version() as version`.execute(db);
  return String(result.rows[0]?.version ?? '');
}
