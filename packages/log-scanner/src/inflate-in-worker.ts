import { Worker } from 'node:worker_threads';

/** A gzip file inflated on another thread: its text in chunks, and compressed bytes read so far. */
export interface InflatedStream {
  readonly chunks: AsyncIterable<Buffer>;
  readonly bytesRead: () => number;
}

export interface InflateInWorkerOptions {
  /** Bytes per chunk handed over (default 1 MiB). */
  readonly chunkBytes?: number;
  /** Chunks inflated ahead of the reader (default 16): the memory bound, and the slack that lets inflate run on while a chunk is scanned. */
  readonly ahead?: number;
}

type FromWorker =
  | { type: 'chunk'; buffer: ArrayBuffer; length: number; continues: boolean; read: number }
  | { type: 'end'; read: number }
  | { type: 'error'; code: string | undefined; message: string };

// The worker's whole program. It is given as source text (not a module file) so that it runs
// the same from `dist/` and from the TypeScript sources that tests load, and it needs nothing but
// Node's own modules. Its event loop does nothing but move data, so zlib's completion callbacks
// run at once and inflate (on libuv's pool) never waits for the scanning thread: on the scanning
// thread itself those callbacks queue behind every chunk being scanned, which made inflate and
// scan take turns instead of running at the same time.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createReadStream } = require('node:fs');
const { createGunzip } = require('node:zlib');
const { path, chunkBytes, ahead } = workerData;
const free = [];
let lent = 0;
let read = 0;
// The text is handed over in pieces of whole lines: each piece ends at its last newline and the
// rest of the line starts the next one. A line longer than a piece is cut at its last space
// (continues: the next piece goes on with the same line).
let piece = new Uint8Array(chunkBytes);
let filled = 0;
const send = (end, continues) => {
  const next = free.pop() ?? new ArrayBuffer(chunkBytes);
  const carried = new Uint8Array(next);
  carried.set(piece.subarray(end, filled), 0);
  const buffer = piece.buffer;
  lent++;
  parentPort.postMessage({ type: 'chunk', buffer, length: end, continues, read }, [buffer]);
  filled -= end;
  piece = carried;
};
const cut = () => {
  const newline = piece.lastIndexOf(0x0a, filled - 1);
  if (newline >= 0) return send(newline + 1, false);
  const space = piece.lastIndexOf(0x20, filled - 1);
  send(space > 0 ? space : filled, true);
};
const raw = createReadStream(path, { highWaterMark: chunkBytes });
const gunzip = createGunzip({ chunkSize: chunkBytes });
raw.on('data', (chunk) => { read += chunk.length; });
raw.on('error', (error) => gunzip.destroy(error));
gunzip.on('data', (chunk) => {
  for (let at = 0; at < chunk.length; ) {
    const n = Math.min(chunk.length - at, chunkBytes - filled);
    piece.set(chunk.subarray(at, at + n), filled);
    filled += n;
    at += n;
    if (filled === chunkBytes) cut();
  }
  if (lent >= ahead) gunzip.pause();
});
gunzip.on('end', () => {
  if (filled > 0) send(filled, false);
  parentPort.postMessage({ type: 'end', read });
});
gunzip.on('error', (error) => {
  if (filled > 0) send(filled, false);
  parentPort.postMessage({ type: 'error', code: error.code, message: error.message });
});
parentPort.on('message', (buffer) => {
  free.push(buffer);
  lent--;
  if (lent < ahead && gunzip.isPaused()) gunzip.resume();
});
raw.pipe(gunzip);
`;

/** Whole lines of text, in memory that belongs to the reader until it is released. */
export interface InflatedPiece {
  readonly buffer: ArrayBuffer;
  readonly length: number;
  /** The piece ends inside a line (one longer than a piece), which the next piece goes on with. */
  readonly continues: boolean;
}

/**
 * A gzip file being inflated on a worker thread, handed over in pieces of whole lines. Each
 * piece's memory moves to the reader (no copy) and is lent back with `release` once scanned,
 * wherever that happened; at most `ahead` pieces are out at once, which bounds memory and lets
 * inflate run on while pieces are scanned.
 */
export class Inflater {
  #read = 0;
  readonly #worker: Worker;
  readonly #queue: FromWorker[] = [];
  #wake: (() => void) | undefined;
  #finished = false;

  constructor(path: string, options: InflateInWorkerOptions = {}) {
    const chunkBytes = options.chunkBytes ?? 1 << 20;
    const ahead = options.ahead ?? 16;
    this.#worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, chunkBytes, ahead } });
    const arrived = (message: FromWorker): void => {
      this.#queue.push(message);
      this.#wake?.();
    };
    this.#worker.on('message', arrived);
    this.#worker.on('error', (error: Error) =>
      arrived({ type: 'error', code: undefined, message: error.message }),
    );
    this.#worker.on('exit', (code) =>
      arrived({ type: 'error', code: undefined, message: `inflate worker exited (${code})` }),
    );
  }

  /** Compressed bytes read so far. */
  get bytesRead(): number {
    return this.#read;
  }

  /** The next piece, `undefined` at the end; throws zlib's error for a corrupt or truncated file. */
  async next(): Promise<InflatedPiece | undefined> {
    if (this.#finished) return undefined;
    while (this.#queue.length === 0) await new Promise<void>((resolve) => (this.#wake = resolve));
    this.#wake = undefined;
    const message = this.#queue.shift() as FromWorker;
    if (message.type === 'error') {
      this.#finished = true;
      throw Object.assign(new Error(message.message), message.code ? { code: message.code } : {});
    }
    this.#read = message.read;
    if (message.type === 'end') {
      this.#finished = true;
      return undefined;
    }
    return message;
  }

  /** Gives a piece's memory back to be filled again. */
  release(buffer: ArrayBuffer): void {
    if (!this.#finished) this.#worker.postMessage(buffer, [buffer]);
  }

  async close(): Promise<void> {
    this.#finished = true;
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }
}

/**
 * Inflates a gzip file on a worker thread (`Inflater`) and hands its text over as chunks of
 * whole lines, so that inflating the next chunks and scanning this one use two cores. A chunk is
 * valid until the next one is asked for.
 */
export function inflateInWorker(path: string, options: InflateInWorkerOptions = {}): InflatedStream {
  let inflater: Inflater | undefined;
  async function* chunks(): AsyncGenerator<Buffer> {
    inflater = new Inflater(path, options);
    let lent: ArrayBuffer | undefined;
    try {
      for (;;) {
        if (lent) inflater.release(lent);
        const piece = await inflater.next();
        if (!piece) return;
        lent = piece.buffer;
        yield Buffer.from(piece.buffer, 0, piece.length);
      }
    } finally {
      await inflater.close();
    }
  }
  return { chunks: chunks(), bytesRead: () => inflater?.bytesRead ?? 0 };
}
