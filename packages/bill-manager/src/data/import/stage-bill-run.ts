import { type Kysely, sql } from 'kysely';
import type { BillSchema } from '../schema.js';
import { createPartitionTable, IMPORT_PARTITIONED, partitionTable } from './import-partitions.js';
import type { InvoiceRow, LineRow } from './read-bill-run-files.js';
import type { RowError } from './row-context.js';

export interface StagedRun {
  readonly importId: number;
  readonly stagingTable: string;
  /** Account number → the company it belongs to and the new (staging) bill run. */
  readonly accounts: Map<string, { tenantId: string; accountId: string; billRunId: string }>;
}

/**
 * Opens an import: records it as `staging`, makes any new companies and accounts (empty, so
 * readers see nothing new), a staging bill run per invoice, and names its tables.
 * Nothing here is visible to a tenant reader: their queries see only published bill runs.
 */
export async function stageBillRun(
  db: Kysely<BillSchema>,
  contentHash: string,
  invoices: readonly InvoiceRow[],
  lines: readonly LineRow[],
  errors: RowError[],
): Promise<StagedRun> {
  return db.transaction().execute(async (trx) => {
    await sql`set local role linekeeper_owner`.execute(trx);
    // Arrays, not one parameter per value: a run has thousands of accounts and lines.
    const created = await sql<{ id: number }>`
      with next as (select nextval(pg_get_serial_sequence('imports', 'id')) as id)
      insert into imports (id, content_hash, status, staging_table) overriding system value
      select id, ${contentHash}, 'staging', 'itemised_records_import_' || id from next
      returning id`.execute(trx);
    const importId = Number(created.rows[0]?.id);
    const stagingTable = partitionTable('itemised_records', importId);

    const companies = new Map<string, string>();
    for (const line of lines) companies.set(line.companyRef, line.companyName);
    const tenants = new Map(
      (
        await sql<{ tenant_id: string; company_ref: string }>`
          with input (company_ref, name) as (select * from unnest(${[...companies.keys()]}::text[], ${[...companies.values()]}::text[])),
          added as (
            insert into companies (company_ref, name) select company_ref, name from input
            on conflict (company_ref) do nothing returning tenant_id, company_ref
          )
          select tenant_id, company_ref from added
          union all
          select c.tenant_id, c.company_ref from companies c join input using (company_ref)`.execute(trx)
      ).rows.map((row) => [row.company_ref, row.tenant_id] as const),
    );

    const invoiceByAccount = new Map(invoices.map((invoice) => [invoice.accountNumber, invoice]));
    const accountCompany = new Map<string, { ref: string; name: string; line: number }>();
    for (const line of lines)
      accountCompany.set(line.accountNumber, {
        ref: line.companyRef,
        name: line.accountName,
        line: line.line,
      });
    const numbers = [...accountCompany.keys()];
    const existing = (
      await sql<{ id: string; tenant_id: string; account_number: string }>`
        with input (tenant_id, account_number, name, currency) as (select * from unnest(
          ${numbers.map((number) => tenants.get(accountCompany.get(number)?.ref ?? ''))}::uuid[],
          ${numbers}::text[],
          ${numbers.map((number) => accountCompany.get(number)?.name ?? '')}::text[],
          ${numbers.map((number) => invoiceByAccount.get(number)?.currency ?? 'GBP')}::text[])),
        added as (
          insert into billing_accounts (tenant_id, account_number, name, currency)
          select * from input on conflict (account_number) do nothing
          returning id, tenant_id, account_number
        )
        select id, tenant_id, account_number from added
        union all
        select a.id, a.tenant_id, a.account_number from billing_accounts a join input using (account_number)`.execute(
        trx,
      )
    ).rows;

    const accounts: StagedRun['accounts'] = new Map();
    const runs: { account: (typeof existing)[number]; invoice: InvoiceRow }[] = [];
    for (const account of existing) {
      const company = accountCompany.get(account.account_number);
      const invoice = invoiceByAccount.get(account.account_number);
      // An account never moves between companies by upload: that would hand one company's
      // history to another.
      if (company && tenants.get(company.ref) !== account.tenant_id) {
        errors.push({
          file: 'accounts.csv',
          line: company.line,
          field: 'account_number',
          message: 'belongs to another company',
        });
        continue;
      }
      if (invoice) runs.push({ account, invoice });
    }
    if (runs.length > 0) {
      const column = <T>(pick: (run: (typeof runs)[number]) => T) => runs.map(pick);
      const created = await sql<{ id: string; account_id: string }>`
        insert into bill_runs (tenant_id, account_id, import_id, period, currency, total_charge_minor,
          total_vat_minor, record_count, status)
        select t, a, ${importId}::bigint, p, c, charge, vat, n, 'staging' from unnest(
          ${column((run) => run.account.tenant_id)}::uuid[], ${column((run) => run.account.id)}::uuid[],
          ${column((run) => run.invoice.period)}::text[], ${column((run) => run.invoice.currency)}::text[],
          ${column((run) => run.invoice.totalChargeMinor)}::bigint[],
          ${column((run) => run.invoice.totalVatMinor)}::bigint[],
          ${column((run) => run.invoice.recordCount)}::int[]) as x(t, a, p, c, charge, vat, n)
        returning id, account_id`.execute(trx);
      const runByAccount = new Map(created.rows.map((run) => [run.account_id, run.id]));
      for (const { account } of runs) {
        const billRunId = runByAccount.get(account.id);
        if (billRunId) {
          accounts.set(account.account_number, {
            tenantId: account.tenant_id,
            accountId: account.id,
            billRunId,
          });
        }
      }
    }
    return { importId, stagingTable, accounts };
  });
}

/** Which of `numbers` (as written) are lines on file: E.164 numbers checked when first stored. */
export async function knownLines(db: Kysely<BillSchema>, numbers: readonly string[]): Promise<Set<string>> {
  return db.transaction().execute(async (trx) => {
    await sql`set local role linekeeper_owner`.execute(trx);
    const rows = await sql<{ msisdn: string }>`
      select msisdn from lines where msisdn = any(${numbers}::text[])`.execute(trx);
    return new Set(rows.rows.map((row) => row.msisdn));
  });
}

/**
 * Makes the staging partition of the records, as the owner: no indexes while loading, and a
 * constraint that lets ATTACH skip its scan. Made in the loading transaction, a COPY … FREEZE
 * can fill it with rows already frozen and all-visible, so the index builds that read it next
 * dirty no page to set hint bits; and a kill during the load leaves no table behind.
 */
export async function createStagingTable(trx: Kysely<BillSchema>, staged: StagedRun): Promise<void> {
  await createPartitionTable(trx, 'itemised_records', staged.importId);
}

/**
 * Removes everything an unpublished import left: its tables (records, summaries) and bill
 * runs. Used for a rejected import and, at the start of the next one, for one that died.
 */
export async function discardImport(
  db: Kysely<BillSchema>,
  importId: number,
  status: 'failed' | 'abandoned',
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local role linekeeper_owner`.execute(trx);
    const row = await trx
      .selectFrom('imports')
      .select('staging_table')
      .where('id', '=', importId)
      .executeTakeFirst();
    if (row?.staging_table) await sql.raw(`drop table if exists ${row.staging_table}`).execute(trx);
    for (const parent of IMPORT_PARTITIONED) {
      await sql.raw(`drop table if exists ${partitionTable(parent, importId)}`).execute(trx);
    }
    // Summaries written before they had partitions of their own (migration 5) are in the
    // partition of the imports before it.
    await trx.deleteFrom('line_summaries').where('import_id', '=', importId).execute();
    await trx.deleteFrom('called_number_summaries').where('import_id', '=', importId).execute();
    await trx.deleteFrom('bill_runs').where('import_id', '=', importId).execute();
    await trx
      .updateTable('imports')
      .set({ status, finished_at: new Date() })
      .where('id', '=', importId)
      .execute();
  });
}
