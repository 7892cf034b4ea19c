import { constants } from 'node:fs';
import { copyFile, link, mkdir, open, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import type { CountryCode } from 'libphonenumber-js/max';
import { type CandidateValidator, createCandidateValidator } from './candidate-validator.js';
import { createReplacer, type RedactMode } from './create-replacer.js';
import { errorCode, LogScannerError } from './errors.js';
import { type FileScanResult, FileTally } from './file-tally.js';
import { type ByteRange, openSource } from './open-source.js';
import { gzipSink, type OpenSink, type OutputSink, openFileSink, tempPathFor } from './output-sink.js';
import { type BufferScanner, createBufferScanner } from './scan-buffer.js';
import { scanChunks } from './scan-chunks.js';

export interface RedactFileOptions {
  readonly redact: RedactMode;
  /** Write redacted copies under this directory (mirroring relative paths). */
  readonly outDir?: string;
  /** Replace the file itself (atomic rename); the original is kept as `<file>.bak` unless `backup` is false. */
  readonly inPlace?: boolean;
  readonly backup?: boolean;
}

/** Plain data (it crosses worker threads): everything needed to scan one file. */
export interface ScanFileOptions {
  readonly country: CountryCode;
  readonly redact?: RedactFileOptions;
  readonly maxLineBytes?: number;
  /** Read every byte (stride 1): also finds national numbers written in short groups. */
  readonly thorough?: boolean;
  /** Scan only this part of a plain file (line numbers then count from its start). */
  readonly range?: ByteRange;
}

export interface ScanFileHooks {
  /** Bytes read from disk so far and findings so far. */
  readonly onProgress?: (bytesRead: number, findings: number) => void;
  /** Where redacted output goes; tests inject failing sinks (a full disk). */
  readonly openSink?: OpenSink;
  /** A validator to share across files (its cache of validated candidates carries over). */
  readonly validator?: CandidateValidator;
  /**
   * A scanner to share across files or pieces of one file (its caches of key and header names
   * carry over, and V8 keeps one set of optimised code). Must match `thorough`.
   */
  readonly scanner?: BufferScanner;
  /** Compressed size from which a gzip file is inflated on a worker thread (see `openSource`). */
  readonly inflateInWorkerFrom?: number;
}

/**
 * Scans one file and, when asked, writes its redacted copy. Never throws: an unreadable,
 * binary or corrupt file comes back with `problem` set (and whatever was found before the
 * problem); a failed redaction leaves no output and the original untouched.
 */
export async function scanFile(
  path: string,
  options: ScanFileOptions,
  hooks: ScanFileHooks = {},
): Promise<FileScanResult> {
  const tally = new FileTally();
  const validator = hooks.validator ?? createCandidateValidator({ country: options.country });
  const scanner = hooks.scanner ?? createBufferScanner(validator, options.thorough ? { stride: 1 } : {});
  let gzip = false;
  let bytes = 0;
  let lines = 0;
  let sink: OutputSink | undefined;
  let tmpPath: string | undefined;
  let committed: string | undefined;
  try {
    const source = await openSource(
      path,
      options.range,
      undefined,
      hooks.inflateInWorkerFrom === undefined ? {} : { inflateInWorkerFrom: hooks.inflateInWorkerFrom },
    );
    gzip = source.gzip;
    const redact = options.redact;
    if (redact && path === '-') {
      throw new LogScannerError('ERR_SCAN_OPTIONS_INVALID', 'redaction needs files, not stdin');
    }
    let target: string | undefined;
    if (redact) {
      target = redactTarget(path, redact);
      await mkdir(dirname(target), { recursive: true });
      tmpPath = tempPathFor(target);
      const raw = await (hooks.openSink ?? openFileSink)(tmpPath, source.mode);
      sink = gzip ? gzipSink(raw) : raw;
    }
    const out = sink;
    const result = await scanChunks(source.chunks, {
      scanner,
      tally,
      ...(out && redact
        ? { replace: createReplacer(redact.redact), write: (chunk: Buffer) => out.write(chunk) }
        : {}),
      onProgress: () => hooks.onProgress?.(source.bytesRead(), tally.findings),
      ...(options.maxLineBytes ? { maxLineBytes: options.maxLineBytes } : {}),
    });
    bytes = result.bytes;
    lines = result.lines;
    hooks.onProgress?.(source.bytesRead(), tally.findings);
    if (!out || !redact || !target || !tmpPath) return tally.result({ path, gzip, bytes, lines });
    if (redact.inPlace && tally.findings === 0) {
      await out.abort();
      return tally.result({ path, gzip, bytes, lines });
    }
    await out.commit();
    sink = undefined;
    committed = tmpPath;
    const backup = redact.inPlace && redact.backup !== false ? await keepOriginal(path) : undefined;
    await rename(tmpPath, target);
    committed = undefined;
    await syncDirectory(dirname(target));
    return {
      ...tally.result({ path, gzip, bytes, lines }),
      redactedTo: target,
      ...(backup ? { backup } : {}),
    };
  } catch (error) {
    await sink?.abort();
    if (committed) await unlink(committed).catch(() => undefined);
    return { ...tally.result({ path, gzip, bytes, lines }), problem: describeProblem(error, gzip) };
  }
}

function redactTarget(path: string, redact: RedactFileOptions): string {
  if (redact.inPlace) return path;
  if (!redact.outDir)
    throw new LogScannerError('ERR_SCAN_OPTIONS_INVALID', 'redaction needs an output directory or in-place');
  const rel = relative(process.cwd(), path);
  const inside = rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  return join(redact.outDir, inside ? rel : basename(path));
}

// The original is kept by a hard link (instant, no copy) or, across devices, a copy; an
// existing backup is never overwritten.
async function keepOriginal(path: string): Promise<string> {
  const backup = `${path}.bak`;
  const exists = await stat(backup).then(
    () => true,
    () => false,
  );
  if (exists)
    throw new LogScannerError('ERR_REDACT_TARGET_EXISTS', `${backup} already exists`, { where: backup });
  try {
    await link(path, backup);
  } catch {
    await copyFile(path, backup, constants.COPYFILE_EXCL);
  }
  return backup;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/** What went wrong, as a `problem`: zlib and disk errors get their scanner codes. */
export function describeProblem(error: unknown, gzip: boolean): { code: string; message: string } {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  if (gzip && (code.startsWith('Z_') || /unexpected end of file|incorrect header/i.test(message))) {
    return { code: 'ERR_SCAN_GZIP_CORRUPT', message: `gzip stream is truncated or corrupt: ${message}` };
  }
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EIO') {
    return {
      code: 'ERR_REDACT_WRITE_FAILED',
      message: `writing the redacted copy failed, original kept: ${message}`,
    };
  }
  return { code, message };
}
