import { parsePhoneNumber } from '@linekeeper/identity-core';
import { DESTINATION_CLASSES, RECORD_TYPES } from '../schema.js';
import { openCsvLines, splitCsvLine } from './csv-reader.js';
import { BILL_RUN_FILES } from './read-bill-run-files.js';
import { RowContext, type RowError, readHeader } from './row-context.js';
import type { LineTally, RunSummaries } from './run-summaries.js';

const REQUIRED = ['account_number', 'msisdn', 'record_type', 'started_at', 'charge_minor', 'vat_minor'];
const OPTIONAL = [
  'called_number',
  'destination_class',
  'country',
  'duration_s',
  'volume_bytes',
  'description',
];

/** What `openRecordCopy` hands the COPY: its column list (CSV format) and the rows. */
export interface RecordCopy {
  readonly columns: readonly string[];
  readonly rows: AsyncIterable<string>;
}

export interface RecordCopyOptions {
  readonly path: string;
  readonly importId: number;
  /** Account number → where its records go. */
  readonly accounts: ReadonlyMap<string, { readonly tenantId: string; readonly billRunId: string }>;
  /** E.164 number → the account number it belongs to. */
  readonly lineAccounts: ReadonlyMap<string, string>;
  readonly skipInvalid: boolean;
  readonly onError: (error: RowError) => void;
  readonly onRow?: (rows: number, bytes: number) => void;
  /** Totals per line and called number, added up as rows go by. */
  readonly summaries: RunSummaries;
}

const ISO_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4]):?[0-5]\d)$/;
const COUNTRY = /^[A-Z]{2}$/;
const MONEY = /^-?\d{1,15}$/;
const DURATION = /^\d{1,9}$/;
const VOLUME = /^\d{1,15}$/;
const MAX_DURATION_S = 999_999_999;
const TYPES: ReadonlySet<string> = new Set(RECORD_TYPES);
const DESTINATIONS: ReadonlySet<string> = new Set(DESTINATION_CLASSES);
const CHUNK_CHARS = 512 * 1024;
// Called numbers repeat a great deal; parsing each once keeps validation off the critical path.
const NUMBER_CACHE_LIMIT = 200_000;

type CalledNumber = { e164: string; country: string } | null;

/**
 * Reads `records.csv`'s header and returns the COPY (CSV format) that loads it: the import,
 * tenant and bill run, then the file's own columns in file order. Every row is checked; the
 * valid ones go out as CSV, the bad ones are reported through `onError`. Without
 * `skipInvalid`, output stops at the first error (the caller rejects the file) but checking
 * goes on, so every bad row is reported.
 *
 * A row in canonical form (no quotes, E.164 numbers, no padding, every column present) is
 * checked field by field without being rebuilt and goes to COPY as written, behind its
 * account's prefix; anything else takes the slow path, which accepts what it can, names what
 * it cannot, and writes the row out again. Both give the same stored row for the same input.
 */
export async function openRecordCopy(options: RecordCopyOptions): Promise<RecordCopy> {
  const file = BILL_RUN_FILES.records;
  let bytes = 0;
  const csv = await openCsvLines(options.path, (read) => {
    bytes += read;
  });
  const header = readHeader(file, csv.header, REQUIRED, OPTIONAL);
  const missing = OPTIONAL.filter((name) => !header.columns.has(name));
  const columns = [
    'import_id',
    'tenant_id',
    'bill_run_id',
    ...csv.header.filter((name) => name !== 'account_number'),
    ...missing,
  ];
  for (const error of header.errors) options.onError(error);
  if (header.errors.length > 0) return { columns, rows: (async function* () {})() };

  const numbers = new Map<string, CalledNumber>();
  const days = new Map<string, boolean>();
  const lookUp = (value: string): CalledNumber => {
    let parsed = numbers.get(value);
    if (parsed === undefined) {
      const result = parsePhoneNumber(value, { defaultCountry: 'GB' });
      parsed = result.ok ? { e164: result.number.e164, country: result.number.country ?? '' } : null;
      if (numbers.size >= NUMBER_CACHE_LIMIT) numbers.clear();
      numbers.set(value, parsed);
    }
    return parsed;
  };
  const validTime = (value: string): boolean => {
    if (!ISO_TIME.test(value)) return false;
    const day = value.slice(0, 10);
    let valid = days.get(day);
    if (valid === undefined) {
      // The pattern allows 2026-02-30; the calendar does not.
      valid = new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) === day;
      days.set(day, valid);
    }
    return valid;
  };
  const col = (name: string) => header.columns.get(name) ?? -1;
  const iAccount = col('account_number');
  const iMsisdn = col('msisdn');
  const iType = col('record_type');
  const iStarted = col('started_at');
  const iCalled = col('called_number');
  const iDestination = col('destination_class');
  const iCountry = col('country');
  const iDuration = col('duration_s');
  const iVolume = col('volume_bytes');
  const iDescription = col('description');
  const iCharge = col('charge_minor');
  const iVat = col('vat_minor');
  const width = csv.header.length;
  // The canonical form needs every column, so that a row can go out exactly as written.
  const passThrough = missing.length === 0;
  /** Where one line's records go: its account, the COPY prefix of its bill run, its tally. */
  interface LineRoute {
    readonly accountNumber: string;
    readonly prefix: string;
    readonly tally: LineTally;
  }
  const routes = new Map<string, LineRoute | null>();
  const routeOf = (msisdn: string, accountNumber: string): LineRoute | undefined => {
    let route = routes.get(msisdn);
    if (route === undefined) {
      const owner = options.lineAccounts.get(msisdn);
      const account = owner === undefined ? undefined : options.accounts.get(owner);
      route =
        owner && account
          ? {
              accountNumber: owner,
              prefix: `${options.importId},${account.tenantId},${account.billRunId},`,
              tally: options.summaries.line(account, msisdn),
            }
          : null;
      routes.set(msisdn, route);
    }
    return route?.accountNumber === accountNumber ? route : undefined;
  };

  /** The canonical row, checked as written; undefined sends it to the slow path. */
  const fast = (text: string): string | undefined => {
    if (!passThrough || text.includes('"')) return undefined;
    const f = text.split(',');
    if (f.length !== width) return undefined;
    const accountNumber = f[iAccount] as string;
    const type = f[iType] as string;
    // The line's route exists only if its account has an invoice in this run.
    const route = routeOf(f[iMsisdn] as string, accountNumber);
    if (!route || !TYPES.has(type) || !validTime(f[iStarted] as string)) return undefined;
    const voice = type === 'voice';
    const called = f[iCalled] as string;
    // A line of the run is a checked E.164 number already; the country is in the row.
    if (called === '' ? voice : !options.lineAccounts.has(called) && lookUp(called)?.e164 !== called)
      return undefined;
    const destination = f[iDestination] as string;
    if (destination === '' ? voice : !DESTINATIONS.has(destination)) return undefined;
    const country = f[iCountry] as string;
    // An empty country takes the called number's: that row is written out again.
    if (country === '' ? called !== '' : !COUNTRY.test(country)) return undefined;
    const duration = f[iDuration] as string;
    if (duration === '' ? voice : !DURATION.test(duration)) return undefined;
    const volume = f[iVolume] as string;
    if (volume === '' ? type === 'data' : !VOLUME.test(volume)) return undefined;
    const description = f[iDescription] as string;
    if (
      description === ''
        ? type === 'third_party'
        : description.length > 200 || description.trim() !== description
    ) {
      return undefined;
    }
    const charge = f[iCharge] as string;
    const vat = f[iVat] as string;
    if (!MONEY.test(charge) || !MONEY.test(vat)) return undefined;
    route.tally.add(
      type,
      destination,
      called,
      duration === '' ? 0 : Number(duration),
      volume === '' ? 0 : Number(volume),
      Number(charge),
      Number(vat),
    );
    // The row as written, less its account number (the prefix carries the account's run).
    const rest =
      iAccount === 0
        ? text.slice(accountNumber.length + 1)
        : iAccount === width - 1
          ? text.slice(0, text.length - accountNumber.length - 1)
          : f.filter((_, index) => index !== iAccount).join(',');
    return `${route.prefix}${rest}\n`;
  };

  const row = new RowContext(file, header.columns);
  const values = new Map<string, string>();
  /** Every check again, naming each bad field; a valid row in a non-canonical form is accepted. */
  const slow = (line: number, text: string): string | undefined => {
    const f = splitCsvLine(text);
    row.reset(line, f);
    if (f.length !== width) row.error('(row)', `has ${f.length} fields where the header has ${width}`);
    const accountNumber = row.text('account_number', { required: true, max: 64 });
    const account = accountNumber === undefined ? undefined : options.accounts.get(accountNumber);
    if (accountNumber !== undefined && !account)
      row.error('account_number', 'has no invoice in bill-run.csv');
    const written = row.text('msisdn', { required: true, max: 64 });
    const msisdn =
      written === undefined ? undefined : options.lineAccounts.has(written) ? written : lookUp(written)?.e164;
    const route =
      msisdn === undefined || accountNumber === undefined ? undefined : routeOf(msisdn, accountNumber);
    if (written !== undefined && !route) row.error('msisdn', 'is not a line of this account in accounts.csv');
    const type = row.oneOf('record_type', RECORD_TYPES);
    const startedAt = row.text('started_at', { required: true });
    if (startedAt !== undefined && !validTime(startedAt)) {
      row.error('started_at', 'must be an ISO 8601 time with a zone, e.g. 2026-01-31T09:15:00Z');
    }
    const voice = type === 'voice';
    const calledText = row.text('called_number', { required: voice, max: 64 });
    const called = calledText === undefined ? undefined : lookUp(calledText);
    if (calledText !== undefined && !called) row.error('called_number', 'is not a valid phone number');
    const destination = row.oneOf('destination_class', DESTINATION_CLASSES, voice);
    let country = row.text('country', { max: 2 });
    if (country !== undefined && !COUNTRY.test(country))
      row.error('country', 'must be an ISO 3166 alpha-2 code');
    if (country === undefined && called?.country) country = called.country;
    const duration = row.integer('duration_s', { required: voice, min: 0, max: MAX_DURATION_S });
    const volume = row.integer('volume_bytes', { required: type === 'data', min: 0 });
    const description = row.text('description', { required: type === 'third_party' });
    const charge = row.integer('charge_minor', { required: true });
    const vat = row.integer('vat_minor', { required: true });
    if (row.errors.length > 0 || !account || !route || msisdn === undefined) return undefined;
    route.tally.add(
      type as string,
      destination ?? '',
      called?.e164 ?? '',
      duration ?? 0,
      volume ?? 0,
      charge as number,
      vat as number,
    );
    values.clear();
    values.set('msisdn', msisdn);
    values.set('record_type', type as string);
    values.set('started_at', startedAt as string);
    if (called) values.set('called_number', called.e164);
    if (destination) values.set('destination_class', destination);
    if (country) values.set('country', country);
    if (duration !== undefined) values.set('duration_s', String(duration));
    if (volume !== undefined) values.set('volume_bytes', String(volume));
    if (description) values.set('description', description);
    values.set('charge_minor', String(charge));
    values.set('vat_minor', String(vat));
    let out = route.prefix.slice(0, -1);
    for (let index = 3; index < columns.length; index += 1) {
      out += `,${csvField(values.get(columns[index] as string))}`;
    }
    return `${out}\n`;
  };

  async function* rows(): AsyncGenerator<string> {
    let chunk = '';
    let count = 0;
    let line = 1;
    let failed = false;
    for await (const batch of csv.batches) {
      for (const text of batch) {
        line += 1;
        if (text === '') continue;
        const copy = fast(text) ?? slow(line, text);
        if (copy === undefined) {
          for (const error of row.errors) options.onError(error);
          if (!options.skipInvalid) failed = true;
          continue;
        }
        if (failed) continue;
        chunk += copy;
        count += 1;
      }
      if (chunk.length >= CHUNK_CHARS) {
        options.onRow?.(count, bytes);
        yield chunk;
        chunk = '';
      }
    }
    options.onRow?.(count, bytes);
    if (chunk !== '' && !failed) yield chunk;
  }
  return { columns, rows: rows() };
}

/** A value as a CSV field: absent is an empty (NULL) field; anything special is quoted. */
function csvField(value: string | undefined): string {
  if (value === undefined) return '';
  return /[",\r\n\\]/.test(value) || value === '' ? `"${value.replace(/"/g, '""')}"` : value;
}
