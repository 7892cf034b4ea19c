import type { Selectable } from 'kysely';
import type { Disclosure } from './disclosure.js';
import type { DisclosureTable } from './ledger-tables.js';

/** A `disclosure` row as the ledger hashed it (null columns are absent optional fields). */
export function storedDisclosure(row: Selectable<DisclosureTable>): Disclosure {
  return {
    at: row.at.getTime(),
    msisdn: row.msisdn,
    accountingSessionId: row.accounting_session_id ?? undefined,
    host: row.host,
    scheme: (row.scheme ?? undefined) as Disclosure['scheme'],
    port: row.port ?? undefined,
    path: row.path ?? undefined,
    partnerId: row.partner_id,
    purpose: row.purpose,
    fields: row.fields,
    policyVersion: row.policy_version,
    instanceId: row.instance_id,
  };
}
