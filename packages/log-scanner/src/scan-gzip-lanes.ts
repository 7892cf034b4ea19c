import { setImmediate as nextTurn } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import { mergeRanges } from './file-ranges.js';
import type { FileScanResult } from './file-tally.js';
import { type InflatedPiece, Inflater } from './inflate-in-worker.js';
import type { BufferScanner } from './scan-buffer.js';
import { describeProblem, type ScanFileOptions } from './scan-file.js';
import { scanPiece } from './scan-piece.js';

export interface GzipLanesOptions {
  /** Lanes: this thread and `lanes - 1` worker threads (`scan-worker.js`). */
  readonly lanes: number;
  readonly workerUrl: URL;
  /** This thread's scanner. */
  readonly scanner: BufferScanner;
  readonly onProgress?: (bytesRead: number, findings: number) => void;
  /** Bytes of text per piece (default 1 MiB). */
  readonly pieceBytes?: number;
}

// Pieces queued at a worker lane: one being scanned and one waiting, so that it never idles
// while this thread, busy with a piece of its own, has not yet seen its result.
const QUEUED_PER_WORKER = 2;
const SNIFF_BYTES = 8192;

interface Lane {
  readonly worker: Worker;
  ready: boolean;
  readonly queued: Map<number, InflatedPiece>;
}

/**
 * Scans one large gzip file in lanes. A gzip stream can only be inflated from its start, so
 * it is inflated on its own thread (`Inflater`), which hands over pieces of whole lines; each
 * piece is scanned by whichever lane is free: a worker thread when one has room in its queue,
 * else this thread. The pieces' results are put back together in order (`mergeRanges`), so the
 * file's result is what one lane would have found.
 */
export async function scanGzipInLanes(
  path: string,
  options: ScanFileOptions,
  pool: GzipLanesOptions,
): Promise<FileScanResult> {
  const inflater = new Inflater(path, {
    ...(pool.pieceBytes ? { chunkBytes: pool.pieceBytes } : {}),
    ahead: 4 + pool.lanes * QUEUED_PER_WORKER,
  });
  const results: FileScanResult[] = [];
  let findings = 0;
  let problem: FileScanResult['problem'];
  const done = (id: number, result: FileScanResult): void => {
    results[id] = result;
    findings += result.identifiers.reduce((n, t) => n + t.count, 0);
    pool.onProgress?.(inflater.bytesRead, findings);
  };
  const lanes = Array.from({ length: Math.max(0, pool.lanes - 1) }, () => startLane(pool.workerUrl));
  const settled: Promise<void>[] = [];
  for (const lane of lanes) {
    settled.push(
      new Promise<void>((resolve) => {
        const failed = (error: unknown): void => {
          // Whatever the worker held is reported, not lost silently.
          for (const id of lane.queued.keys()) done(id, failedPiece(path, error));
          lane.queued.clear();
          lane.ready = false;
          resolve();
        };
        lane.worker.on('message', (message: FromLane) => {
          if (message.type === 'ready') lane.ready = true;
          else if (message.type === 'done') {
            const piece = lane.queued.get(message.id);
            lane.queued.delete(message.id);
            done(message.id, message.result);
            if (piece) inflater.release(piece);
            if (lane.queued.size === 0) lane.worker.emit('drained');
          }
        });
        lane.worker.once('error', failed);
        lane.worker.once('exit', (code) => failed(new Error(`scan worker exited (${code})`)));
      }),
    );
  }
  const scratch = Buffer.allocUnsafeSlow(pool.pieceBytes ?? 1 << 20);
  let id = 0;
  try {
    for (;;) {
      let piece: InflatedPiece | undefined;
      try {
        piece = await inflater.next();
      } catch (error) {
        problem = describeProblem(error, true);
        break;
      }
      if (!piece) break;
      const text = piece.text;
      if (id === 0 && text.subarray(0, SNIFF_BYTES).indexOf(0) >= 0) {
        const at = text.subarray(0, SNIFF_BYTES).indexOf(0);
        problem = { code: 'ERR_SCAN_BINARY', message: `binary content (a NUL byte at offset ${at})` };
        break;
      }
      const maxLineBytes = options.maxLineBytes;
      if (piece.continues) {
        // A line longer than a piece: this piece and those that go on with it are scanned here,
        // as one stream, so the line stays one line (its identifiers linked, counted once).
        const result = await scanPiece(
          {
            path,
            text: longLine(inflater, piece),
            continues: false,
            ...(maxLineBytes ? { maxLineBytes } : {}),
          },
          pool.scanner,
        );
        done(id++, result);
        if (result.problem) {
          problem = result.problem;
          break;
        }
        continue;
      }
      const lane = lanes.find((l) => l.ready && l.queued.size < QUEUED_PER_WORKER);
      if (lane) {
        lane.queued.set(id, piece);
        const { shared, offset, length, continues } = piece;
        lane.worker.postMessage({ id, path, options, piece: { shared, offset, length, continues } });
      } else {
        // Scanned from this thread's own memory (see `inflateInWorker`), the slot given back first.
        const own = text.copy(scratch, 0);
        inflater.release(piece);
        const piecePart = {
          path,
          text: scratch.subarray(0, own),
          continues: piece.continues,
          ...(maxLineBytes ? { maxLineBytes } : {}),
        };
        done(id, await scanPiece(piecePart, pool.scanner));
        // Let the workers' results and the next pieces in before taking another piece here.
        await nextTurn();
      }
      id++;
    }
    await Promise.all(lanes.map((lane) => drained(lane)));
  } finally {
    await inflater.close();
    await Promise.all(lanes.map((lane) => lane.worker.terminate()));
    await Promise.all(settled);
  }
  const parts = Array.from({ length: id }, (_, i) => results[i] ?? failedPiece(path, 'missing'));
  const merged = mergeRanges(path, parts);
  const first = merged.problem ?? problem;
  return { ...merged, gzip: true, ...(first ? { problem: first } : {}) };
}

/** The pieces of a line longer than a piece, each released once the next is asked for. */
async function* longLine(inflater: Inflater, first: InflatedPiece): AsyncGenerator<Buffer> {
  let piece: InflatedPiece | undefined = first;
  while (piece) {
    yield piece.text;
    inflater.release(piece);
    if (!piece.continues) return;
    piece = await inflater.next();
  }
}

type FromLane =
  | { type: 'ready' }
  | { type: 'progress' }
  | { type: 'done'; id: number; result: FileScanResult };

function startLane(workerUrl: URL): Lane {
  return { worker: new Worker(workerUrl), ready: false, queued: new Map() };
}

function drained(lane: Lane): Promise<void> {
  if (lane.queued.size === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const check = (): void => {
      if (lane.queued.size > 0) return;
      lane.worker.off('drained', check);
      lane.worker.off('exit', check);
      resolve();
    };
    lane.worker.on('drained', check);
    lane.worker.on('exit', check);
  });
}

function failedPiece(path: string, error: unknown): FileScanResult {
  const message = error instanceof Error ? error.message : String(error);
  return {
    path,
    gzip: true,
    bytes: 0,
    lines: 0,
    records: 0,
    identifiers: [],
    links: [],
    problem: { code: 'ERR_SCAN_WORKER_FAILED', message },
  };
}
