import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createCandidateValidator } from './candidate-validator.js';
import { mergeRanges, planRanges } from './file-ranges.js';
import type { FileScanResult } from './file-tally.js';
import type { ByteRange } from './open-source.js';
import { type ScanFileOptions, scanFile } from './scan-file.js';

export interface ScanFilesOptions {
  /** Files scanned at once, each on its own worker thread (default: 1, in-process). */
  readonly workers?: number;
  /** The compiled worker (default: `dist/scan-worker.js` beside this module). */
  readonly workerUrl?: URL;
  /** Per file: bytes read from disk so far and findings so far. */
  readonly onProgress?: (path: string, bytesRead: number, findings: number) => void;
  /** Plain files at least this large are split across workers (default 256 MiB). */
  readonly splitBytes?: number;
}

type WorkerMessage =
  | { type: 'progress'; id: number; bytesRead: number; findings: number }
  | { type: 'done'; id: number; result: FileScanResult };

/**
 * Scans many files, several at a time on worker threads. Workers run the compiled JavaScript;
 * when it is not there (tests run the TypeScript sources) or one worker is asked for, files are
 * scanned in-process, one after another, by the very same `scanFile`.
 */
export async function scanFiles(
  paths: readonly string[],
  options: ScanFileOptions,
  pool: ScanFilesOptions = {},
): Promise<FileScanResult[]> {
  const workerUrl = pool.workerUrl ?? defaultWorkerUrl();
  const workers = pool.workers ?? 1;
  if (workers <= 1 || !workerUrl || paths.includes('-')) {
    const results: FileScanResult[] = [];
    const validator = createCandidateValidator({ country: options.country });
    for (const path of paths) {
      results.push(
        await scanFile(path, options, { validator, onProgress: (b, f) => pool.onProgress?.(path, b, f) }),
      );
    }
    return results;
  }
  // A large plain log is cut into line-aligned ranges, one per worker, so one file also uses
  // every core; redaction writes one output in order, so it keeps a file whole.
  const jobs: Job[] = [];
  for (const [file, path] of paths.entries()) {
    const size = options.redact ? 0 : await plainFileSize(path);
    const ranges =
      size >= (pool.splitBytes ?? SPLIT_BYTES) ? await planRanges(path, size, workers) : [undefined];
    for (const [part, range] of ranges.entries()) jobs.push({ file, path, part, range });
  }
  const jobResults: FileScanResult[] = new Array(jobs.length);
  let next = 0;
  const run = async (): Promise<void> => {
    while (next < jobs.length) {
      const worker = new Worker(workerUrl);
      let current = -1;
      try {
        while (next < jobs.length) {
          current = next++;
          const job = jobs[current] as Job;
          const jobOptions = job.range ? { ...options, range: job.range } : options;
          jobResults[current] = await oneFile(
            worker,
            current,
            job.path,
            jobOptions,
            pool,
            `${job.path}#${job.part}`,
          );
        }
      } catch (error) {
        // The worker died: its current file is reported, a fresh worker takes the rest.
        if (current >= 0) jobResults[current] = emptyResult((jobs[current] as Job).path, error);
      } finally {
        await worker.terminate();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(workers, jobs.length) }, run));
  return paths.map((path, file) => {
    const parts = jobResults.filter((_, i) => (jobs[i] as Job).file === file);
    return parts.length === 1 ? (parts[0] as FileScanResult) : mergeRanges(path, parts);
  });
}

interface Job {
  readonly file: number;
  readonly path: string;
  readonly part: number;
  readonly range: ByteRange | undefined;
}

// Below this a file is not worth splitting: each worker's start-up and JIT warm-up (measured:
// the first ~50 MB scan at half speed) cost more than the second core gives back.
const SPLIT_BYTES = 256 * 1024 * 1024;

/** The size of a plain (not gzip) regular file, or 0 when it is anything else. */
async function plainFileSize(path: string): Promise<number> {
  try {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return 0;
      const magic = Buffer.alloc(2);
      const { bytesRead } = await handle.read(magic, 0, 2, 0);
      return bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b ? 0 : stat.size;
    } finally {
      await handle.close();
    }
  } catch {
    return 0; // scanFile reports why
  }
}

function oneFile(
  worker: Worker,
  id: number,
  path: string,
  options: ScanFileOptions,
  pool: ScanFilesOptions,
  progressKey: string,
): Promise<FileScanResult> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage): void => {
      if (message.id !== id) return;
      if (message.type === 'progress') pool.onProgress?.(progressKey, message.bytesRead, message.findings);
      else {
        cleanup();
        pool.onProgress?.(
          progressKey,
          Number.NaN,
          message.result.identifiers.reduce((n, t) => n + t.count, 0),
        );
        resolve(message.result);
      }
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number): void => {
      cleanup();
      reject(new Error(`worker exited with code ${code}`));
    };
    const cleanup = (): void => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage({ id, path, options });
  });
}

function emptyResult(path: string, error: unknown): FileScanResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    path,
    gzip: false,
    bytes: 0,
    lines: 0,
    records: 0,
    identifiers: [],
    links: [],
    problem: { code: 'ERR_SCAN_WORKER_FAILED', message },
  };
}

/** `dist/scan-worker.js`, whether this module runs from `dist/` or from `src/` (tests, tsx). */
export function defaultWorkerUrl(): URL | undefined {
  const beside = new URL('./scan-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const dist = new URL('../dist/scan-worker.js', import.meta.url);
  return existsSync(fileURLToPath(dist)) ? dist : undefined;
}
