import { stat } from 'node:fs/promises';
import { decodeKey, LineKeeperError, parseConfig } from '@linekeeper/identity-core';
import cliProgress from 'cli-progress';
import type { CountryCode } from 'libphonenumber-js/max';
import type { RedactMode } from './create-replacer.js';
import { expandPaths } from './expand-paths.js';
import { formatBytes, formatCsv, formatJson, formatTable } from './format-report.js';
import { scanConfigSchema } from './scan-config.js';
import type { ScanFileOptions } from './scan-file.js';
import { scanFiles } from './scan-files.js';
import { buildScanReport, type ScanReport } from './scan-report.js';

export interface ScanIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
}

/** Exit codes: 0 nothing found, 1 identifiers found, 2 an error (like grep, an error wins). */
export const EXIT_CLEAN = 0;
export const EXIT_FOUND = 1;
export const EXIT_ERROR = 2;

// A binary file is skipped with a note; it is not an error.
const NOT_AN_ERROR = new Set(['ERR_SCAN_BINARY']);

/**
 * `linekeeper scan`: expand the arguments, scan (and redact) the files on worker threads with a
 * progress display on a terminal, print the report, and return the exit code.
 */
export async function runScan(args: readonly string[], rawOptions: unknown, io: ScanIo): Promise<number> {
  const config = parseConfig(scanConfigSchema, rawOptions, 'linekeeper scan options');
  const redact = config.redact ? redactMode(config.hashKey) : undefined;
  const { files, missing } = await expandPaths(args.length > 0 ? args : ['-']);
  for (const path of missing) io.stderr.write(`linekeeper scan: ${path}: no such file, directory or match\n`);
  const options: ScanFileOptions = {
    country: config.country as CountryCode,
    maxLineBytes: config.maxLineBytes,
    thorough: config.thorough,
    ...(redact
      ? {
          redact: {
            redact,
            ...(config.out ? { outDir: config.out } : {}),
            inPlace: config.inPlace,
            backup: config.backup,
          },
        }
      : {}),
  };
  const progress = config.progress && io.stderr.isTTY === true ? await createProgress(files, io) : undefined;
  const results = await scanFiles(files, options, {
    workers: config.workers,
    ...(progress ? { onProgress: progress.update } : {}),
  });
  progress?.stop();
  const report = buildScanReport(results);
  const format = config.format;
  const text =
    format === 'json'
      ? formatJson(report, { reveal: config.reveal })
      : format === 'csv'
        ? formatCsv(report, { reveal: config.reveal })
        : formatTable(report, { reveal: config.reveal });
  io.stdout.write(text);
  if (format !== 'table')
    for (const p of report.problems)
      io.stderr.write(`linekeeper scan: skipped ${p.path}: ${p.code}: ${p.message}\n`);
  return exitCode(report, missing.length);
}

export function exitCode(report: ScanReport, missing: number): number {
  if (missing > 0 || report.problems.some((p) => !NOT_AN_ERROR.has(p.code))) return EXIT_ERROR;
  return report.findings > 0 ? EXIT_FOUND : EXIT_CLEAN;
}

function redactMode(hashKey: string | undefined): RedactMode {
  if (hashKey === undefined) return { mode: 'mask' };
  const key = decodeKey(hashKey);
  if (key.byteLength < 16)
    throw new LineKeeperError('ERR_CONFIG_INVALID', '--hash-key must be at least 16 bytes', {
      where: 'hashKey',
    });
  return { mode: 'hash', key };
}

/** A progress bar on stderr (bytes read, rate, ETA, findings), only when stderr is a terminal. */
async function createProgress(files: readonly string[], io: ScanIo) {
  let total = 0;
  for (const f of files) if (f !== '-') total += (await stat(f).catch(() => undefined))?.size ?? 0;
  const perFile = new Map<string, { bytes: number; findings: number }>();
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      stream: io.stderr as NodeJS.WriteStream,
      format:
        'scanning [{bar}] {percentage}% | {done} of {size} | {rate}/s | ETA {eta_formatted} | {findings} findings',
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(total, 1), 0, { done: '0 B', size: formatBytes(total), rate: '0 B', findings: 0 });
  return {
    update(path: string, bytesRead: number, findings: number) {
      const previous = perFile.get(path) ?? { bytes: 0, findings: 0 };
      perFile.set(path, { bytes: Number.isNaN(bytesRead) ? previous.bytes : bytesRead, findings });
      let bytes = 0;
      let found = 0;
      for (const v of perFile.values()) {
        bytes += v.bytes;
        found += v.findings;
      }
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar.update(Math.min(bytes, total), {
        done: formatBytes(bytes),
        rate: formatBytes(Math.round(bytes / seconds)),
        findings: found,
      });
    },
    stop() {
      bar.stop();
    },
  };
}
