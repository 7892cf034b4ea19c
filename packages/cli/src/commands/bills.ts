import { resolve } from 'node:path';
import {
  billManagerConfigSchema,
  createBillDatabase,
  createImportProgressBar,
  type ImportReport,
  importBillRun,
} from '@linekeeper/bill-manager';
import { LineKeeperError, parseConfig, readConfigFile } from '@linekeeper/identity-core';
import type { Command } from 'commander';

interface ImportCommandOptions {
  skipInvalid?: boolean;
  databaseUrl?: string;
  pgliteDir?: string;
  config?: string;
  json?: boolean;
}

/** Adds `linekeeper bills import DIR`: the operator's batch upload of one bill run. */
export function addBillsCommand(program: Command): void {
  const bills = program.command('bills').description('Bill Manager: billing data for business customers');
  bills
    .command('import')
    .description('import a bill run (bill-run.csv, accounts.csv, records.csv) from DIR, without downtime')
    .argument('<dir>', 'directory holding the bill run files')
    .option('--skip-invalid', 'load the valid rows and report the bad ones, instead of rejecting the file')
    .option('--database-url <url>', 'PostgreSQL URL (default: PGlite in .linekeeper/bill-manager)')
    .option('--pglite-dir <dir>', 'PGlite data directory')
    .option('--config <file>', 'YAML or JSON config file (billManager settings)')
    .option('--json', 'print the import report as JSON')
    .action(async (dir: string, options: ImportCommandOptions) => {
      const raw = readConfigFile(options.config);
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        throw new LineKeeperError('ERR_CONFIG_INVALID', `config file ${options.config} must hold a mapping`);
      }
      const merged: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
      if (options.databaseUrl !== undefined) merged.databaseUrl = options.databaseUrl;
      if (options.pgliteDir !== undefined) merged.pgliteDir = options.pgliteDir;
      const config = parseConfig(billManagerConfigSchema, merged, options.config ?? 'command line');
      const database = await createBillDatabase(
        config.databaseUrl ? { databaseUrl: config.databaseUrl } : { pgliteDir: resolve(config.pgliteDir) },
      );
      const bar = createImportProgressBar(process.stderr);
      let report: ImportReport;
      try {
        report = await importBillRun(database, resolve(dir), {
          skipInvalid: options.skipInvalid === true,
          onProgress: bar.onProgress,
        });
      } finally {
        bar.stop();
        await database.close();
      }
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
      if (report.status === 'rejected') process.exitCode = 1;
    });
}

function describe(report: ImportReport): string {
  const lines: string[] = [];
  if (report.status === 'published') {
    lines.push(
      `published import ${report.importId}: ${report.invoices} invoices, ${report.lines} lines, ${report.records} records`,
    );
  } else if (report.status === 'duplicate') {
    lines.push(`already imported (import ${report.importId}, same content): nothing changed`);
  } else {
    lines.push('rejected: nothing was changed');
  }
  for (const error of report.errors) {
    lines.push(`  ${error.file}:${error.line}: ${error.field} ${error.message}`);
  }
  if (report.errorCount > report.errors.length) {
    lines.push(`  … and ${report.errorCount - report.errors.length} more`);
  }
  if (report.status === 'published' && report.errorCount > 0)
    lines.push(`skipped ${report.errorCount} invalid rows`);
  for (const warning of report.warnings) {
    lines.push(`  warning ${warning.file}:${warning.line}: ${warning.field} ${warning.message}`);
  }
  return `${lines.join('\n')}\n`;
}
