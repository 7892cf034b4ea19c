import { parsePhoneNumber } from '@linekeeper/identity-core';
import { DESTINATION_CLASSES, RECORD_TYPES } from '../schema.js';
import { CopyTupleWriter } from './copy-tuple-writer.js';
import { openCsvChunks, splitCsvLine } from './csv-reader.js';
import { IsoTimeParser } from './iso-time-parser.js';
import { BILL_RUN_FILES } from './read-bill-run-files.js';
import { type CanonicalRow, readCanonicalRow } from './read-canonical-row.js';
import { RowContext, type RowError, readHeader } from './row-context.js';
import { DESTINATION_CODE, type LineTally, RECORD_TYPE_CODE, type RunSummaries } from './run-summaries.js';

const REQUIRED = ['account_number', 'msisdn', 'record_type', 'started_at', 'charge_minor', 'vat_minor'];
const OPTIONAL = [
  'called_number',
  'destination_class',
  'country',
  'duration_s',
  'volume_bytes',
  'description',
];
/** The staging table's columns, in the order every tuple carries them. */
const COLUMNS = [
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
  'id',
] as const;
// A record's id is its import's id above 32 bits and its place in the import below: unique
// across imports, in file order, with no sequence to draw from per row (which cost the COPY
// a tenth of its time). Ids stay below 2^53, exact as JavaScript numbers, for 2^21 imports.
const ROWS_PER_IMPORT = 2 ** 32;
const MAX_IMPORT_ID = 2 ** 21;

/** What `openRecordCopy` hands the COPY: its column list (binary format) and the tuples. */
export interface RecordCopy {
  readonly columns: readonly string[];
  readonly rows: AsyncIterable<Buffer>;
}

export interface RecordCopyOptions {
  readonly path: string;
  /** Account number → where its records go. */
  readonly accounts: ReadonlyMap<string, { readonly tenantId: string; readonly billRunId: string }>;
  /** E.164 number → the account number it belongs to. */
  readonly lineAccounts: ReadonlyMap<string, string>;
  readonly skipInvalid: boolean;
  readonly onError: (error: RowError) => void;
  readonly onRow?: (rows: number, bytes: number) => void;
  /** The import's totals per line and called number, added up as rows go by. */
  readonly summaries: RunSummaries;
}

/** Where one line's records go: its account, its bill run's fixed fields, its tally. */
export interface LineRoute {
  readonly accountNumber: string;
  /** import_id, tenant_id and bill_run_id as binary COPY fields. */
  readonly fixed: Buffer;
  readonly tally: LineTally;
}

const COUNTRY = /^[A-Z]{2}$/;
const MAX_DURATION_S = 999_999_999;
// Called numbers repeat a great deal; parsing each once keeps validation off the critical path.
const NUMBER_CACHE_LIMIT = 200_000;

type CalledNumber = { e164: string; country: string } | null;

/**
 * Reads `records.csv`'s header and returns the binary COPY that loads it: import, tenant, bill
 * run, then the record's fields. Every row is checked; the valid ones are written as binary
 * tuples, the bad ones reported through `onError`. Without `skipInvalid`, output stops at the
 * first error (the caller rejects the file) but checking goes on, so every bad row is reported.
 *
 * A row in canonical form (plain ASCII, no quotes, E.164 numbers, no padding) is checked and
 * written straight from the file's bytes (`readCanonicalRow`); anything else takes the slow
 * path, which accepts what it can, names what it cannot, and writes the same tuple the
 * canonical form of that row would have made.
 */
export async function openRecordCopy(options: RecordCopyOptions): Promise<RecordCopy> {
  const file = BILL_RUN_FILES.records;
  let bytes = 0;
  const csv = await openCsvChunks(options.path, (read) => {
    bytes += read;
  });
  const header = readHeader(file, csv.header, REQUIRED, OPTIONAL);
  for (const error of header.errors) options.onError(error);
  if (header.errors.length > 0) return { columns: COLUMNS, rows: (async function* () {})() };

  const numbers = new Map<string, CalledNumber>();
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
              fixed: options.summaries.fixedFields(account),
              tally: options.summaries.line(account, msisdn),
            }
          : null;
      routes.set(msisdn, route);
    }
    return route?.accountNumber === accountNumber ? route : undefined;
  };
  const importId = options.summaries.importId;
  if (!Number.isSafeInteger(importId) || importId < 1 || importId >= MAX_IMPORT_ID) {
    throw new RangeError(`import id ${importId} is outside the range record ids can carry`);
  }
  let ordinal = 0;
  const nextId = () => {
    ordinal += 1;
    if (ordinal >= ROWS_PER_IMPORT) throw new RangeError('an import holds at most 2^32 - 1 records');
    return importId * ROWS_PER_IMPORT + ordinal;
  };
  const writer = new CopyTupleWriter();
  const time = new IsoTimeParser();
  const canonical: CanonicalRow = readCanonicalRow({
    header: header.columns,
    width: csv.header.length,
    writer,
    time,
    routeOf,
    // A line of the run is a checked E.164 number already.
    isE164: (value) => options.lineAccounts.has(value) || lookUp(value)?.e164 === value,
    nextId,
  });

  const width = csv.header.length;
  const row = new RowContext(file, header.columns);
  /** Every check again, naming each bad field; a valid row in a non-canonical form is accepted. */
  const slow = (line: number, text: string): boolean => {
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
    const ascii = startedAt === undefined ? undefined : Buffer.from(startedAt, 'utf8');
    if (ascii && (ascii.length !== startedAt?.length || !time.parse(ascii, 0, ascii.length))) {
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
    if (duration !== undefined && duration > MAX_DURATION_S) row.error('duration_s', 'is too large');
    const volume = row.integer('volume_bytes', { required: type === 'data', min: 0 });
    const description = row.text('description', { required: type === 'third_party' });
    const charge = row.integer('charge_minor', { required: true });
    const vat = row.integer('vat_minor', { required: true });
    if (row.errors.length > 0 || !route || msisdn === undefined || type === undefined) return false;
    const typeCode = RECORD_TYPE_CODE.get(type) ?? 0;
    const destinationCode = destination === undefined ? 0 : (DESTINATION_CODE.get(destination) ?? 0);
    route.tally.add(
      typeCode,
      destinationCode,
      called?.e164 ?? '',
      duration ?? 0,
      volume ?? 0,
      charge as number,
      vat as number,
    );
    writer.reserve(4 * text.length + 1024);
    writer.tuple(COLUMNS.length);
    writer.raw(route.fixed);
    writer.text(msisdn);
    writer.text(type);
    writer.timestamp(time.seconds, time.micros);
    writer.text(called?.e164);
    writer.text(destination);
    writer.text(country);
    if (duration === undefined) writer.null();
    else writer.int4(duration);
    if (volume === undefined) writer.null();
    else writer.int8(volume);
    writer.text(description);
    writer.int8(charge as number);
    writer.int8(vat as number);
    writer.int8(nextId());
    return true;
  };

  async function* rows(): AsyncGenerator<Buffer> {
    let count = 0;
    let line = 1;
    let failed = false;
    for await (const chunk of csv.chunks) {
      let start = 0;
      while (start < chunk.length) {
        const end = canonical.scan(chunk, start);
        line += 1;
        // A blank line is skipped, but it keeps its number.
        if (canonical.blank) {
          start = end + 1;
          continue;
        }
        if (!canonical.write(chunk)) {
          const text = chunk.toString('utf8', start, canonical.lineEnd);
          if (!slow(line, text)) {
            for (const error of row.errors) options.onError(error);
            if (!options.skipInvalid) failed = true;
            start = end + 1;
            continue;
          }
        }
        count += 1;
        start = end + 1;
      }
      options.onRow?.(count, bytes);
      const tuples = writer.take();
      // Without skipInvalid a bad row ends the output: the caller rejects the file.
      if (!failed) yield* tuples;
    }
  }
  return { columns: COLUMNS, rows: rows() };
}
