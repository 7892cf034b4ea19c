import { readFile } from 'node:fs/promises';
import { createLedgerHostReach } from '@linekeeper/ledger';
import {
  assessPolicyChange,
  checkPolicySource,
  describePolicyDiff,
  formatPolicyDiff,
  formatProblem,
  type HostReachSource,
  hasErrors,
  type Policy,
} from '@linekeeper/policy';
import { type Command, InvalidArgumentError } from 'commander';
import { type LedgerCliOptions, loadLedgerConfig, openConfiguredLedger } from './ledger-config.js';

/** Where `policy` subcommands write, and what they depend on; tests pass their own. */
export interface PolicyCommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** The clock contracts are checked against. */
  readonly now?: () => Date;
  /** The ledger's view of who reached which host; without it `policy diff` says so. */
  readonly reach?: HostReachSource;
}

/** `none` as OLD in `policy diff`: no running policy, so every disclosure is new. */
export const NO_POLICY = 'none';

const processIo: PolicyCommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** `policy check FILE`: exit 0 clean (warnings allowed), 1 problems, 2 unreadable. */
export async function runPolicyCheck(
  file: string,
  options: { json?: boolean },
  io: PolicyCommandIo,
): Promise<number> {
  const text = await readText(file, io);
  if (text === undefined) return 2;
  const { problems } = checkPolicySource(text, { file, now: io.now?.() ?? new Date() });
  const failed = hasErrors(problems);
  if (options.json) {
    io.stdout(`${JSON.stringify({ file, ok: !failed, problems }, null, 2)}\n`);
  } else {
    for (const problem of problems) io.stdout(`${formatProblem(problem)}\n`);
    const errors = problems.filter((problem) => problem.severity === 'error').length;
    const warnings = problems.length - errors;
    io.stderr(`${file}: ${errors} error(s), ${warnings} warning(s)\n`);
  }
  return failed ? 1 : 0;
}

/**
 * `policy diff OLD NEW`: the blast radius and the gate's verdict on NEW's approval. Exit 0 when
 * the gate would accept NEW over OLD, 1 when it would refuse, 2 when a file is unreadable or
 * does not match the schema.
 */
export async function runPolicyDiff(
  oldFile: string,
  newFile: string,
  options: { json?: boolean; days?: number } & LedgerCliOptions,
  io: PolicyCommandIo,
): Promise<number> {
  const ledgerWanted =
    options.config !== undefined || options.databaseUrl !== undefined || options.dataDir !== undefined;
  if (io.reach !== undefined || !ledgerWanted) return diffWithReach(oldFile, newFile, options, io, io.reach);
  const config = loadLedgerConfig(options);
  const database = await openConfiguredLedger(config);
  try {
    const reach = createLedgerHostReach({ db: database.db, schema: config.schema });
    return await diffWithReach(oldFile, newFile, options, io, reach);
  } finally {
    await database.close();
  }
}

async function diffWithReach(
  oldFile: string,
  newFile: string,
  options: { json?: boolean; days?: number },
  io: PolicyCommandIo,
  reach: HostReachSource | undefined,
): Promise<number> {
  const running = oldFile === NO_POLICY ? null : await readPolicy(oldFile, io);
  const candidate = await readPolicy(newFile, io);
  if (running === undefined || candidate === undefined || candidate === null) return 2;
  const assessment = assessPolicyChange(running ?? undefined, candidate);
  const report = await describePolicyDiff(assessment, {
    fromId: running?.id,
    toId: candidate.id,
    reach,
    ...(options.days === undefined ? {} : { days: options.days }),
  });
  io.stdout(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatPolicyDiff(report));
  return assessment.accepted ? 0 : 1;
}

/** Adds `linekeeper policy check|diff`. */
export function addPolicyCommand(program: Command, io: PolicyCommandIo = processIo): void {
  const policy = program
    .command('policy')
    .description('check a partner policy, and show what a change would disclose');
  policy
    .command('check')
    .description(
      'report every problem in a policy file as file:line:column (exit 0 clean, 1 problems, 2 unreadable)',
    )
    .argument('<file>', 'policy YAML file')
    .option('--json', 'print problems as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      process.exitCode = await runPolicyCheck(file, options, io);
    });
  policy
    .command('diff')
    .description(
      'show which destinations gain or lose disclosure, the diffHash an approval must name, and ' +
        'whether the gateway would accept NEW (exit 0 accepted, 1 refused, 2 unreadable)',
    )
    .argument('<old>', `the running policy file, or "${NO_POLICY}"`)
    .argument('<new>', 'the candidate policy file')
    .option('--json', 'print the blast radius as JSON')
    .option(
      '--days <n>',
      'how many recent days of the ledger to count subscribers over (default 14)',
      parseDays,
    )
    .option('--config <file>', 'config file whose ledger: section names the ledger to count from')
    .option('--database-url <url>', 'count subscribers from the ledger in this PostgreSQL database')
    .option('--data-dir <dir>', 'count subscribers from the embedded (PGlite) ledger in this directory')
    .action(
      async (
        oldFile: string,
        newFile: string,
        options: { json?: boolean; days?: number } & LedgerCliOptions,
      ) => {
        process.exitCode = await runPolicyDiff(oldFile, newFile, options, io);
      },
    );
}

function parseDays(value: string): number {
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 400) throw new InvalidArgumentError('must be 1 to 400');
  return days;
}

async function readText(file: string, io: PolicyCommandIo): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    io.stderr(`${file}: cannot read policy file (${reason})\n`);
    return undefined;
  }
}

/** The schema-valid policy, or `undefined` (reported) when unreadable or not a policy. */
async function readPolicy(file: string, io: PolicyCommandIo): Promise<Policy | undefined> {
  const text = await readText(file, io);
  if (text === undefined) return undefined;
  const { policy, problems } = checkPolicySource(text, { file, now: io.now?.() ?? new Date() });
  if (!policy) {
    for (const problem of problems.filter((item) => item.severity === 'error'))
      io.stderr(`${formatProblem(problem)}\n`);
    return undefined;
  }
  // Semantic errors do not stop a diff (a running policy's contract may have expired since).
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  if (errors > 0) io.stderr(`${file}: ${errors} error(s); run policy check ${file}\n`);
  return policy;
}
