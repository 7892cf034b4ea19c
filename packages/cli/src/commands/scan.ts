import { availableParallelism } from 'node:os';
import { runScan } from '@linekeeper/log-scanner';
import { type Command, InvalidArgumentError } from 'commander';

interface ScanCliOptions {
  country: string;
  reveal?: boolean;
  json?: boolean;
  csv?: boolean;
  redact?: boolean;
  out?: string;
  inPlace?: boolean;
  backup: boolean;
  hashKey?: string;
  workers?: number;
  progress: boolean;
  thorough?: boolean;
}

function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64)
    throw new InvalidArgumentError('must be an integer from 1 to 64');
  return n;
}

/** `linekeeper scan [PATH...]`: find (and redact) subscriber identifiers in logs. Exit 0 clean, 1 found, 2 error. */
export function addScanCommand(program: Command): void {
  program
    .command('scan')
    .description('find subscriber identifiers (numbers, IMSIs, IMEIs, tracking ids) in logs, and redact them')
    .argument(
      '[paths...]',
      'files, directories (recursive), quoted globs, or - for stdin; .gz read transparently',
    )
    .option('--country <code>', 'home country for national numbers', 'GB')
    .option('--reveal', 'show identifiers in full (default: masked)')
    .option('--json', 'print the report as JSON')
    .option('--csv', 'print the report as CSV')
    .option('--redact', 'write redacted logs (needs --out DIR or --in-place)')
    .option('--out <dir>', 'directory for redacted copies')
    .option('--in-place', 'replace each file atomically; the original is kept as FILE.bak')
    .option('--no-backup', 'with --in-place: do not keep the original')
    .option(
      '--hash-key <key>',
      'replace identifiers by a keyed hash (HMAC) instead of a mask (or LINEKEEPER_HASH_KEY)',
    )
    .option(
      '--workers <n>',
      'threads scanning at once (this one + n-1 workers; a large plain file is split by lines; default: cores, at most 4)',
      parseWorkers,
    )
    .option('--thorough', 'read every byte: also numbers written in short groups (0770 090 0123); slower')
    .option('--no-progress', 'no progress display even on a terminal')
    .action(async (paths: string[], options: ScanCliOptions) => {
      if (options.json && options.csv) throw new InvalidArgumentError('--json and --csv cannot be combined');
      if (paths.length === 0 && process.stdin.isTTY)
        throw new InvalidArgumentError('give files, directories, globs, or - for stdin');
      // `linekeeper scan ... | head`: a closed pipe ends the report, not the process with a trace.
      process.stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
        throw error;
      });
      const hashKey = options.hashKey ?? process.env.LINEKEEPER_HASH_KEY;
      const code = await runScan(
        paths,
        {
          country: options.country,
          reveal: options.reveal === true,
          format: options.json ? 'json' : options.csv ? 'csv' : 'table',
          redact: options.redact === true,
          ...(options.out ? { out: options.out } : {}),
          inPlace: options.inPlace === true,
          backup: options.backup,
          ...(hashKey && options.redact ? { hashKey } : {}),
          workers: options.workers ?? Math.min(4, availableParallelism()),
          progress: options.progress,
          thorough: options.thorough === true,
        },
        { stdout: process.stdout, stderr: process.stderr },
      );
      process.exitCode = code;
    });
}
