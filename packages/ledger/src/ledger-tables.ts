import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, never>;
/** int8 columns: node-postgres returns them as strings, PGlite as numbers or bigints. */
type Int8 = ColumnType<string | number | bigint, string | number | bigint, never>;

export interface DisclosureBatchTable {
  id: ColumnType<string | number | bigint, never, never>;
  instance_id: string;
  instance_seq: Int8;
  first_at: Timestamp;
  last_at: Timestamp;
  row_count: number;
  rows_hash: string;
  row_locators: string;
  prev_hash: string;
  batch_hash: string;
  written_at: Generated<Timestamp>;
}

export interface DisclosureTable {
  batch_id: Int8;
  seq: number;
  at: Timestamp;
  msisdn: string;
  accounting_session_id: string | null;
  host: string;
  scheme: string | null;
  port: number | null;
  path: string | null;
  partner_id: string;
  purpose: string;
  fields: string[];
  policy_version: string;
  instance_id: string;
}

export interface PolicyLoadTable {
  id: ColumnType<string | number | bigint, never, never>;
  at: Timestamp;
  instance_id: string;
  policy_version: string;
  accepted: boolean;
  reason: string;
  diff_hash: string | null;
  approver: string | null;
  prev_hash: string;
  load_hash: string;
  written_at: Generated<Timestamp>;
}

/** A retention drop: which month went, and a digest of the batch headers whose rows went. */
export interface LedgerAnchorTable {
  id: ColumnType<string | number | bigint, never, never>;
  partition_name: string;
  range_from: Timestamp;
  range_to: Timestamp;
  dropped_at: Timestamp;
  batch_count: Int8;
  row_count: Int8;
  batches_digest: string;
}

export interface DisclosureDailyTable {
  day: ColumnType<string, string, never>;
  host: string;
  scheme: string | null;
  port: number | null;
  path: string | null;
  partner_id: string;
  purpose: string;
  fields: string[];
  msisdn: string;
  disclosures: number;
  first_at: Timestamp;
  last_at: Timestamp;
}

export interface DailyRollupTable {
  day: ColumnType<string, string, never>;
  source_rows: Int8;
  rollup_rows: Int8;
  built_at: Generated<Timestamp>;
}

/** The ledger's tables, in whichever schema `ledgerSchema` names (`withSchema`). */
export interface LedgerTables {
  disclosure_batch: DisclosureBatchTable;
  disclosure: DisclosureTable;
  policy_load: PolicyLoadTable;
  ledger_anchor: LedgerAnchorTable;
  disclosure_daily: DisclosureDailyTable;
  daily_rollup: DailyRollupTable;
}
