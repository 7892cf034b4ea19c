import { parsePhoneNumber } from '@linekeeper/identity-core';
import { LINE_STATUSES, type LineStatus, MAX_COST_CENTRE_DEPTH } from '../schema.js';
import { type CsvRow, openCsv } from './csv-reader.js';
import { RowContext, type RowError, readHeader } from './row-context.js';

/** The file names a bill-run directory holds. */
export const BILL_RUN_FILES = {
  manifest: 'bill-run.csv',
  accounts: 'accounts.csv',
  records: 'records.csv',
} as const;

/** One invoice: what the account is charged for the period, as billing computed it. */
export interface InvoiceRow {
  readonly line: number;
  readonly accountNumber: string;
  readonly period: string;
  readonly currency: string;
  readonly totalChargeMinor: number;
  readonly totalVatMinor: number;
  readonly recordCount: number;
}

/** One line (number) of an account, with its company and who uses it. */
export interface LineRow {
  readonly line: number;
  readonly companyRef: string;
  readonly companyName: string;
  readonly accountNumber: string;
  readonly accountName: string;
  readonly msisdn: string;
  readonly userName: string | undefined;
  readonly costCentrePath: readonly string[];
  readonly status: LineStatus;
}

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
const CURRENCY = /^[A-Z]{3}$/;

/** Reads and checks `bill-run.csv`: one invoice per account. */
export async function readInvoices(path: string, errors: RowError[]): Promise<InvoiceRow[]> {
  const file = BILL_RUN_FILES.manifest;
  const csv = await openCsv(path);
  const header = readHeader(file, csv.header, [
    'account_number',
    'period',
    'currency',
    'total_charge_minor',
    'total_vat_minor',
    'record_count',
  ]);
  errors.push(...header.errors);
  if (header.errors.length > 0) return [];
  const row = new RowContext(file, header.columns);
  const invoices: InvoiceRow[] = [];
  const seen = new Set<string>();
  for await (const batch of csv.batches)
    for (const { line, fields } of batch) {
      row.reset(line, fields);
      const accountNumber = row.text('account_number', { required: true, max: 64 });
      const period = row.text('period', { required: true });
      if (period !== undefined && !PERIOD.test(period)) row.error('period', 'must be YYYY-MM');
      const currency = row.text('currency', { required: true });
      if (currency !== undefined && !CURRENCY.test(currency))
        row.error('currency', 'must be an ISO 4217 code');
      const totalChargeMinor = row.integer('total_charge_minor', { required: true });
      const totalVatMinor = row.integer('total_vat_minor', { required: true });
      const recordCount = row.integer('record_count', { required: true, min: 0 });
      if (accountNumber !== undefined && seen.has(accountNumber))
        row.error('account_number', 'has a second invoice');
      if (accountNumber !== undefined) seen.add(accountNumber);
      if (row.errors.length > 0) {
        errors.push(...row.errors);
        continue;
      }
      invoices.push({
        line,
        accountNumber: accountNumber as string,
        period: period as string,
        currency: currency as string,
        totalChargeMinor: totalChargeMinor as number,
        totalVatMinor: totalVatMinor as number,
        recordCount: recordCount as number,
      });
    }
  return invoices;
}

/**
 * Reads and checks `accounts.csv`: one row per line, numbers normalised to E.164. `known`
 * answers which of the numbers as written are lines on file already (stored in E.164 after the
 * same check when first imported): those are not parsed again, which is most of the cost of
 * reading a file of thousands of lines that arrives every month.
 */
export async function readLines(
  path: string,
  errors: RowError[],
  known: (numbers: readonly string[]) => Promise<ReadonlySet<string>> = async () => new Set(),
): Promise<LineRow[]> {
  const file = BILL_RUN_FILES.accounts;
  const csv = await openCsv(path);
  const header = readHeader(
    file,
    csv.header,
    ['company_ref', 'company_name', 'account_number', 'account_name', 'msisdn', 'status'],
    ['user_name', 'cost_centre'],
  );
  errors.push(...header.errors);
  if (header.errors.length > 0) return [];
  const row = new RowContext(file, header.columns);
  const rows: CsvRow[] = [];
  for await (const batch of csv.batches) for (const one of batch) rows.push(one);
  const msisdnColumn = header.columns.get('msisdn') ?? -1;
  const onFile = await known(rows.map((r) => (r.fields[msisdnColumn] ?? '').trim()));
  const lines: LineRow[] = [];
  const numbers = new Set<string>();
  for (const { line, fields } of rows) {
    row.reset(line, fields);
    const companyRef = row.text('company_ref', { required: true, max: 64 });
    const companyName = row.text('company_name', { required: true });
    const accountNumber = row.text('account_number', { required: true, max: 64 });
    const accountName = row.text('account_name', { required: true });
    const msisdn = e164(row, 'msisdn', onFile);
    const userName = row.text('user_name');
    const costCentrePath = (row.text('cost_centre', { max: 800 }) ?? '')
      .split('/')
      .map((part) => part.trim())
      .filter((part) => part !== '');
    if (costCentrePath.length > MAX_COST_CENTRE_DEPTH) {
      row.error('cost_centre', `is deeper than ${MAX_COST_CENTRE_DEPTH} levels`);
    }
    if (costCentrePath.some((part) => part.length > 100))
      row.error('cost_centre', 'has a level over 100 characters');
    const status = row.oneOf('status', LINE_STATUSES);
    if (msisdn !== undefined && numbers.has(msisdn)) row.error('msisdn', 'is listed twice');
    if (msisdn !== undefined) numbers.add(msisdn);
    if (row.errors.length > 0) {
      errors.push(...row.errors);
      continue;
    }
    lines.push({
      line,
      companyRef: companyRef as string,
      companyName: companyName as string,
      accountNumber: accountNumber as string,
      accountName: accountName as string,
      msisdn: msisdn as string,
      userName,
      costCentrePath,
      status: status as LineStatus,
    });
  }
  return lines;
}

function e164(row: RowContext, field: string, known: ReadonlySet<string>): string | undefined {
  const value = row.text(field, { required: true, max: 64 });
  if (value === undefined) return undefined;
  if (known.has(value)) return value;
  const parsed = parsePhoneNumber(value, { defaultCountry: 'GB' });
  return parsed.ok ? parsed.number.e164 : row.error(field, `is not a valid phone number (${parsed.reason})`);
}
