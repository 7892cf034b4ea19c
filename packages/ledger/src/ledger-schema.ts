import { type Kysely, sql } from 'kysely';
import { ledgerError } from './errors.js';
import type { LedgerTables } from './ledger-tables.js';

const LEDGER_TABLES = ['disclosure_batch', 'disclosure', 'policy_load', 'ledger_anchor'];
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw ledgerError(
      'ERR_LEDGER_SCHEMA_INVALID',
      `ledger schema name ${JSON.stringify(schema)} is not a plain identifier`,
    );
  }
}

/** A calendar month (UTC) as `year * 12 + monthIndex`. */
export function monthOf(at: number): number {
  const d = new Date(at);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

export function monthStart(month: number): Date {
  return new Date(Date.UTC(Math.floor(month / 12), month % 12, 1));
}

export function partitionName(month: number): string {
  const m = String((month % 12) + 1).padStart(2, '0');
  return `disclosure_y${Math.floor(month / 12)}m${m}`;
}

/**
 * Creates the ledger's tables if missing (idempotent). `disclosure` is partitioned by month on
 * `at` so retention drops whole partitions and a window query touches only its months. Rows
 * and headers refuse UPDATE, DELETE and TRUNCATE by trigger — for every role, the owner
 * included, unless someone with the right to disable triggers does so (verify then finds it).
 */
export async function migrateLedger(db: Kysely<LedgerTables>, schema: string): Promise<void> {
  assertSchemaName(schema);
  const s = sql.id(schema);
  const t = (name: string) => sql.table(`${schema}.${name}`);
  const statements = [
    sql`create schema if not exists ${s}`,
    sql`create table if not exists ${t('disclosure_batch')} (
      id bigint generated always as identity primary key,
      instance_id text not null,
      instance_seq bigint not null,
      first_at timestamptz not null,
      last_at timestamptz not null,
      row_count integer not null,
      rows_hash text not null,
      row_locators text not null,
      prev_hash text not null,
      batch_hash text not null,
      written_at timestamptz not null default now(),
      unique (instance_id, instance_seq))`,
    sql`create table if not exists ${t('disclosure')} (
      batch_id bigint not null,
      seq integer not null,
      at timestamptz not null,
      msisdn text not null,
      accounting_session_id text,
      host text not null,
      scheme text,
      port integer,
      path text,
      partner_id text not null,
      purpose text not null,
      fields text[] not null,
      policy_version text not null,
      instance_id text not null) partition by range (at)`,
    sql`create index if not exists disclosure_at on ${t('disclosure')} (at)`,
    sql`create index if not exists disclosure_host_at on ${t('disclosure')} (host, at)`,
    sql`create index if not exists disclosure_batch_seq on ${t('disclosure')} (batch_id, seq)`,
    sql`create table if not exists ${t('policy_load')} (
      id bigint generated always as identity primary key,
      at timestamptz not null,
      instance_id text not null,
      policy_version text not null,
      accepted boolean not null,
      reason text not null,
      diff_hash text,
      approver text,
      prev_hash text not null,
      load_hash text not null,
      written_at timestamptz not null default now())`,
    sql`create table if not exists ${t('ledger_anchor')} (
      id bigint generated always as identity primary key,
      partition_name text not null,
      range_from timestamptz not null,
      range_to timestamptz not null,
      dropped_at timestamptz not null,
      batch_count bigint not null,
      row_count bigint not null,
      batches_digest text not null)`,
    sql`create index if not exists disclosure_batch_last_at on ${t('disclosure_batch')} (last_at)`,
    // Derived, for the exposure report: one row per UTC day, destination, partner, purpose, fields
    // and subscriber, written once for a completed day by `rollupDays` (never updated).
    sql`create table if not exists ${t('disclosure_daily')} (
      day date not null,
      host text not null,
      scheme text,
      port integer,
      path text,
      partner_id text not null,
      purpose text not null,
      fields text[] not null,
      msisdn text not null,
      disclosures integer not null,
      first_at timestamptz not null,
      last_at timestamptz not null) partition by range (day)`,
    sql`create index if not exists disclosure_daily_day on ${t('disclosure_daily')} (day)`,
    sql`create index if not exists disclosure_daily_host_day on ${t('disclosure_daily')} (host, day)`,
    sql`create table if not exists ${t('daily_rollup')} (
      day date primary key,
      source_rows bigint not null,
      rollup_rows bigint not null,
      built_at timestamptz not null default now())`,
    sql`create or replace function ${sql.id(schema, 'ledger_append_only')}() returns trigger
      language plpgsql as $$ begin
        raise exception 'the disclosure ledger is append-only (% on %)', tg_op, tg_table_name;
      end $$`,
  ];
  for (const statement of statements) await statement.execute(db);
  for (const table of [...LEDGER_TABLES, 'disclosure_daily', 'daily_rollup']) {
    await sql`create or replace trigger ledger_no_change before update or delete on ${t(table)}
      for each row execute function ${sql.id(schema, 'ledger_append_only')}()`.execute(db);
    await sql`create or replace trigger ledger_no_truncate before truncate on ${t(table)}
      for each statement execute function ${sql.id(schema, 'ledger_append_only')}()`.execute(db);
  }
}

/** Creates the month's partitions (raw and daily) if missing (needs the table owner's rights). */
export async function ensurePartition(
  db: Kysely<LedgerTables>,
  schema: string,
  month: number,
): Promise<void> {
  const from = monthStart(month);
  const to = monthStart(month + 1);
  await createPartition(db, schema, 'disclosure', partitionName(month), from.toISOString(), to.toISOString());
  const day = (d: Date) => d.toISOString().slice(0, 10);
  await createPartition(
    db,
    schema,
    'disclosure_daily',
    `disclosure_daily_${partitionName(month).slice('disclosure_'.length)}`,
    day(from),
    day(to),
  );
}

async function createPartition(
  db: Kysely<LedgerTables>,
  schema: string,
  parent: string,
  name: string,
  from: string,
  to: string,
): Promise<void> {
  const exists = async () =>
    (await sql<{ r: string | null }>`select to_regclass(${`${schema}.${name}`}) as r`.execute(db)).rows[0]?.r;
  if (await exists()) return;
  try {
    await sql`create table if not exists ${sql.table(`${schema}.${name}`)} partition of ${sql.table(`${schema}.${parent}`)}
      for values from (${sql.lit(from)}) to (${sql.lit(to)})`.execute(db);
  } catch (error) {
    // Another instance created it between our check and our create.
    if (!(await exists())) throw error;
  }
}

/**
 * The statements an owner runs so the gateway's role can only read and append: no UPDATE,
 * DELETE or TRUNCATE, no DDL. Partitions are then created ahead by `linekeeper ledger
 * maintain` run as the owner.
 */
export function appendOnlyGrants(schema: string, role: string): string[] {
  assertSchemaName(schema);
  assertSchemaName(role);
  const t = (x: string) => `${schema}.${x}`;
  return [
    `revoke all on all tables in schema ${schema} from ${role}`,
    `revoke create on schema ${schema} from ${role}`,
    `grant usage on schema ${schema} to ${role}`,
    `grant select, insert on ${['disclosure_batch', 'disclosure', 'policy_load'].map(t).join(', ')} to ${role}`,
    `grant select on ${['ledger_anchor', 'disclosure_daily', 'daily_rollup'].map(t).join(', ')} to ${role}`,
  ];
}
