import { DESTINATION_CLASSES, RECORD_TYPES } from '../schema.js';
import { CopyTupleWriter, fixedFields } from './copy-tuple-writer.js';

/** One line's totals for one record type and destination class in one bill run. */
export interface LineSummary {
  readonly billRunId: string;
  readonly msisdn: string;
  readonly recordType: string;
  readonly destinationClass: string;
  records: number;
  durationS: number;
  volumeBytes: number;
  chargeMinor: number;
  vatMinor: number;
}

/** One called number's totals in one bill run. */
export interface CalledSummary {
  readonly billRunId: string;
  readonly calledNumber: string;
  calls: number;
  durationS: number;
  chargeMinor: number;
}

/** A record type's code: its index in `RECORD_TYPES`. */
export const RECORD_TYPE_CODE: ReadonlyMap<string, number> = new Map(
  RECORD_TYPES.map((type, i) => [type, i]),
);
/** A destination class's code: its index in `DESTINATION_CLASSES` plus one; 0 is none. */
export const DESTINATION_CODE: ReadonlyMap<string, number> = new Map(
  DESTINATION_CLASSES.map((destination, i) => [destination, i + 1]),
);
const CELLS_PER_TYPE = DESTINATION_CLASSES.length + 1;
const YIELD_BYTES = 256 * 1024;

/**
 * Adds one record of a line: type and destination by code (`RECORD_TYPE_CODE`,
 * `DESTINATION_CODE`), `calledNumber` '' when absent.
 */
export interface LineTally {
  add(
    recordType: number,
    destinationClass: number,
    calledNumber: string,
    durationS: number,
    volumeBytes: number,
    chargeMinor: number,
    vatMinor: number,
  ): void;
}

interface Run {
  /** import_id, tenant_id and bill_run_id as binary COPY fields. */
  readonly fixed: Buffer;
  readonly lines: LineSummary[];
  readonly called: Map<string, CalledSummary>;
}

/**
 * Per-line and per-called-number totals of an import's bill runs, added up while its records
 * stream into the staging table (they pass through here anyway), so the check and the reading
 * queries' summaries cost no second scan of millions of rows. Rows are added through a
 * `LineTally` (one per line, found once per row by the caller): no key is built per row.
 */
export class RunSummaries {
  readonly #runs = new Map<string, Run>();

  constructor(readonly importId: number) {}

  /** The import, tenant and bill run of an account's rows, as binary COPY fields. */
  fixedFields(account: { readonly tenantId: string; readonly billRunId: string }): Buffer {
    return this.#run(account).fixed;
  }

  /** The tally of one line of one bill run; keep it and call `add` for each of its records. */
  line(account: { readonly tenantId: string; readonly billRunId: string }, msisdn: string): LineTally {
    const run = this.#run(account);
    const cells: (LineSummary | undefined)[] = [];
    return {
      add(recordType, destinationClass, calledNumber, durationS, volumeBytes, chargeMinor, vatMinor) {
        const key = recordType * CELLS_PER_TYPE + destinationClass;
        let line = cells[key];
        if (!line) {
          line = {
            billRunId: account.billRunId,
            msisdn,
            recordType: RECORD_TYPES[recordType] ?? '',
            destinationClass: destinationClass === 0 ? '' : (DESTINATION_CLASSES[destinationClass - 1] ?? ''),
            records: 0,
            durationS: 0,
            volumeBytes: 0,
            chargeMinor: 0,
            vatMinor: 0,
          };
          cells[key] = line;
          run.lines.push(line);
        }
        line.records += 1;
        line.durationS += durationS;
        line.volumeBytes += volumeBytes;
        line.chargeMinor += chargeMinor;
        line.vatMinor += vatMinor;
        if (calledNumber === '') return;
        let sum = run.called.get(calledNumber);
        if (!sum) {
          sum = { billRunId: account.billRunId, calledNumber, calls: 0, durationS: 0, chargeMinor: 0 };
          run.called.set(calledNumber, sum);
        }
        sum.calls += 1;
        sum.durationS += durationS;
        sum.chargeMinor += chargeMinor;
      },
    };
  }

  /** Charge, VAT and record count per bill run. */
  totals(): Map<string, { charge: number; vat: number; records: number }> {
    const totals = new Map<string, { charge: number; vat: number; records: number }>();
    for (const line of this.lineSummaries()) {
      const sum = totals.get(line.billRunId) ?? { charge: 0, vat: 0, records: 0 };
      sum.charge += line.chargeMinor;
      sum.vat += line.vatMinor;
      sum.records += line.records;
      totals.set(line.billRunId, sum);
    }
    return totals;
  }

  *lineSummaries(): Generator<LineSummary> {
    for (const run of this.#runs.values()) yield* run.lines;
  }

  *calledSummaries(): Generator<CalledSummary> {
    for (const run of this.#runs.values()) yield* run.called.values();
  }

  /** Binary COPY tuples for `line_summaries`, in `LINE_SUMMARY_COLUMNS` order. */
  *lineTuples(): Generator<Buffer> {
    const writer = new CopyTupleWriter();
    for (const run of this.#runs.values()) {
      for (const s of run.lines) {
        writer.reserve(512);
        writer.tuple(LINE_SUMMARY_COLUMNS.length);
        writer.raw(run.fixed);
        writer.text(s.msisdn);
        writer.text(s.recordType);
        writer.text(s.destinationClass);
        writer.int4(s.records);
        writer.int8(s.durationS);
        writer.int8(s.volumeBytes);
        writer.int8(s.chargeMinor);
        writer.int8(s.vatMinor);
      }
      if (writer.pending >= YIELD_BYTES) yield* writer.take();
    }
    yield* writer.take();
  }

  /**
   * Binary COPY tuples for `called_number_summaries`, in `CALLED_SUMMARY_COLUMNS` order: one per
   * bill run, its called numbers and their totals as arrays in step.
   */
  *calledTuples(): Generator<Buffer> {
    const writer = new CopyTupleWriter();
    const text = (value: string) => writer.text(value);
    const int4 = (value: number) => writer.int4(value);
    const int8 = (value: number) => writer.int8(value);
    for (const run of this.#runs.values()) {
      if (run.called.size === 0) continue;
      const sums = [...run.called.values()];
      // A number's bytes, its length and the three totals' fields, with room to spare.
      writer.reserve(256 + sums.length * (4 * 64 + 8 + 12 + 12));
      writer.tuple(CALLED_SUMMARY_COLUMNS.length);
      writer.raw(run.fixed);
      writer.array(
        'text',
        sums.map((sum) => sum.calledNumber),
        text,
      );
      writer.array(
        'int4',
        sums.map((sum) => sum.calls),
        int4,
      );
      writer.array(
        'int8',
        sums.map((sum) => sum.durationS),
        int8,
      );
      writer.array(
        'int8',
        sums.map((sum) => sum.chargeMinor),
        int8,
      );
      if (writer.pending >= YIELD_BYTES) yield* writer.take();
    }
    yield* writer.take();
  }

  #run(account: { readonly tenantId: string; readonly billRunId: string }): Run {
    let run = this.#runs.get(account.billRunId);
    if (!run) {
      run = {
        fixed: fixedFields([
          { int8: this.importId },
          { uuid: account.tenantId },
          { uuid: account.billRunId },
        ]),
        lines: [],
        called: new Map(),
      };
      this.#runs.set(account.billRunId, run);
    }
    return run;
  }
}

export const LINE_SUMMARY_COLUMNS = [
  'import_id',
  'tenant_id',
  'bill_run_id',
  'msisdn',
  'record_type',
  'destination_class',
  'records',
  'duration_s',
  'volume_bytes',
  'charge_minor',
  'vat_minor',
] as const;

export const CALLED_SUMMARY_COLUMNS = [
  'import_id',
  'tenant_id',
  'bill_run_id',
  'called_numbers',
  'calls',
  'duration_s',
  'charge_minor',
] as const;
