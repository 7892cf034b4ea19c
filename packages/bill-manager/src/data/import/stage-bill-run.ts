import { type Kysely, sql } from 'kysely';
import type { BillSchema } from '../schema.js';
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
 * readers see nothing new), a staging bill run per invoice, and an empty staging partition.
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
    const created = await trx
      .insertInto('imports')
      .values({ content_hash: contentHash, status: 'staging', staging_table: '' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const importId = created.id;
    const stagingTable = `itemised_records_import_${importId}`;
    await trx
      .updateTable('imports')
      .set({ staging_table: stagingTable })
      .where('id', '=', importId)
      .execute();

    const companies = new Map<string, string>();
    for (const line of lines) companies.set(line.companyRef, line.companyName);
    const refs = [...companies.keys()];
    await sql`insert into companies (company_ref, name)
      select * from unnest(${refs}::text[], ${[...companies.values()]}::text[])
      on conflict (company_ref) do nothing`.execute(trx);
    const tenants = new Map(
      (
        await trx
          .selectFrom('companies')
          .select(['tenant_id', 'company_ref'])
          .where('company_ref', 'in', refs)
          .execute()
      ).map((row) => [row.company_ref, row.tenant_id] as const),
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
    await sql`insert into billing_accounts (tenant_id, account_number, name, currency)
      select * from unnest(
        ${numbers.map((number) => tenants.get(accountCompany.get(number)?.ref ?? ''))}::uuid[],
        ${numbers}::text[],
        ${numbers.map((number) => accountCompany.get(number)?.name ?? '')}::text[],
        ${numbers.map((number) => invoiceByAccount.get(number)?.currency ?? 'GBP')}::text[])
      on conflict (account_number) do nothing`.execute(trx);
    const existing = await trx
      .selectFrom('billing_accounts')
      .select(['id', 'tenant_id', 'account_number'])
      .where('account_number', 'in', numbers)
      .execute();

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
      const created = await trx
        .insertInto('bill_runs')
        .values(
          runs.map(({ account, invoice }) => ({
            tenant_id: account.tenant_id,
            account_id: account.id,
            import_id: importId,
            period: invoice.period,
            currency: invoice.currency,
            total_charge_minor: invoice.totalChargeMinor,
            total_vat_minor: invoice.totalVatMinor,
            record_count: invoice.recordCount,
            status: 'staging' as const,
          })),
        )
        .returning(['id', 'account_id'])
        .execute();
      const runByAccount = new Map(created.map((run) => [run.account_id, run.id]));
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

/**
 * Makes the staging partition, as the owner: no indexes while loading, and a constraint that
 * lets ATTACH skip its scan. Made in the loading transaction, a COPY … FREEZE can fill it with
 * rows already frozen and all-visible, so the index builds that read it next dirty no page to
 * set hint bits; and a kill during the load leaves no table behind.
 */
export async function createStagingTable(trx: Kysely<BillSchema>, staged: StagedRun): Promise<void> {
  const table = staged.stagingTable;
  await sql`set local role linekeeper_owner`.execute(trx);
  await sql
    .raw(`create table ${table} (like itemised_records including defaults including constraints);
      alter table ${table} add constraint ${table}_import check (import_id = ${staged.importId});`)
    .execute(trx);
}

/**
 * Removes everything an unpublished import left: its staging partition, summaries and bill
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
    const runs = trx.selectFrom('bill_runs').select('id').where('import_id', '=', importId);
    await trx.deleteFrom('line_summaries').where('bill_run_id', 'in', runs).execute();
    await trx.deleteFrom('called_number_summaries').where('bill_run_id', 'in', runs).execute();
    await trx.deleteFrom('bill_runs').where('import_id', '=', importId).execute();
    await trx
      .updateTable('imports')
      .set({ status, finished_at: new Date() })
      .where('id', '=', importId)
      .execute();
  });
}
