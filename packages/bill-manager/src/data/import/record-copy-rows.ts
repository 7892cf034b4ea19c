import { parsePhoneNumber } from '@linekeeper/identity-core';
import { DESTINATION_CLASSES, RECORD_TYPES } from '../schema.js';
import { openCsv } from './csv-reader.js';
import { BILL_RUN_FILES } from './read-bill-run-files.js';
import { RowContext, type RowError, readHeader } from './row-context.js';
import type { RunSummaries } from './run-summaries.js';

/** Columns of `itemised_records` that the COPY fills, in order. */
export const RECORD_COPY_COLUMNS = [
  'import_id',
  'tenant_id',
  'bill_run_id',
  'msisdn',
  'record_type',
  'started_at',
  'called_number',
  'destination_class',
  'country',
  'duration_s',
  'volume_bytes',
  'description',
  'charge_minor',
  'vat_minor',
] as const;

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
 * Reads `records.csv`, checks every row, and yields the valid ones as COPY text. A row with an
 * error is reported through `onError`; without `skipInvalid`, output stops at the first error
 * (the caller rejects the file) but checking goes on, so every bad row is reported.
 *
 * Each row first goes through a fast check that accepts only the canonical form (E.164, no
 * padding); anything else takes the slow path, which accepts what it can and names what it
 * cannot. Both produce the same COPY line for the same valid row.
 */
export async function* recordCopyRows(options: RecordCopyOptions): AsyncGenerator<string> {
  const file = BILL_RUN_FILES.records;
  let bytes = 0;
  const csv = await openCsv(options.path, (read) => {
    bytes += read;
  });
  const header = readHeader(
    file,
    csv.header,
    ['account_number', 'msisdn', 'record_type', 'started_at', 'charge_minor', 'vat_minor'],
    ['called_number', 'destination_class', 'country', 'duration_s', 'volume_bytes', 'description'],
  );
  for (const error of header.errors) options.onError(error);
  if (header.errors.length > 0) return;
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
  const [
    iAccount,
    iMsisdn,
    iType,
    iStarted,
    iCalled,
    iDestination,
    iCountry,
    iDuration,
    iVolume,
    iDescription,
  ] = [
    'account_number',
    'msisdn',
    'record_type',
    'started_at',
    'called_number',
    'destination_class',
    'country',
    'duration_s',
    'volume_bytes',
    'description',
  ].map(col) as number[] as [number, number, number, number, number, number, number, number, number, number];
  const iCharge = col('charge_minor');
  const iVat = col('vat_minor');
  const width = csv.header.length;
  const prefix = `${options.importId}\t`;
  const copyLine = (
    account: { tenantId: string; billRunId: string },
    msisdn: string,
    type: string,
    startedAt: string,
    called: string,
    destination: string,
    country: string,
    duration: string,
    volume: string,
    description: string,
    charge: string,
    vat: string,
  ) => {
    options.summaries.add(
      account,
      msisdn,
      type,
      destination,
      called,
      duration === '' ? 0 : Number(duration),
      volume === '' ? 0 : Number(volume),
      Number(charge),
      Number(vat),
    );
    return `${prefix}${account.tenantId}\t${account.billRunId}\t${msisdn}\t${type}\t${startedAt}\t${called || '\\N'}\t${
      destination || '\\N'
    }\t${country || '\\N'}\t${duration || '\\N'}\t${volume || '\\N'}\t${
      description === '' ? '\\N' : copyText(description)
    }\t${charge}\t${vat}\n`;
  };

  /** The canonical row, checked without allocation; undefined sends it to the slow path. */
  const fast = (f: readonly string[]): string | undefined => {
    if (f.length !== width) return undefined;
    const accountNumber = f[iAccount] as string;
    const account = options.accounts.get(accountNumber);
    const msisdn = f[iMsisdn] as string;
    const type = f[iType] as string;
    const startedAt = f[iStarted] as string;
    if (
      !account ||
      options.lineAccounts.get(msisdn) !== accountNumber ||
      !TYPES.has(type) ||
      !validTime(startedAt)
    ) {
      return undefined;
    }
    const voice = type === 'voice';
    const calledText = iCalled < 0 ? '' : (f[iCalled] as string);
    const called = calledText === '' ? null : lookUp(calledText);
    if (calledText === '' ? voice : called === null) return undefined;
    const destination = iDestination < 0 ? '' : (f[iDestination] as string);
    if (destination === '' ? voice : !DESTINATIONS.has(destination)) return undefined;
    let country = iCountry < 0 ? '' : (f[iCountry] as string);
    if (country !== '' && !COUNTRY.test(country)) return undefined;
    if (country === '' && called) country = called.country;
    const duration = iDuration < 0 ? '' : (f[iDuration] as string);
    if (duration === '' ? voice : !DURATION.test(duration)) return undefined;
    const volume = iVolume < 0 ? '' : (f[iVolume] as string);
    if (volume === '' ? type === 'data' : !VOLUME.test(volume)) return undefined;
    const description = iDescription < 0 ? '' : (f[iDescription] as string);
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
    return copyLine(
      account,
      msisdn,
      type,
      startedAt,
      called?.e164 ?? '',
      destination,
      country,
      duration,
      volume,
      description,
      charge,
      vat,
    );
  };

  const row = new RowContext(file, header.columns);
  /** Every check again, naming each bad field; a valid row in a non-canonical form is accepted. */
  const slow = (line: number, f: readonly string[]): string | undefined => {
    row.reset(line, f);
    if (f.length !== width) row.error('(row)', `has ${f.length} fields where the header has ${width}`);
    const accountNumber = row.text('account_number', { required: true, max: 64 });
    const account = accountNumber === undefined ? undefined : options.accounts.get(accountNumber);
    if (accountNumber !== undefined && !account)
      row.error('account_number', 'has no invoice in bill-run.csv');
    const written = row.text('msisdn', { required: true, max: 64 });
    const msisdn =
      written === undefined ? undefined : options.lineAccounts.has(written) ? written : lookUp(written)?.e164;
    if (
      written !== undefined &&
      (msisdn === undefined || options.lineAccounts.get(msisdn) !== accountNumber)
    ) {
      row.error('msisdn', 'is not a line of this account in accounts.csv');
    }
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
    if (row.errors.length > 0 || !account || msisdn === undefined) return undefined;
    return copyLine(
      account,
      msisdn,
      type as string,
      startedAt as string,
      called?.e164 ?? '',
      destination ?? '',
      country ?? '',
      duration === undefined ? '' : String(duration),
      volume === undefined ? '' : String(volume),
      description ?? '',
      String(charge),
      String(vat),
    );
  };

  let chunk = '';
  let rows = 0;
  let failed = false;
  for await (const batch of csv.batches) {
    for (const { line, fields } of batch) {
      const copy = fast(fields) ?? slow(line, fields);
      if (copy === undefined) {
        for (const error of row.errors) options.onError(error);
        if (!options.skipInvalid) failed = true;
        continue;
      }
      if (failed) continue;
      chunk += copy;
      rows += 1;
    }
    if (chunk.length >= CHUNK_CHARS) {
      options.onRow?.(rows, bytes);
      yield chunk;
      chunk = '';
    }
  }
  options.onRow?.(rows, bytes);
  if (chunk !== '' && !failed) yield chunk;
}

/** Escapes a value for COPY's text format. */
export function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (char) =>
    char === '\\' ? '\\\\' : char === '\t' ? '\\t' : char === '\n' ? '\\n' : '\\r',
  );
}
