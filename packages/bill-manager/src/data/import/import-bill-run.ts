import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { billError } from '../../errors.js';
import type { BillDatabase } from '../create-bill-database.js';
import { checkStagedRun } from './check-staged-run.js';
import { contentHash } from './content-hash.js';
import { publishStagedRun } from './publish-bill-run.js';
import { BILL_RUN_FILES, readInvoices, readLines } from './read-bill-run-files.js';
import { openRecordCopy } from './record-copy-rows.js';
import type { RowError } from './row-context.js';
import { RunSummaries } from './run-summaries.js';
import { createStagingTable, discardImport, knownLines, stageBillRun } from './stage-bill-run.js';

export type ImportPhase = 'hashing' | 'validating' | 'loading' | 'checking' | 'publishing' | 'done';

export interface ImportProgress {
  readonly phase: ImportPhase;
  /** Records loaded so far, and bytes of `records.csv` read of its total. */
  readonly records: number;
  readonly bytesRead: number;
  readonly totalBytes: number;
}

export interface ImportOptions {
  /** Load the valid rows and report the rest, instead of rejecting a file with errors. */
  readonly skipInvalid?: boolean;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** At most this many row errors are kept in the report (default 1,000); all are counted. */
  readonly maxReportedErrors?: number;
}

export interface ImportReport {
  readonly status: 'published' | 'duplicate' | 'rejected';
  readonly contentHash: string;
  readonly importId: number | undefined;
  readonly invoices: number;
  readonly lines: number;
  readonly records: number;
  /** Bad rows, in file order (capped); `errorCount` counts them all. */
  readonly errors: readonly RowError[];
  readonly errorCount: number;
  /** Accounts whose records do not add up because `skipInvalid` left rows out. */
  readonly warnings: readonly RowError[];
}

/**
 * Imports one bill run from a directory (`bill-run.csv`, `accounts.csv`, `records.csv`):
 * hash → lock → skip if already published → clear abandoned imports → validate invoices and
 * lines → stage → COPY records → index, summarise, check totals → publish in one transaction.
 */
export async function importBillRun(
  database: BillDatabase,
  dir: string,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const paths = {
    manifest: join(dir, BILL_RUN_FILES.manifest),
    accounts: join(dir, BILL_RUN_FILES.accounts),
    records: join(dir, BILL_RUN_FILES.records),
  };
  const totalBytes = await fileSize(paths.records);
  await Promise.all([fileSize(paths.manifest), fileSize(paths.accounts)]);
  const progress = (phase: ImportPhase, records = 0, bytesRead = 0) =>
    options.onProgress?.({ phase, records, bytesRead, totalBytes });
  const maxErrors = options.maxReportedErrors ?? 1000;
  const errors: RowError[] = [];
  let errorCount = 0;
  const report = (error: RowError) => {
    errorCount += 1;
    if (errors.length < maxErrors) errors.push(error);
  };
  const skipInvalid = options.skipInvalid === true;

  progress('hashing');
  const hash = await contentHash([paths.manifest, paths.accounts, paths.records]);
  const result = (status: ImportReport['status'], rest: Partial<ImportReport> = {}): ImportReport => ({
    status,
    contentHash: hash,
    importId: undefined,
    invoices: 0,
    lines: 0,
    records: 0,
    errors,
    errorCount,
    warnings: [],
    ...rest,
  });

  return database.withSession(async (session) => {
    if (!(await session.tryImportLock())) {
      throw billError('ERR_BILL_IMPORT_BUSY', 'another import is running; try again when it has finished');
    }
    const db = session.db;
    const published = await db
      .selectFrom('imports')
      .select('id')
      .where('content_hash', '=', hash)
      .where('status', '=', 'published')
      .executeTakeFirst();
    if (published) return result('duplicate', { importId: published.id });
    // Holding the lock, any import still `staging` died mid-way: clear it before starting.
    const abandoned = await db.selectFrom('imports').select('id').where('status', '=', 'staging').execute();
    for (const { id } of abandoned) await discardImport(db, id, 'abandoned');

    progress('validating');
    const fileErrors: RowError[] = [];
    const invoices = await readInvoices(paths.manifest, fileErrors);
    const lines = await readLines(paths.accounts, fileErrors, (numbers) => knownLines(db, numbers));
    const invoiced = new Set(invoices.map((invoice) => invoice.accountNumber));
    const listed = new Set(lines.map((line) => line.accountNumber));
    for (const invoice of invoices) {
      if (!listed.has(invoice.accountNumber)) {
        fileErrors.push({ ...at('bill-run.csv', invoice.line), message: 'has no lines in accounts.csv' });
      }
    }
    for (const line of lines) {
      if (!invoiced.has(line.accountNumber)) {
        fileErrors.push({ ...at('accounts.csv', line.line), message: 'has no invoice in bill-run.csv' });
      }
    }
    for (const error of fileErrors) report(error);
    // The invoice file is the run itself: an error in it is never skipped.
    const manifestBroken = fileErrors.some((error) => error.file === BILL_RUN_FILES.manifest);
    if (invoices.length === 0 || manifestBroken || (errorCount > 0 && !skipInvalid))
      return result('rejected');

    const staged = await stageBillRun(db, hash, invoices, lines, errors);
    errorCount = Math.max(errorCount, errors.length);
    if (errors.some((error) => error.message === 'belongs to another company') && !skipInvalid) {
      await discardImport(db, staged.importId, 'failed');
      return result('rejected', { importId: staged.importId });
    }
    const lineAccounts = new Map(lines.map((line) => [line.msisdn, line.accountNumber]));
    const accounts = staged.accounts;
    let records = 0;
    const summaries = new RunSummaries(staged.importId);
    progress('loading');
    const copy = await openRecordCopy({
      path: paths.records,
      accounts,
      lineAccounts,
      skipInvalid,
      summaries,
      onError: report,
      onRow: (rows, bytes) => {
        records = rows;
        progress('loading', rows, bytes);
      },
    });
    let stored: number;
    if (database.kind === 'postgres') {
      // One transaction: the COPY runs on the session's connection, inside it.
      stored = await db.transaction().execute(async (trx) => {
        await createStagingTable(trx, staged);
        return session.copyFrom(staged.stagingTable, copy.columns, copy.rows, { binary: true, freeze: true });
      });
    } else {
      // PGlite's COPY reads a server-side blob (superuser only) on its one connection.
      await db.transaction().execute((trx) => createStagingTable(trx, staged));
      stored = await session.copyFrom(staged.stagingTable, copy.columns, copy.rows, { binary: true });
    }
    if (errorCount > 0 && !skipInvalid) {
      await discardImport(db, staged.importId, 'failed');
      return result('rejected', { importId: staged.importId });
    }

    progress('checking', records, totalBytes);
    const mismatches = await checkStagedRun(session, database, staged, invoices, summaries, {
      sent: records,
      stored,
    });
    // With rows skipped on request the totals cannot add up, and that is reported, not fatal.
    const fatal = errorCount > 0 && skipInvalid ? [] : mismatches;
    if (fatal.length > 0) {
      for (const mismatch of fatal) report(mismatch);
      await discardImport(db, staged.importId, 'failed');
      return result('rejected', { importId: staged.importId });
    }
    progress('publishing', records, totalBytes);
    await publishStagedRun(db, staged, lines);
    progress('done', records, totalBytes);
    return result('published', {
      importId: staged.importId,
      invoices: accounts.size,
      lines: lines.length,
      records,
      warnings: fatal === mismatches ? [] : mismatches,
    });
  });
}

function at(file: string, line: number): Pick<RowError, 'file' | 'line' | 'field'> {
  return { file, line, field: 'account_number' };
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (cause) {
    throw billError('ERR_BILL_IMPORT_FILES', `cannot read ${path}`, { where: path, cause });
  }
}
