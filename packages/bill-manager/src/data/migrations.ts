import {
  PUBLICATION_VERSION_SQL,
  WEB_TABLE_GRANTS,
  WEB_TABLES_SQL,
  WEB_TENANT_TABLES,
} from '../web/web-migrations.js';
import { IMPORT_MIGRATIONS } from './import/import-migrations.js';

/**
 * The schema, as ordered, append-only migrations. Never edit one that has shipped: add the next.
 * Each runs in one transaction as `linekeeper_owner`, so every table belongs to that role.
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every table that holds one tenant's data; each gets the same row-level security. */
export const TENANT_TABLES = [
  'companies',
  'billing_accounts',
  'cost_centres',
  'lines',
  'bill_runs',
  'itemised_records',
  'line_summaries',
  'called_number_summaries',
  'unbilled_usage',
] as const;

/**
 * The web app's tenant-owned tables (users, sessions, audit log, watchpoints, exports): the same
 * policies as `TENANT_TABLES`, listed apart because the billing suites expect rows in every one
 * of those after an import.
 */
export { WEB_TENANT_TABLES };

/** What the web app's role may do on each tenant table (always within its tenant, by RLS). */
const APP_GRANTS: Record<(typeof TENANT_TABLES)[number], string> = {
  companies: 'select',
  billing_accounts: 'select',
  cost_centres: 'select, insert, update, delete',
  lines: 'select, insert, update',
  bill_runs: 'select',
  itemised_records: 'select',
  line_summaries: 'select',
  called_number_summaries: 'select',
  unbilled_usage: 'select, insert',
};

// Unset and empty both become NULL, and `tenant_id = NULL` matches nothing.
const TENANT = `nullif(current_setting('app.tenant_id', true), '')::uuid`;

function isolate(table: (typeof TENANT_TABLES)[number]): string {
  return isolateTable(table, APP_GRANTS[table]);
}

function isolateTable(table: string, grant: string): string {
  return `
alter table ${table} enable row level security;
alter table ${table} force row level security;
create policy tenant_isolation on ${table} to linekeeper_app
  using (tenant_id = ${TENANT}) with check (tenant_id = ${TENANT});
-- The operator's own role loads every tenant's bills; FORCE keeps every other role out.
create policy operator_all on ${table} to linekeeper_owner using (true) with check (true);
${grant ? `grant ${grant} on ${table} to linekeeper_app;` : ''}`;
}

const ROLES = `
do $$
begin
  -- Roles are cluster-wide and other databases may be creating them at this moment.
  begin
    create role linekeeper_owner nologin;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    create role linekeeper_app nologin nosuperuser nobypassrls;
  exception when duplicate_object or unique_violation then null;
  end;
end $$;
grant usage, create on schema public to linekeeper_owner;
grant usage on schema public to linekeeper_app;
`;

const TABLES = `
create table companies (
  tenant_id uuid primary key default gen_random_uuid(),
  company_ref text not null unique check (length(company_ref) between 1 and 64),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);
create table billing_accounts (
  tenant_id uuid not null references companies (tenant_id),
  id uuid primary key default gen_random_uuid(),
  account_number text not null unique check (length(account_number) between 1 and 64),
  name text not null,
  currency char(3) not null check (currency ~ '^[A-Z]{3}$'),
  unique (tenant_id, id)
);
create table cost_centres (
  tenant_id uuid not null references companies (tenant_id),
  id uuid primary key default gen_random_uuid(),
  parent_id uuid,
  parent_depth smallint,
  depth smallint not null check (depth between 1 and 8),
  name text not null check (length(name) between 1 and 100),
  unique (tenant_id, id),
  unique (tenant_id, id, depth),
  unique nulls not distinct (tenant_id, parent_id, name),
  -- The parent is in the same company, one level up; depth 8 is the deepest there is.
  foreign key (tenant_id, parent_id, parent_depth) references cost_centres (tenant_id, id, depth),
  check ((parent_id is null and parent_depth is null and depth = 1)
    or (parent_id is not null and parent_depth is not null and depth = parent_depth + 1))
);
create table lines (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  msisdn text not null unique check (msisdn ~ '^\\+[1-9][0-9]{6,14}$'),
  user_name text,
  cost_centre_id uuid,
  status text not null check (status in ('active', 'suspended', 'ceased')),
  foreign key (tenant_id, account_id) references billing_accounts (tenant_id, id),
  foreign key (tenant_id, cost_centre_id) references cost_centres (tenant_id, id)
);
create index lines_tenant on lines (tenant_id, msisdn);
create table imports (
  id bigint generated always as identity primary key,
  content_hash text not null,
  status text not null check (status in ('staging', 'published', 'failed', 'abandoned')),
  staging_table text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  record_count bigint
);
create unique index imports_published_once on imports (content_hash) where status = 'published';
create table bill_runs (
  tenant_id uuid not null,
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null,
  import_id bigint not null references imports (id),
  period char(7) not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  currency char(3) not null,
  total_charge_minor bigint not null,
  total_vat_minor bigint not null,
  record_count integer not null,
  status text not null check (status in ('staging', 'published', 'superseded')),
  published_at timestamptz,
  unique (tenant_id, id),
  foreign key (tenant_id, account_id) references billing_accounts (tenant_id, id)
);
-- One visible invoice per account per period: publishing is flipping this pointer.
create unique index bill_runs_one_published on bill_runs (account_id, period) where status = 'published';
create index bill_runs_tenant on bill_runs (tenant_id, status, period);
create sequence itemised_record_id_seq;
grant usage on sequence itemised_record_id_seq to linekeeper_owner;
-- One partition per import, loaded unindexed and attached when the import is published.
create table itemised_records (
  import_id bigint not null,
  id bigint not null default nextval('itemised_record_id_seq'),
  tenant_id uuid not null,
  bill_run_id uuid not null,
  msisdn text not null,
  record_type text not null check (record_type in ('voice', 'sms', 'mms', 'data', 'third_party')),
  started_at timestamptz not null,
  called_number text,
  destination_class text check (destination_class in
    ('mobile', 'landline', 'non_geographic', 'premium', 'international', 'roaming')),
  country char(2),
  duration_s integer check (duration_s >= 0),
  volume_bytes bigint check (volume_bytes >= 0),
  description text,
  charge_minor bigint not null,
  vat_minor bigint not null
) partition by list (import_id);
create index itemised_by_time on itemised_records (tenant_id, bill_run_id, started_at, id);
create index itemised_by_line on itemised_records (tenant_id, bill_run_id, msisdn, started_at, id);
create table line_summaries (
  tenant_id uuid not null,
  bill_run_id uuid not null references bill_runs (id),
  msisdn text not null,
  record_type text not null,
  destination_class text not null,
  records integer not null,
  duration_s bigint not null,
  volume_bytes bigint not null,
  charge_minor bigint not null,
  vat_minor bigint not null
);
create index line_summaries_run on line_summaries (tenant_id, bill_run_id);
create table called_number_summaries (
  tenant_id uuid not null,
  bill_run_id uuid not null references bill_runs (id),
  called_number text not null,
  calls integer not null,
  duration_s bigint not null,
  charge_minor bigint not null
);
create index called_number_summaries_run on called_number_summaries (tenant_id, bill_run_id);
create table unbilled_usage (
  tenant_id uuid not null references companies (tenant_id),
  id bigint generated always as identity primary key,
  msisdn text not null,
  record_type text not null check (record_type in ('voice', 'sms', 'mms', 'data', 'third_party')),
  occurred_at timestamptz not null,
  description text,
  duration_s integer,
  volume_bytes bigint,
  charge_minor bigint not null,
  vat_minor bigint not null,
  currency char(3) not null
);
create index unbilled_usage_tenant on unbilled_usage (tenant_id, occurred_at);
grant usage on sequence unbilled_usage_id_seq to linekeeper_app;
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'roles', sql: ROLES },
  { version: 2, name: 'billing tables', sql: TABLES },
  { version: 3, name: 'row-level security', sql: TENANT_TABLES.map(isolate).join('\n') },
  // An import draws one id per record: a session-local cache of ids spares each draw the
  // sequence's buffer lock and WAL record (ids stay unique; only their gaps change).
  { version: 4, name: 'itemised id cache', sql: 'alter sequence itemised_record_id_seq cache 1024;' },
  // 5–19: the bill-run import (src/data/import/import-migrations.ts).
  ...IMPORT_MIGRATIONS,
  // 20 and up: the web app (src/web/web-migrations.ts).
  { version: 20, name: 'web app tables', sql: WEB_TABLES_SQL },
  {
    version: 21,
    name: 'web app row-level security',
    sql: WEB_TENANT_TABLES.map((table) => isolateTable(table, WEB_TABLE_GRANTS[table])).join('\n'),
  },
  { version: 22, name: 'publication version for answer caches', sql: PUBLICATION_VERSION_SQL },
];
