import { Worker } from 'node:worker_threads';

/** A gzip file inflated on another thread: its text in chunks, and compressed bytes read so far. */
export interface InflatedStream {
  readonly chunks: AsyncIterable<Buffer>;
  readonly bytesRead: () => number;
}

export interface InflateInWorkerOptions {
  /** Bytes per piece handed over (default 1 MiB). */
  readonly chunkBytes?: number;
  /**
   * Pieces inflated ahead of the reader (default 16): with the piece size, the memory bound,
   * and the slack that lets inflate run on while pieces are scanned.
   */
  readonly ahead?: number;
}

type FromWorker =
  | { type: 'chunk'; slot: number; length: number; continues: boolean; read: number }
  | { type: 'end'; read: number }
  | { type: 'error'; code: string | undefined; message: string };

// The worker's whole program. It is given as source text (not a module file) so that it runs
// the same from `dist/` and from the TypeScript sources that tests load, and it needs nothing but
// Node's own modules. Its event loop does nothing but move data, so zlib's completion callbacks
// run at once and inflate (on libuv's pool) never waits for the scanning thread: on the scanning
// thread itself those callbacks queue behind every chunk being scanned, which made inflate and
// scan take turns instead of running at the same time.
//
// The text goes into slots of a SharedArrayBuffer; only slot numbers cross between the threads
// (moving a 1 MiB ArrayBuffer across costs a fifth of a millisecond, copying it more). It is
// handed over in pieces of whole lines: each piece ends at its last newline and the rest of the
// line starts the next one. A line longer than half a piece is cut at a space, or anywhere
// (continues: the next piece goes on with the same line, and is read as one stream with it).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createReadStream } = require('node:fs');
const { createGunzip } = require('node:zlib');
const { path, shared, slotBytes, slots, ahead } = workerData;
const free = [];
for (let slot = slots - 1; slot >= 0; slot--) free.push(slot);
const slotView = (slot) => new Uint8Array(shared, slot * slotBytes, slotBytes);
let lent = 0;
let read = 0;
let slot = free.pop();
let piece = slotView(slot);
let filled = 0;
const send = (end, continues) => {
  const next = free.pop();
  const carried = slotView(next);
  carried.set(piece.subarray(end, filled), 0);
  lent++;
  parentPort.postMessage({ type: 'chunk', slot, length: end, continues, read });
  filled -= end;
  slot = next;
  piece = carried;
};
// A cut carries at most half a slot into the next piece, so one inflated chunk finishes at most
// two pieces: the worker never runs out of slots before it pauses.
const cut = () => {
  const floor = filled - (slotBytes >> 1);
  const newline = piece.lastIndexOf(0x0a, filled - 1);
  if (newline >= floor) return send(newline + 1, false);
  const space = piece.lastIndexOf(0x20, filled - 1);
  send(space >= floor && space > 0 ? space : filled, true);
};
const raw = createReadStream(path, { highWaterMark: slotBytes });
const gunzip = createGunzip({ chunkSize: slotBytes });
raw.on('data', (chunk) => { read += chunk.length; });
raw.on('error', (error) => gunzip.destroy(error));
gunzip.on('data', (chunk) => {
  for (let at = 0; at < chunk.length; ) {
    const n = Math.min(chunk.length - at, slotBytes - filled);
    piece.set(chunk.subarray(at, at + n), filled);
    filled += n;
    at += n;
    if (filled === slotBytes) cut();
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
parentPort.on('message', (released) => {
  free.push(released);
  lent--;
  if (lent < ahead && gunzip.isPaused()) gunzip.resume();
});
raw.pipe(gunzip);
`;

/** Whole lines of text in a slot of the shared memory, the reader's until it is released. */
export interface InflatedPiece {
  readonly slot: number;
  /** A view of the piece's text (no copy). */
  readonly text: Buffer;
  /** The shared memory and where the piece lies in it, for another thread to read it. */
  readonly shared: SharedArrayBuffer;
  readonly offset: number;
  readonly length: number;
  /** The piece ends inside a line (one longer than a piece), which the next piece goes on with. */
  readonly continues: boolean;
}

/**
 * A gzip file being inflated on a worker thread, handed over in pieces of whole lines in shared
 * memory. A piece is given back with `release` once scanned, on whichever thread that happened;
 * at most `ahead` pieces are out at once.
 */
export class Inflater {
  #read = 0;
  readonly #worker: Worker;
  readonly #shared: SharedArrayBuffer;
  readonly #slotBytes: number;
  readonly #queue: FromWorker[] = [];
  #wake: (() => void) | undefined;
  #finished = false;

  constructor(path: string, options: InflateInWorkerOptions = {}) {
    const slotBytes = options.chunkBytes ?? 1 << 20;
    const ahead = options.ahead ?? 16;
    // One slot being filled, and room for the (up to two) pieces one inflated chunk may finish
    // after the worker has paused.
    const slots = ahead + 3;
    this.#slotBytes = slotBytes;
    this.#shared = new SharedArrayBuffer(slots * slotBytes);
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, shared: this.#shared, slotBytes, slots, ahead },
    });
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
    const offset = message.slot * this.#slotBytes;
    return {
      slot: message.slot,
      text: Buffer.from(this.#shared, offset, message.length),
      shared: this.#shared,
      offset,
      length: message.length,
      continues: message.continues,
    };
  }

  /** Gives a piece's slot back to be filled again. */
  release(piece: InflatedPiece): void {
    if (!this.#finished) this.#worker.postMessage(piece.slot);
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
    const own = Buffer.allocUnsafeSlow(options.chunkBytes ?? 1 << 20);
    try {
      for (;;) {
        const piece = await inflater.next();
        if (!piece) return;
        // Scanned from this thread's own memory: V8 reads shared memory a fifth slower (measured),
        // and the slot goes back to inflate at once.
        const length = piece.text.copy(own, 0);
        inflater.release(piece);
        yield own.subarray(0, length);
      }
    } finally {
      await inflater.close();
    }
  }
  return { chunks: chunks(), bytesRead: () => inflater?.bytesRead ?? 0 };
}
