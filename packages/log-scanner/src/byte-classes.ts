import { BYTE_CLASSES_WASM } from './byte-classes-wasm.js';

/** The shortest digit run the first pass lists (fixed in `byte-classes.wat`). */
export const CLASSES_MIN_RUN = 5;
/** The largest region classified at once; the scanner cuts larger ones at line ends. */
export const CLASSES_WINDOW = 1 << 15;
const PAD = 128;
const LIST_BYTES = 4 * (CLASSES_WINDOW / 2 + 16);
const RUNS_AT = CLASSES_WINDOW + PAD;
const PLUS_AT = RUNS_AT + LIST_BYTES;
const NAMES_AT = PLUS_AT + LIST_BYTES;
const LINES_AT = NAMES_AT + LIST_BYTES;
const LINE_BLOCK_SHIFT = 12;
const MEMORY_BYTES = LINES_AT + 4 * ((CLASSES_WINDOW + PAD) / 4096 + 2);

interface ClassifierExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  readonly classify: (len: number, runs: number, plus: number, names: number, lines: number) => number;
  readonly runCount: { readonly value: number };
  readonly plusCount: { readonly value: number };
  readonly nameCount: { readonly value: number };
}

// The part of the WebAssembly API used here (the project's `lib` has no DOM types, which is
// where TypeScript declares it).
interface WebAssemblyApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/**
 * The scanner's first pass over a region (`byte-classes.wat`): WebAssembly SIMD reads all of it
 * 16 bytes at a time and lists, as offsets from the region's start, where runs of five or more
 * digits start (what the stride would land on), each `+` before a digit, each place a tracking
 * header name may start (`x-`, `X_`), and how many newlines precede each 4 KiB block. The
 * JavaScript rules then run only at those places. One instance per scanner; its lists are
 * valid until the next `classify`.
 */
export class ByteClasses {
  readonly runs: Int32Array;
  readonly plus: Int32Array;
  readonly names: Int32Array;
  runCount = 0;
  plusCount = 0;
  nameCount = 0;
  /** Newlines in the region. */
  newlines = 0;
  readonly #exports: ClassifierExports;
  readonly #bytes: Uint8Array;
  readonly #lines: Int32Array;

  constructor() {
    const module = new wasm.Module(Buffer.from(BYTE_CLASSES_WASM, 'base64'));
    this.#exports = new wasm.Instance(module, {}).exports as unknown as ClassifierExports;
    const memory = this.#exports.memory;
    memory.grow(Math.ceil((MEMORY_BYTES - memory.buffer.byteLength) / 65_536));
    // The memory never grows again, so these views stay attached.
    const buffer = memory.buffer;
    this.#bytes = new Uint8Array(buffer, 0, RUNS_AT);
    this.runs = new Int32Array(buffer, RUNS_AT, LIST_BYTES / 4);
    this.plus = new Int32Array(buffer, PLUS_AT, LIST_BYTES / 4);
    this.names = new Int32Array(buffer, NAMES_AT, LIST_BYTES / 4);
    this.#lines = new Int32Array(buffer, LINES_AT, (MEMORY_BYTES - LINES_AT) / 4);
  }

  /** Classifies `buf[from, to)`, at most `CLASSES_WINDOW` bytes. */
  classify(buf: Uint8Array, from: number, to: number): void {
    const len = to - from;
    if (len > CLASSES_WINDOW) throw new RangeError(`a region of ${len} bytes is over the window`);
    this.#bytes.set(buf.subarray(from, to), 0);
    this.#bytes.fill(0, len, len + PAD);
    const out = this.#exports;
    this.newlines = out.classify(len, RUNS_AT, PLUS_AT, NAMES_AT, LINES_AT);
    this.runCount = out.runCount.value;
    this.plusCount = out.plusCount.value;
    this.nameCount = out.nameCount.value;
  }

  /** Newlines before the 4 KiB block that holds region offset `offset`, and where that block starts. */
  blockLines(offset: number): number {
    return this.#lines[offset >> LINE_BLOCK_SHIFT] as number;
  }

  static blockStart(offset: number): number {
    return (offset >> LINE_BLOCK_SHIFT) << LINE_BLOCK_SHIFT;
  }
}
