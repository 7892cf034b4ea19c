import { writeFile } from 'node:fs/promises';
import {
  affectedSubscribersCsv,
  appendOnlyGrants,
  applyRetention,
  breachSummary,
  ensurePartition,
  exposureReport,
  formatExposureReport,
  migrateLedger,
  monthOf,
  parseRetention,
  rollupDays,
  verifyLedger,
} from '@linekeeper/ledger';
import { type Command, InvalidArgumentError } from 'commander';
import { type LedgerCliOptions, loadLedgerConfig, openConfiguredLedger } from './ledger-config.js';
import { disclosureAllowedFromPolicyFile } from './ledger-policy-adapter.js';

/** Where the ledger commands write; tests pass their own. */
export interface LedgerCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly now?: () => number;
}

const processIo: LedgerCommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

async function withLedger<T>(
  options: LedgerCliOptions,
  run: (
    ledger: Awaited<ReturnType<typeof openConfiguredLedger>>,
    config: ReturnType<typeof loadLedgerConfig>,
  ) => Promise<T>,
): Promise<T> {
  const config = loadLedgerConfig(options);
  const ledger = await openConfiguredLedger(config);
  try {
    await migrateLedger(ledger.db, config.schema);
    return await run(ledger, config);
  } finally {
    await ledger.close();
  }
}

/** `ledger verify`: exit 0 intact, 1 tampered (every problem listed with its batch and rows). */
export async function runLedgerVerify(
  options: LedgerCliOptions & { json?: boolean },
  io: LedgerCommandIo,
): Promise<number> {
  const report = await withLedger(options, (ledger, config) =>
    verifyLedger({ db: ledger.db, schema: config.schema }),
  );
  if (options.json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    for (const problem of report.problems) {
      const seqs = problem.seqs?.length ? ` [${problem.seqs.join(', ')}]` : '';
      io.stdout(`${problem.kind}: ${problem.detail}${seqs}\n`);
    }
    io.stderr(
      `ledger ${report.ok ? 'intact' : 'TAMPERED'}: ${report.batches} batches (${report.retiredBatches} retired by retention), ` +
        `${report.rows} rows, ${report.problems.length} problem(s)\n`,
    );
    for (const [instance, head] of Object.entries(report.heads))
      io.stderr(`  head ${instance} #${head.instanceSeq} ${head.batchHash}\n`);
  }
  return report.ok ? 0 : 1;
}

/** `ledger retention`: lists (or with --apply drops) the monthly partitions past the retention. */
export async function runLedgerRetention(
  options: LedgerCliOptions & { apply?: boolean },
  io: LedgerCommandIo,
): Promise<number> {
  const now = io.now?.() ?? Date.now();
  return withLedger(options, async (ledger, config) => {
    const retainMonths = parseRetention(config.retention);
    if (!options.apply) {
      io.stdout(
        `retention ${config.retention}: run with --apply to drop partitions older than ${retainMonths} months\n`,
      );
      return 0;
    }
    const dropped = await applyRetention({ db: ledger.db, schema: config.schema, retainMonths, now });
    for (const d of dropped)
      io.stdout(`dropped ${d.partition} (${d.batches} batches, ${d.rows} rows), anchored\n`);
    io.stderr(`retention ${config.retention}: ${dropped.length} partition(s) dropped\n`);
    return 0;
  });
}

/**
 * `ledger maintain` (run it daily, as the schema owner): create the tables if missing and this
 * month's and the next `monthsAhead` partitions, so a gateway role without DDL rights never
 * needs to; then summarise every completed day for the exposure report.
 */
export async function runLedgerMaintain(
  options: LedgerCliOptions & { monthsAhead?: number },
  io: LedgerCommandIo,
): Promise<number> {
  const now = io.now?.() ?? Date.now();
  const ahead = options.monthsAhead ?? 2;
  return withLedger(options, async (ledger, config) => {
    const first = monthOf(now);
    for (let month = first; month <= first + ahead; month += 1)
      await ensurePartition(ledger.db, config.schema, month);
    const days = await rollupDays({ db: ledger.db, schema: config.schema, now });
    io.stderr(
      `ledger schema ${config.schema}: partitions to ${ahead} month(s) ahead, ${days.length} day(s) summarised\n`,
    );
    return 0;
  });
}

export interface ExposureCliOptions extends LedgerCliOptions {
  from: Date;
  to: Date;
  host?: string;
  outsidePolicy?: string;
  csv?: string;
  json?: boolean;
}

/** `exposure`: who was exposed to whom in the window; exit 0, or 1 when disclosures fall outside the policy. */
export async function runExposure(options: ExposureCliOptions, io: LedgerCommandIo): Promise<number> {
  if (options.csv && !options.outsidePolicy)
    throw new InvalidArgumentError('--csv lists the subscribers to notify: it needs --outside-policy');
  const allowed = options.outsidePolicy
    ? await disclosureAllowedFromPolicyFile(options.outsidePolicy, options.from)
    : undefined;
  const report = await withLedger(options, (ledger, config) =>
    exposureReport({
      db: ledger.db,
      schema: config.schema,
      from: options.from,
      to: options.to,
      host: options.host,
      outsidePolicy: allowed,
    }),
  );
  const summary = breachSummary(report);
  if (options.csv && report.outsidePolicy) {
    // Personal data: readable by the operator only.
    await writeFile(options.csv, affectedSubscribersCsv(report.outsidePolicy.affected), { mode: 0o600 });
    io.stderr(`${report.outsidePolicy.affected.length} subscribers to notify written to ${options.csv}\n`);
  }
  io.stdout(
    options.json
      ? `${JSON.stringify({ report, summary }, null, 2)}\n`
      : formatExposureReport(report, summary),
  );
  return (report.outsidePolicy?.disclosures ?? 0) > 0 ? 1 : 0;
}

function parseInstant(value: string): Date {
  const at = Date.parse(value);
  if (!Number.isFinite(at))
    throw new InvalidArgumentError('must be an ISO 8601 time, e.g. 2026-01-10T00:00:00Z');
  return new Date(at);
}

const connectionOptions = (command: Command): Command =>
  command
    .option('--config <file>', 'LineKeeper config file (YAML/JSON) with a `ledger:` section')
    .option('--database-url <url>', 'PostgreSQL URL (default: the embedded PGlite in ledger.dataDir)')
    .option('--data-dir <dir>', 'PGlite data directory (default .linekeeper/ledger)');

/** Adds `linekeeper ledger verify|retention` and `linekeeper exposure`. */
export function addLedgerCommands(program: Command, io: LedgerCommandIo = processIo): void {
  const ledger = program
    .command('ledger')
    .description('the disclosure ledger: verify the hash chain, apply retention');
  connectionOptions(
    ledger.command('verify').description('find edited, deleted or missing disclosures and batches (exit 1)'),
  )
    .option('--json', 'machine-readable report')
    .action(async (options) => {
      process.exitCode = await runLedgerVerify(options, io);
    });
  connectionOptions(
    ledger.command('retention').description('drop monthly partitions past ledger.retention, anchoring each'),
  )
    .option('--apply', 'really drop them')
    .action(async (options) => {
      process.exitCode = await runLedgerRetention(options, io);
    });
  connectionOptions(
    ledger
      .command('maintain')
      .description('create the schema and coming partitions, summarise completed days (as owner, daily)'),
  )
    .option('--months-ahead <n>', 'partitions to create beyond this month', (v) => Number.parseInt(v, 10), 2)
    .action(async (options) => {
      process.exitCode = await runLedgerMaintain(options, io);
    });
  ledger
    .command('grants')
    .description(
      'print the SQL that makes ROLE append-only on the ledger (no UPDATE/DELETE/TRUNCATE, no DDL)',
    )
    .argument('<role>', 'the database role the gateway connects as')
    .option('--schema <name>', 'ledger schema', 'linekeeper_ledger')
    .action((role: string, options: { schema: string }) => {
      io.stdout(`${appendOnlyGrants(options.schema, role).join(';\n')};\n`);
    });
  connectionOptions(
    program.command('exposure').description('which subscribers’ identity went to which hosts in a window'),
  )
    .requiredOption('--from <time>', 'window start, inclusive (ISO 8601)', parseInstant)
    .requiredOption('--to <time>', 'window end, exclusive (ISO 8601)', parseInstant)
    .option('--host <host>', 'only this host')
    .option('--outside-policy <file>', 'the policy that should have applied: list what fell outside it')
    .option('--csv <file>', 'write the subscribers to notify (needs --outside-policy)')
    .option('--json', 'machine-readable report and summary')
    .action(async (options: ExposureCliOptions) => {
      process.exitCode = await runExposure(options, io);
    });
}
