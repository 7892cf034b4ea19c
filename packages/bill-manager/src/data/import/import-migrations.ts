import type { Migration } from '../migrations.js';

// As in migrations.ts: unset and empty both become NULL, and `tenant_id = NULL` matches nothing.
const TENANT = `nullif(current_setting('app.tenant_id', true), '')::uuid`;

/** A bill run's summary tables, by name, with their columns after `import_id`. */
const SUMMARY_TABLES = {
  line_summaries: `
  tenant_id uuid not null,
  bill_run_id uuid not null,
  msisdn text not null,
  record_type text not null,
  destination_class text not null,
  records integer not null,
  duration_s bigint not null,
  volume_bytes bigint not null,
  charge_minor bigint not null,
  vat_minor bigint not null`,
  called_number_summaries: `
  tenant_id uuid not null,
  bill_run_id uuid not null,
  called_number text not null,
  calls integer not null,
  duration_s bigint not null,
  charge_minor bigint not null`,
} as const;

/**
 * Summaries become, like the records, one partition per import: loaded into a table of their
 * own, indexed once, their foreign key checked in one query, and attached when the import is
 * published. Written row by row into one shared table, each row paid an index insertion and a
 * foreign-key query, and storing an import's summaries cost more than loading its records.
 * Rows already there move, as they are, into one partition of the imports they belong to.
 */
function partitionSummaries(table: keyof typeof SUMMARY_TABLES): string {
  const before = `${table}_before_partitions`;
  return `
alter table ${table} rename to ${before};
alter index ${table}_run rename to ${before}_run;
create table ${table} (
  import_id bigint not null,${SUMMARY_TABLES[table]},
  constraint ${table}_bill_run foreign key (bill_run_id) references bill_runs (id)
) partition by list (import_id);
create index ${table}_run on ${table} (tenant_id, bill_run_id);
alter table ${table} enable row level security;
alter table ${table} force row level security;
create policy tenant_isolation on ${table} to linekeeper_app
  using (tenant_id = ${TENANT}) with check (tenant_id = ${TENANT});
create policy operator_all on ${table} to linekeeper_owner using (true) with check (true);
grant select on ${table} to linekeeper_app;
do $$
declare
  imports bigint[];
begin
  select array_agg(distinct b.import_id order by b.import_id) into imports
    from ${before} s join bill_runs b on b.id = s.bill_run_id;
  if imports is null then
    drop table ${before};
    return;
  end if;
  alter table ${before} add column import_id bigint;
  update ${before} s set import_id = b.import_id from bill_runs b where b.id = s.bill_run_id;
  alter table ${before} alter column import_id set not null;
  -- A partition is read through its parent only.
  revoke all on ${before} from linekeeper_app;
  execute format('alter table ${table} attach partition ${before} for values in (%s)',
    array_to_string(imports, ','));
end $$;`;
}

/**
 * A bill run belongs to one company, so the tenant adds nothing to the record indexes' keys
 * (the reading queries name the runs, and row-level security still filters on the tenant):
 * narrower keys make each import's two index builds cheaper.
 */
const NARROW_RECORD_INDEXES = `
drop index itemised_by_time;
drop index itemised_by_line;
create index itemised_by_time on itemised_records (bill_run_id, started_at, id);
create index itemised_by_line on itemised_records (bill_run_id, msisdn, started_at, id);
`;

/**
 * A number compares byte by byte: E.164 is ASCII, and the database locale's collation rules
 * (strcoll, and no abbreviated sort keys) only made every comparison of the by-line index
 * build dearer.
 */
const BYTEWISE_MSISDN = `alter table itemised_records alter column msisdn type text collate "C";`;

/**
 * A bill run's called numbers become one row of arrays in step — the numbers, and each one's
 * calls, seconds and charge — where they were a row each: a run of a thousand small companies
 * has tens of thousands of called numbers, and as rows each one cost a tuple, an index entry
 * and a foreign-key lookup to store. Rows already there are gathered per bill run into one
 * partition of the imports they belong to.
 */
const CALLED_NUMBER_ARRAYS = `
alter table called_number_summaries rename to called_number_summaries_by_number;
alter index called_number_summaries_run rename to called_number_summaries_by_number_run;
create table called_number_summaries (
  import_id bigint not null,
  tenant_id uuid not null,
  bill_run_id uuid not null,
  called_numbers text[] not null,
  calls integer[] not null,
  duration_s bigint[] not null,
  charge_minor bigint[] not null,
  constraint called_number_summaries_in_step check (cardinality(calls) = cardinality(called_numbers)
    and cardinality(duration_s) = cardinality(called_numbers)
    and cardinality(charge_minor) = cardinality(called_numbers)),
  constraint called_number_summaries_bill_run foreign key (bill_run_id) references bill_runs (id)
) partition by list (import_id);
create index called_number_summaries_run on called_number_summaries (tenant_id, bill_run_id);
alter table called_number_summaries enable row level security;
alter table called_number_summaries force row level security;
create policy tenant_isolation on called_number_summaries to linekeeper_app
  using (tenant_id = ${TENANT}) with check (tenant_id = ${TENANT});
create policy operator_all on called_number_summaries to linekeeper_owner using (true) with check (true);
grant select on called_number_summaries to linekeeper_app;
do $$
declare
  imports bigint[];
begin
  select array_agg(distinct import_id order by import_id) into imports from called_number_summaries_by_number;
  if imports is null then
    return;
  end if;
  create table called_number_summaries_before_arrays
    (like called_number_summaries including defaults including constraints);
  insert into called_number_summaries_before_arrays
  select import_id, tenant_id, bill_run_id, array_agg(called_number order by called_number),
    array_agg(calls order by called_number), array_agg(duration_s order by called_number),
    array_agg(charge_minor order by called_number)
  from called_number_summaries_by_number group by import_id, tenant_id, bill_run_id;
  execute format('alter table called_number_summaries attach partition called_number_summaries_before_arrays
    for values in (%s)', array_to_string(imports, ','));
end $$;
drop table called_number_summaries_by_number;
`;

/**
 * Records now carry ids made by the import (its id × 2^32 + the record's place in it) instead of
 * one drawn from the sequence per row. Ids drawn before stay below 2^32, so the two never meet;
 * this refuses a database where they could.
 */
const IMPORT_SCOPED_IDS = `
do $$
begin
  if (select last_value from itemised_record_id_seq) >= 4294967296 then
    raise exception 'itemised record ids drawn from the sequence reach 2^32, where import-scoped ids begin';
  end if;
end $$;
`;

/** The import's migrations, versions 5 to 19 (20 and up are the web app's). */
export const IMPORT_MIGRATIONS: readonly Migration[] = [
  {
    version: 5,
    name: 'summaries partitioned by import',
    sql: partitionSummaries('line_summaries') + partitionSummaries('called_number_summaries'),
  },
  { version: 6, name: 'record indexes keyed by bill run', sql: NARROW_RECORD_INDEXES },
  { version: 7, name: 'record numbers compared bytewise', sql: BYTEWISE_MSISDN },
  { version: 8, name: 'called numbers as arrays per bill run', sql: CALLED_NUMBER_ARRAYS },
  { version: 9, name: 'record ids scoped by import', sql: IMPORT_SCOPED_IDS },
];

/** The summary tables an import loads, each into a partition of its own. */
export const SUMMARY_TABLE_NAMES = Object.keys(SUMMARY_TABLES) as (keyof typeof SUMMARY_TABLES)[];
