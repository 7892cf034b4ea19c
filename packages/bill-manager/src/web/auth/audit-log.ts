import type { Role } from '../api-contract.js';
import type { WebDatabase } from '../web-schema.js';
import { withOperatorRole } from './with-operator-role.js';

export interface AuditEntry {
  /** The company it concerns (its administrators see it); null for operator-only events. */
  readonly tenantId: string | null;
  readonly action: string;
  readonly actor?: { readonly id: string; readonly email: string; readonly role: Role } | undefined;
  /** Ids, counts, route names and reasons; never a phone number or a password. */
  readonly detail?: Record<string, unknown>;
}

export type AuditLog = (entry: AuditEntry) => Promise<void>;

/** Appends to `audit_log`, as the operator role so operator-only events can be written too. */
export function createAuditLog(db: WebDatabase): AuditLog {
  return (entry) =>
    withOperatorRole(db, async (trx) => {
      await trx
        .insertInto('audit_log')
        .values({
          tenant_id: entry.tenantId,
          action: entry.action,
          actor_id: entry.actor?.id ?? null,
          actor_email: entry.actor?.email ?? null,
          actor_role: entry.actor?.role ?? null,
          detail: JSON.stringify(entry.detail ?? {}),
        })
        .execute();
    });
}
