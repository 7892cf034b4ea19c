interface LineSummary {
  tenantId: string;
  billRunId: string;
  msisdn: string;
  recordType: string;
  destinationClass: string;
  records: number;
  durationS: number;
  volumeBytes: number;
  chargeMinor: number;
  vatMinor: number;
}

/** Adds one record of a line; `destinationClass` and `calledNumber` are '' when absent. */
export interface LineTally {
  add(
    recordType: string,
    destinationClass: string,
    calledNumber: string,
    durationS: number,
    volumeBytes: number,
    chargeMinor: number,
    vatMinor: number,
  ): void;
}

interface CalledSummary {
  tenantId: string;
  billRunId: string;
  calledNumber: string;
  calls: number;
  durationS: number;
  chargeMinor: number;
}

/**
 * Per-line and per-called-number totals of a bill run, added up while its records stream into
 * the staging table (they pass through here anyway), so the check and the reading queries'
 * summaries cost no second scan of millions of rows. Rows are added through a `LineTally` (one
 * per line, found once per row by the caller): no key is built per row.
 */
export class RunSummaries {
  readonly #lines: LineSummary[] = [];
  /** Bill run id → called number → totals. */
  readonly #called = new Map<string, Map<string, CalledSummary>>();

  /** The tally of one line of one bill run; keep it and call `add` for each of its records. */
  line(account: { readonly tenantId: string; readonly billRunId: string }, msisdn: string): LineTally {
    const cells = new Map<string, LineSummary>();
    let called = this.#called.get(account.billRunId);
    if (!called) {
      called = new Map();
      this.#called.set(account.billRunId, called);
    }
    const calledByRun = called;
    const lines = this.#lines;
    return {
      add(recordType, destinationClass, calledNumber, durationS, volumeBytes, chargeMinor, vatMinor) {
        const key = destinationClass === '' ? recordType : `${recordType}|${destinationClass}`;
        let line = cells.get(key);
        if (!line) {
          line = {
            tenantId: account.tenantId,
            billRunId: account.billRunId,
            msisdn,
            recordType,
            destinationClass,
            records: 0,
            durationS: 0,
            volumeBytes: 0,
            chargeMinor: 0,
            vatMinor: 0,
          };
          cells.set(key, line);
          lines.push(line);
        }
        line.records += 1;
        line.durationS += durationS;
        line.volumeBytes += volumeBytes;
        line.chargeMinor += chargeMinor;
        line.vatMinor += vatMinor;
        if (calledNumber === '') return;
        let sum = calledByRun.get(calledNumber);
        if (!sum) {
          sum = {
            tenantId: account.tenantId,
            billRunId: account.billRunId,
            calledNumber,
            calls: 0,
            durationS: 0,
            chargeMinor: 0,
          };
          calledByRun.set(calledNumber, sum);
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
    for (const line of this.#lines) {
      const sum = totals.get(line.billRunId) ?? { charge: 0, vat: 0, records: 0 };
      sum.charge += line.chargeMinor;
      sum.vat += line.vatMinor;
      sum.records += line.records;
      totals.set(line.billRunId, sum);
    }
    return totals;
  }

  /** Rows for COPY into `line_summaries` (its columns, in table order). */
  *lineRows(): Generator<string> {
    for (const s of this.#lines) {
      yield `${s.tenantId}\t${s.billRunId}\t${s.msisdn}\t${s.recordType}\t${s.destinationClass}\t${s.records}\t${s.durationS}\t${s.volumeBytes}\t${s.chargeMinor}\t${s.vatMinor}\n`;
    }
  }

  /** Rows for COPY into `called_number_summaries` (its columns, in table order). */
  *calledRows(): Generator<string> {
    for (const byNumber of this.#called.values()) {
      for (const s of byNumber.values()) {
        yield `${s.tenantId}\t${s.billRunId}\t${s.calledNumber}\t${s.calls}\t${s.durationS}\t${s.chargeMinor}\n`;
      }
    }
  }
}
