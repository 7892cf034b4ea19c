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
 * summaries cost no second scan of millions of rows.
 */
export class RunSummaries {
  readonly #lines = new Map<string, LineSummary>();
  readonly #called = new Map<string, CalledSummary>();

  add(
    account: { readonly tenantId: string; readonly billRunId: string },
    msisdn: string,
    recordType: string,
    destinationClass: string,
    calledNumber: string,
    durationS: number,
    volumeBytes: number,
    chargeMinor: number,
    vatMinor: number,
  ): void {
    const key = `${account.billRunId}|${msisdn}|${recordType}|${destinationClass}`;
    let line = this.#lines.get(key);
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
      this.#lines.set(key, line);
    }
    line.records += 1;
    line.durationS += durationS;
    line.volumeBytes += volumeBytes;
    line.chargeMinor += chargeMinor;
    line.vatMinor += vatMinor;
    if (calledNumber === '') return;
    const calledKey = `${account.billRunId}|${calledNumber}`;
    let called = this.#called.get(calledKey);
    if (!called) {
      called = {
        tenantId: account.tenantId,
        billRunId: account.billRunId,
        calledNumber,
        calls: 0,
        durationS: 0,
        chargeMinor: 0,
      };
      this.#called.set(calledKey, called);
    }
    called.calls += 1;
    called.durationS += durationS;
    called.chargeMinor += chargeMinor;
  }

  /** Charge, VAT and record count per bill run. */
  totals(): Map<string, { charge: number; vat: number; records: number }> {
    const totals = new Map<string, { charge: number; vat: number; records: number }>();
    for (const line of this.#lines.values()) {
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
    for (const s of this.#lines.values()) {
      yield `${s.tenantId}\t${s.billRunId}\t${s.msisdn}\t${s.recordType}\t${s.destinationClass}\t${s.records}\t${s.durationS}\t${s.volumeBytes}\t${s.chargeMinor}\t${s.vatMinor}\n`;
    }
  }

  /** Rows for COPY into `called_number_summaries` (its columns, in table order). */
  *calledRows(): Generator<string> {
    for (const s of this.#called.values()) {
      yield `${s.tenantId}\t${s.billRunId}\t${s.calledNumber}\t${s.calls}\t${s.durationS}\t${s.chargeMinor}\n`;
    }
  }
}
