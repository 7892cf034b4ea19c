import type { Generated, Kysely, Transaction } from 'kysely';
import type { BillSchema } from '../data/schema.js';
import type { TenantScope } from '../data/with-tenant.js';
import type { Role } from './api-contract.js';

export interface WebUsersTable {
  tenant_id: string | null;
  id: Generated<string>;
  email: string;
  display_name: string;
  role: Role;
  cost_centre_id: string | null;
  line_id: string | null;
  disabled: Generated<boolean>;
  demo: Generated<boolean>;
  created_at: Generated<Date>;
  last_sign_in_at: Date | null;
}

export interface WebCredentialsTable {
  tenant_id: string | null;
  user_id: string;
  password_hash: string;
  totp_secret: string | null;
  totp_enabled: Generated<boolean>;
  totp_last_step: number | null;
  failed_sign_ins: Generated<number>;
  locked_until: Date | null;
}

export interface WebSessionsTable {
  tenant_id: string | null;
  token_hash: Buffer;
  user_id: string;
  csrf_token: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
  break_glass_id: string | null;
}

export interface BreakGlassGrantsTable {
  tenant_id: string;
  id: Generated<string>;
  operator_id: string;
  operator_email: string;
  reason: string;
  started_at: Generated<Date>;
  expires_at: Date;
  ended_at: Date | null;
}

export interface AuditLogTable {
  tenant_id: string | null;
  id: Generated<number>;
  at: Generated<Date>;
  action: string;
  actor_id: string | null;
  actor_email: string | null;
  actor_role: string | null;
  detail: unknown;
}

export interface WatchpointsTable {
  tenant_id: string;
  id: Generated<string>;
  name: string;
  kind: 'line_spend' | 'class_spend';
  line_id: string | null;
  watch_class: string | null;
  threshold_minor: number;
  scope_cost_centre_id: string | null;
  created_by: string | null;
  created_by_email: string;
  created_at: Generated<Date>;
}

export interface ExportRecordsTable {
  tenant_id: string;
  id: Generated<string>;
  user_id: string | null;
  user_email: string;
  kind: string;
  period: string | null;
  rows: number;
  created_at: Generated<Date>;
}

// A type alias, not an interface: `withTables` needs an index-compatible record.
export type WebSchema = {
  web_users: WebUsersTable;
  web_credentials: WebCredentialsTable;
  web_sessions: WebSessionsTable;
  break_glass_grants: BreakGlassGrantsTable;
  audit_log: AuditLogTable;
  watchpoints: WatchpointsTable;
  export_records: ExportRecordsTable;
};

export type WebDatabase = Kysely<BillSchema & WebSchema>;
export type WebTransaction = Transaction<BillSchema & WebSchema>;

/** A tenant scope that also knows the web tables (the same transaction, under the same RLS). */
export function webTables(scope: TenantScope): WebTransaction {
  return scope.withTables<WebSchema>() as unknown as WebTransaction;
}
