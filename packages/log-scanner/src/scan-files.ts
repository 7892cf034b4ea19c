import { existsSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createCandidateValidator } from './candidate-validator.js';
import { mergeRanges, planRanges } from './file-ranges.js';
import type { FileScanResult } from './file-tally.js';
import type { ByteRange } from './open-source.js';
import { createBufferScanner } from './scan-buffer.js';
import { type ScanFileOptions, scanFile } from './scan-file.js';
import { scanGzipInLanes } from './scan-gzip-lanes.js';

export interface ScanFilesOptions {
  /**
   * Lanes scanning at once (default 1, in-process): this thread plus `workers - 1` worker
   * threads, each taking the next file (or piece of a large plain file) when it is free.
   */
  readonly workers?: number;
  /** The compiled worker (default: `dist/scan-worker.js` beside this module). */
  readonly workerUrl?: URL;
  /** Per file: bytes read from disk so far and findings so far. */
  readonly onProgress?: (path: string, bytesRead: number, findings: number) => void;
  /** Plain files at least this large are split across the lanes (default 128 MiB). */
  readonly splitBytes?: number;
  /** The size of the pieces a split file is cut into (default 16 MiB; at least `workers` pieces). */
  readonly pieceBytes?: number;
  /**
   * Gzip files at least this large (compressed) are scanned by several lanes together (default
   * 8 MiB), when there are cores to spare: one inflates, the others scan.
   */
  readonly gzipLanesFrom?: number;
  /** Lanes for such a file (default `min(workers, cores - 1)`; fewer than 2 means one lane). */
  readonly gzipLanes?: number;
  /** Bytes of text per piece of such a gzip file (default 1 MiB). */
  readonly gzipPieceBytes?: number;
}

type WorkerMessage =
  | { type: 'ready' }
  | { type: 'progress'; id: number; bytesRead: number; findings: number }
  | { type: 'done'; id: number; result: FileScanResult };

/**
 * Scans many files (and pieces of large plain ones) in `workers` lanes: this thread and worker
 * threads, all running the very same `scanFile`. Workers run the compiled JavaScript; when it is
 * not there (tests run the TypeScript sources) or one lane is asked for, files are scanned on
 * this thread, one after another.
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
    const scanner = createBufferScanner(validator, options.thorough ? { stride: 1 } : {});
    for (const path of paths) {
      results.push(
        await scanFile(path, options, {
          validator,
          scanner,
          onProgress: (b, f) => pool.onProgress?.(path, b, f),
        }),
      );
    }
    return results;
  }
  // A large plain log is cut into line-aligned pieces, so one file also uses every core;
  // redaction writes one output in order, so it keeps a file whole. Pieces are pulled from one
  // queue by `workers` lanes: this thread (its modules are loaded and its code is warm) and
  // `workers - 1` worker threads, which join as soon as they have started (module loading takes
  // a worker ~0.1–0.5 s, a fixed cost that lost the whole race on a 200 MB file when the file
  // was split in two up front). Small pieces keep the lanes busy to the end.
  // A large gzip file is scanned by every lane at once, one after the other (its text can only
  // be inflated from the start, on one thread, which then feeds the lanes); the other files and
  // pieces go to the lanes' queue below.
  const results: FileScanResult[] = new Array(paths.length);
  const queued: number[] = [];
  // Inflate takes a core of its own, so the lanes that scan a gzip file are the cores left.
  const gzipLanes = pool.gzipLanes ?? Math.min(workers, availableParallelism() - 1);
  for (const [file, path] of paths.entries()) {
    const kind = options.redact || gzipLanes < 2 ? undefined : await fileKind(path);
    if (kind?.gzip && kind.size >= (pool.gzipLanesFrom ?? GZIP_LANES_FROM)) {
      const validator = createCandidateValidator({ country: options.country });
      const scanner = createBufferScanner(validator, options.thorough ? { stride: 1 } : {});
      results[file] = await scanGzipInLanes(path, options, {
        lanes: gzipLanes,
        workerUrl,
        scanner,
        onProgress: (b, f) => pool.onProgress?.(path, b, f),
        ...(pool.gzipPieceBytes ? { pieceBytes: pool.gzipPieceBytes } : {}),
      });
    } else {
      queued.push(file);
    }
  }
  const jobs: Job[] = [];
  for (const file of queued) {
    const path = paths[file] as string;
    const size = options.redact ? 0 : await plainFileSize(path);
    const pieceBytes = pool.pieceBytes ?? PIECE_BYTES;
    const parts = Math.max(workers, Math.ceil(size / pieceBytes));
    const ranges =
      size >= (pool.splitBytes ?? SPLIT_BYTES) ? await planRanges(path, size, parts) : [undefined];
    for (const [part, range] of ranges.entries()) jobs.push({ file, path, part, range });
  }
  const jobResults: FileScanResult[] = new Array(jobs.length);
  let next = 0;
  const optionsFor = (job: Job): ScanFileOptions => (job.range ? { ...options, range: job.range } : options);
  const local = async (): Promise<void> => {
    const validator = createCandidateValidator({ country: options.country });
    const scanner = createBufferScanner(validator, options.thorough ? { stride: 1 } : {});
    while (next < jobs.length) {
      const current = next++;
      const job = jobs[current] as Job;
      const key = `${job.path}#${job.part}`;
      jobResults[current] = await scanFile(job.path, optionsFor(job), {
        validator,
        scanner,
        onProgress: (b, f) => pool.onProgress?.(key, b, f),
      });
      pool.onProgress?.(key, Number.NaN, findingsOf(jobResults[current] as FileScanResult));
    }
  };
  const threaded = async (): Promise<void> => {
    while (next < jobs.length) {
      let worker: Worker;
      try {
        worker = new Worker(workerUrl);
      } catch {
        return;
      }
      let current = -1;
      try {
        // Wait for the worker to load before taking a job: meanwhile the other lanes work. One
        // that cannot start leaves its share to the others (this thread's lane always runs).
        const started = await new Promise<boolean>((resolve) => {
          worker.once('message', (message: WorkerMessage) => resolve(message.type === 'ready'));
          worker.once('error', () => resolve(false));
          worker.once('exit', () => resolve(false));
        });
        if (!started) return;
        while (next < jobs.length) {
          current = next++;
          const job = jobs[current] as Job;
          jobResults[current] = await oneFile(
            worker,
            current,
            job.path,
            optionsFor(job),
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
  const lanes = Math.min(workers, jobs.length);
  if (lanes > 0) await Promise.all([local(), ...Array.from({ length: lanes - 1 }, threaded)]);
  for (const file of queued) {
    const path = paths[file] as string;
    const parts = jobResults.filter((_, i) => (jobs[i] as Job).file === file);
    results[file] = parts.length === 1 ? (parts[0] as FileScanResult) : mergeRanges(path, parts);
  }
  return results;
}

const findingsOf = (result: FileScanResult): number => result.identifiers.reduce((n, t) => n + t.count, 0);

interface Job {
  readonly file: number;
  readonly path: string;
  readonly part: number;
  readonly range: ByteRange | undefined;
}

// Below this a file is scanned whole (by one lane). A worker lane costs a fixed ~0.6 CPU-s
// (module loading, a cold validator, JIT warm-up; measured: 1.44 against 0.75 CPU-s for 210 MB)
// and then scans ~450 MB per CPU-s, so even on a free core it repays itself only from about
// 135 MB. (It was 256 MiB, which left the 200 MB benchmark file unsplit: "2 workers" there
// meant one cold worker scanning the whole file while this thread idled.)
const SPLIT_BYTES = 128 * 1024 * 1024;
// Pieces of a split file: large enough that opening a range costs nothing, small enough that
// a lane which starts late (a worker loading) or runs on a busy core still gets its share.
const PIECE_BYTES = 16 * 1024 * 1024;

/** The size of a regular file and whether it is gzip, or `undefined` when it is anything else. */
async function fileKind(path: string): Promise<{ size: number; gzip: boolean } | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return undefined;
      const magic = Buffer.alloc(2);
      const { bytesRead } = await handle.read(magic, 0, 2, 0);
      return { size: stat.size, gzip: bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b };
    } finally {
      await handle.close();
    }
  } catch {
    return undefined; // scanFile reports why
  }
}

/** The size of a plain (not gzip) regular file, or 0 when it is anything else. */
async function plainFileSize(path: string): Promise<number> {
  const kind = await fileKind(path);
  return kind && !kind.gzip ? kind.size : 0;
}

// Below this (compressed) a gzip file is scanned by one lane: splitting its text over the lanes
// costs worker start-up and a merge of per-piece results, repaid only on a large file.
const GZIP_LANES_FROM = 8 * 1024 * 1024;

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
      if (message.type === 'ready' || message.id !== id) return;
      if (message.type === 'progress') pool.onProgress?.(progressKey, message.bytesRead, message.findings);
      else {
        cleanup();
        pool.onProgress?.(progressKey, Number.NaN, findingsOf(message.result));
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
