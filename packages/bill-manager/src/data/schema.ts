import type { Generated } from 'kysely';

/** Kinds of itemised record on a bill. */
export const RECORD_TYPES = ['voice', 'sms', 'mms', 'data', 'third_party'] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

/** Where a call went, as the bill prices it. */
export const DESTINATION_CLASSES = [
  'mobile',
  'landline',
  'non_geographic',
  'premium',
  'international',
  'roaming',
] as const;
export type DestinationClass = (typeof DESTINATION_CLASSES)[number];

export const LINE_STATUSES = ['active', 'suspended', 'ceased'] as const;
export type LineStatus = (typeof LINE_STATUSES)[number];

export type BillRunStatus = 'staging' | 'published' | 'superseded';
export type ImportStatus = 'staging' | 'published' | 'failed' | 'abandoned';

/** Deepest cost-centre level; the schema refuses a ninth. */
export const MAX_COST_CENTRE_DEPTH = 8;

export interface CompaniesTable {
  tenant_id: Generated<string>;
  company_ref: string;
  name: string;
  created_at: Generated<Date>;
}

export interface BillingAccountsTable {
  tenant_id: string;
  id: Generated<string>;
  account_number: string;
  name: string;
  currency: string;
}

export interface CostCentresTable {
  tenant_id: string;
  id: Generated<string>;
  parent_id: string | null;
  parent_depth: number | null;
  depth: number;
  name: string;
}

export interface LinesTable {
  tenant_id: string;
  id: Generated<string>;
  account_id: string;
  msisdn: string;
  user_name: string | null;
  cost_centre_id: string | null;
  status: LineStatus;
}

export interface ImportsTable {
  id: Generated<number>;
  content_hash: string;
  status: ImportStatus;
  staging_table: string;
  started_at: Generated<Date>;
  finished_at: Date | null;
  record_count: number | null;
}

export interface BillRunsTable {
  tenant_id: string;
  id: Generated<string>;
  account_id: string;
  import_id: number;
  period: string;
  currency: string;
  total_charge_minor: number;
  total_vat_minor: number;
  record_count: number;
  status: BillRunStatus;
  published_at: Date | null;
}

export interface ItemisedRecordsTable {
  import_id: number;
  /** The import's id × 2^32 + the record's place in it (drawn from a sequence before). */
  id: Generated<number>;
  tenant_id: string;
  bill_run_id: string;
  msisdn: string;
  record_type: RecordType;
  started_at: Date;
  called_number: string | null;
  destination_class: DestinationClass | null;
  country: string | null;
  duration_s: number | null;
  volume_bytes: number | null;
  description: string | null;
  charge_minor: number;
  vat_minor: number;
}

export interface LineSummariesTable {
  /** The import that loaded it: its partition. */
  import_id: number;
  tenant_id: string;
  bill_run_id: string;
  msisdn: string;
  record_type: RecordType;
  destination_class: string;
  records: number;
  duration_s: number;
  volume_bytes: number;
  charge_minor: number;
  vat_minor: number;
}

/** One row per bill run: its called numbers and each one's totals, as arrays in step. */
export interface CalledNumberSummariesTable {
  /** The import that loaded it: its partition. */
  import_id: number;
  tenant_id: string;
  bill_run_id: string;
  called_numbers: string[];
  calls: number[];
  duration_s: number[];
  charge_minor: number[];
}

export interface UnbilledUsageTable {
  tenant_id: string;
  id: Generated<number>;
  msisdn: string;
  record_type: RecordType;
  occurred_at: Date;
  description: string | null;
  duration_s: number | null;
  volume_bytes: number | null;
  charge_minor: number;
  vat_minor: number;
  currency: string;
}

export interface BillManagerMigrationsTable {
  version: number;
  name: string;
  applied_at: Generated<Date>;
}

/** The whole database, as Kysely sees it. */
export interface BillSchema {
  companies: CompaniesTable;
  billing_accounts: BillingAccountsTable;
  cost_centres: CostCentresTable;
  lines: LinesTable;
  imports: ImportsTable;
  bill_runs: BillRunsTable;
  itemised_records: ItemisedRecordsTable;
  line_summaries: LineSummariesTable;
  called_number_summaries: CalledNumberSummariesTable;
  unbilled_usage: UnbilledUsageTable;
  bill_manager_migrations: BillManagerMigrationsTable;
}
