/**
 * The worker-thread entry: a thin wrapper around `scanFile` (a file or a byte range of one) and
 * `scanPiece` (a piece of a file's text handed over in memory), loaded from the compiled `dist/`
 * by `scanFiles`. All logic lives in those two, which tests call in-process.
 */
import { parentPort } from 'node:worker_threads';
import { type CandidateValidator, createCandidateValidator } from './candidate-validator.js';
import { type BufferScanner, createBufferScanner } from './scan-buffer.js';
import { type ScanFileOptions, scanFile } from './scan-file.js';
import { scanPiece } from './scan-piece.js';

export interface WorkerRequest {
  readonly id: number;
  readonly path: string;
  readonly options: ScanFileOptions;
  /** A piece of the file's text, in memory shared with the thread that inflates it. */
  readonly piece?: {
    readonly shared: SharedArrayBuffer;
    readonly offset: number;
    readonly length: number;
    readonly continues: boolean;
  };
}

const PROGRESS_EVERY_MS = 100;
// One validator and scanner per country (and stride) for this worker's life: their caches and
// V8's optimised code carry over from file to file, piece to piece.
const lanes = new Map<string, { validator: CandidateValidator; scanner: BufferScanner }>();
let scratch = Buffer.alloc(0);

parentPort?.on('message', async (request: WorkerRequest) => {
  let last = 0;
  const { country, thorough } = request.options;
  const key = `${country}:${thorough === true}`;
  let lane = lanes.get(key);
  if (!lane) {
    const validator = createCandidateValidator({ country });
    lane = { validator, scanner: createBufferScanner(validator, thorough ? { stride: 1 } : {}) };
    lanes.set(key, lane);
  }
  const piece = request.piece;
  if (piece) {
    // Scanned from this thread's own memory: V8 reads shared memory a fifth slower (measured).
    if (scratch.length < piece.length) scratch = Buffer.allocUnsafeSlow(piece.length);
    Buffer.from(piece.shared, piece.offset, piece.length).copy(scratch, 0);
    const text = scratch.subarray(0, piece.length);
    const { path, options } = request;
    const maxLineBytes = options.maxLineBytes;
    const result = await scanPiece(
      { path, text, continues: piece.continues, ...(maxLineBytes ? { maxLineBytes } : {}) },
      lane.scanner,
    );
    parentPort?.postMessage({ type: 'done', id: request.id, result });
    return;
  }
  const result = await scanFile(request.path, request.options, {
    ...lane,
    onProgress: (bytesRead, findings) => {
      const now = Date.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      parentPort?.postMessage({ type: 'progress', id: request.id, bytesRead, findings });
    },
  });
  parentPort?.postMessage({ type: 'done', id: request.id, result });
});
// Loaded (modules are the costly part of a worker's start): ready for a job.
parentPort?.postMessage({ type: 'ready' });
