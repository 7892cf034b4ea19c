/**
 * The web app's tables (migrations 20 and up): users and their scopes, credentials, sessions,
 * operator break-glass grants, the audit log, watchpoints and export records. Every one carries
 * a `tenant_id` and gets the same row-level security as the billing tables; operator staff and
 * their sessions have no tenant (NULL), which the tenant policy never matches.
 */

/** Tenant-owned web tables and what the web app's role may do on each (always within its tenant). */
export const WEB_TABLE_GRANTS = {
  web_users: 'select, insert, update, delete',
  // The app role may set a password or clear a lockout, never read a hash or a TOTP secret.
  web_credentials:
    'select (tenant_id, user_id, totp_enabled, locked_until), insert, update (password_hash, failed_sign_ins, locked_until)',
  // Sessions are looked up by token before any tenant is known: only the operator role reads them.
  web_sessions: '',
  break_glass_grants: 'select',
  audit_log: 'select, insert',
  watchpoints: 'select, insert, update, delete',
  export_records: 'select, insert',
} as const;

export type WebTenantTable = keyof typeof WEB_TABLE_GRANTS;
export const WEB_TENANT_TABLES = Object.keys(WEB_TABLE_GRANTS) as WebTenantTable[];

export const WEB_TABLES_SQL = `
create table web_users (
  tenant_id uuid references companies (tenant_id),
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email) and length(email) between 3 and 254),
  display_name text not null check (length(display_name) between 1 and 200),
  role text not null check (role in ('company_admin', 'cost_centre_manager', 'line_user', 'operator')),
  cost_centre_id uuid,
  line_id uuid references lines (id),
  disabled boolean not null default false,
  -- Demo accounts sign in only while the server runs with demo on.
  demo boolean not null default false,
  created_at timestamptz not null default now(),
  last_sign_in_at timestamptz,
  foreign key (tenant_id, cost_centre_id) references cost_centres (tenant_id, id),
  check ((role = 'operator') = (tenant_id is null)),
  check (role <> 'cost_centre_manager' or cost_centre_id is not null),
  check (role <> 'line_user' or line_id is not null)
);
create index web_users_tenant on web_users (tenant_id, email);
create table web_credentials (
  tenant_id uuid references companies (tenant_id),
  user_id uuid primary key references web_users (id) on delete cascade,
  password_hash text not null,
  totp_secret text,
  totp_enabled boolean not null default false,
  -- The last TOTP time step accepted: a code is good once.
  totp_last_step bigint,
  failed_sign_ins integer not null default 0,
  locked_until timestamptz
);
create table web_sessions (
  tenant_id uuid references companies (tenant_id),
  token_hash bytea primary key,
  user_id uuid not null references web_users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  break_glass_id uuid
);
create index web_sessions_user on web_sessions (user_id);
create table break_glass_grants (
  tenant_id uuid not null references companies (tenant_id),
  id uuid primary key default gen_random_uuid(),
  operator_id uuid not null references web_users (id),
  operator_email text not null,
  reason text not null check (length(reason) between 15 and 500),
  started_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ended_at timestamptz
);
create table audit_log (
  tenant_id uuid references companies (tenant_id),
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  action text not null,
  actor_id uuid,
  actor_email text,
  actor_role text,
  detail jsonb not null default '{}'
);
create index audit_log_tenant on audit_log (tenant_id, at desc);
create table watchpoints (
  tenant_id uuid not null references companies (tenant_id),
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  kind text not null check (kind in ('line_spend', 'class_spend')),
  line_id uuid references lines (id),
  watch_class text check (watch_class in
    ('mobile', 'landline', 'non_geographic', 'premium', 'international', 'roaming', 'third_party')),
  threshold_minor bigint not null check (threshold_minor > 0),
  -- The creator's cost centre (a manager's subtree) or NULL for the whole company.
  scope_cost_centre_id uuid,
  created_by uuid references web_users (id) on delete set null,
  created_by_email text not null,
  created_at timestamptz not null default now(),
  foreign key (tenant_id, scope_cost_centre_id) references cost_centres (tenant_id, id),
  check ((kind = 'line_spend' and line_id is not null and watch_class is null)
    or (kind = 'class_spend' and watch_class is not null))
);
create index watchpoints_tenant on watchpoints (tenant_id);
create table export_records (
  tenant_id uuid not null references companies (tenant_id),
  id uuid primary key default gen_random_uuid(),
  user_id uuid references web_users (id) on delete set null,
  user_email text not null,
  kind text not null,
  period char(7),
  rows integer not null,
  created_at timestamptz not null default now()
);
create index export_records_user on export_records (tenant_id, user_id, created_at);
grant usage on sequence audit_log_id_seq to linekeeper_app;
`;

/**
 * Migration 22: a number that changes whenever any bill run is published, for the web app's
 * answer caches. Any publication may change a company's lines (a number can move to another
 * company), so the caches key on it as well as on the company's own runs. It reads `imports`,
 * which the web app's role may not, hence `security definer`; it tells only how many imports
 * were published and the latest id.
 */
export const PUBLICATION_VERSION_SQL = `
create function bill_publication_version() returns text
  language sql stable security definer set search_path = pg_catalog, public
  as $$ select count(*)::text || ':' || coalesce(max(id), 0)::text
        from public.imports where status = 'published' $$;
revoke all on function bill_publication_version() from public;
grant execute on function bill_publication_version() to linekeeper_app;
`;
