const TWO_32 = 4_294_967_296;
const CHUNK_BYTES = 1 << 20;
const EMPTY = Buffer.alloc(0);
// pg_type OIDs of the array element types written.
const ELEMENT_OIDS = { text: 25, int4: 23, int8: 20 } as const;
export type ArrayElementType = keyof typeof ELEMENT_OIDS;

/**
 * Writes binary COPY tuples (PostgreSQL's `COPY … (FORMAT binary)` row format) into large
 * buffers: per field a 32-bit length (-1 for NULL) and the value in the type's binary form.
 * The server then parses no text: a uuid is 16 bytes copied, a timestamp 8. Values are written
 * in place, with no per-field allocation; `mark`/`rollback` undo a row that turned out bad.
 * The file header and trailer are the COPY's, not the writer's.
 */
export class CopyTupleWriter {
  #buffer = EMPTY;
  #at = 0;
  #full: Buffer[] = [];

  /** Makes room for a row of at most `bytes`, so the writes that follow need no checks. */
  reserve(bytes: number): void {
    if (this.#at + bytes <= this.#buffer.length) return;
    if (this.#at > 0) this.#full.push(this.#buffer.subarray(0, this.#at));
    this.#buffer = Buffer.allocUnsafe(Math.max(CHUNK_BYTES, bytes));
    this.#at = 0;
  }

  /** Where the current row starts; `rollback` returns there. Call after `reserve`. */
  mark(): number {
    return this.#at;
  }

  rollback(mark: number): void {
    this.#at = mark;
  }

  /** Bytes written since the last `take`. */
  get pending(): number {
    let bytes = this.#at;
    for (const buffer of this.#full) bytes += buffer.length;
    return bytes;
  }

  /** The tuples written since the last call. */
  take(): Buffer[] {
    const out = this.#full;
    if (this.#at > 0) out.push(this.#buffer.subarray(0, this.#at));
    this.#full = [];
    // The next `reserve` allocates: a writer that is done holds no buffer.
    this.#buffer = EMPTY;
    this.#at = 0;
    return out;
  }

  // Big-endian integers byte by byte: a typed array keeps the low 8 bits of what it is given,
  // and this is several times cheaper than Buffer's checked writeInt32BE.

  /** Starts a tuple of `fields` fields. */
  tuple(fields: number): void {
    const buffer = this.#buffer;
    const at = this.#at;
    buffer[at] = fields >>> 8;
    buffer[at + 1] = fields;
    this.#at = at + 2;
  }

  null(): void {
    this.#int32(-1);
  }

  int4(value: number): void {
    this.#int32(4);
    this.#int32(value);
  }

  /** A whole number within ±2^53 (money, volumes, microsecond times) as int8. */
  int8(value: number): void {
    const high = Math.floor(value / TWO_32);
    this.#int32(8);
    this.#int32(high);
    this.#int32(value - high * TWO_32);
  }

  /**
   * A one-dimensional array without NULLs (array_recv's form: dimensions, the element type, then
   * each element with its length), its elements written by `element`; its length is filled in
   * once they are written.
   */
  array<T>(elementType: ArrayElementType, values: readonly T[], element: (value: T) => void): void {
    const start = this.#at;
    this.#at += 4;
    this.#int32(1);
    this.#int32(0);
    this.#int32(ELEMENT_OIDS[elementType]);
    this.#int32(values.length);
    this.#int32(1);
    for (const value of values) element(value);
    const end = this.#at;
    this.#at = start;
    this.#int32(end - start - 4);
    this.#at = end;
  }

  #int32(value: number): void {
    const buffer = this.#buffer;
    const at = this.#at;
    buffer[at] = value >>> 24;
    buffer[at + 1] = value >>> 16;
    buffer[at + 2] = value >>> 8;
    buffer[at + 3] = value;
    this.#at = at + 4;
  }

  /** A time as microseconds since 2000-01-01 UTC (timestamptz), given as seconds and micros. */
  timestamp(seconds: number, micros: number): void {
    const value = seconds * 1_000_000 + micros;
    if (Number.isSafeInteger(value)) {
      this.int8(value);
      return;
    }
    this.#int32(8);
    this.#buffer.writeBigInt64BE(BigInt(seconds) * 1_000_000n + BigInt(micros), this.#at);
    this.#at += 8;
  }

  /** Bytes already in binary form, length included (a precomputed run of fields). */
  raw(bytes: Uint8Array): void {
    const buffer = this.#buffer;
    let at = this.#at;
    // A few dozen bytes: a loop beats the native copy's call overhead.
    for (let i = 0; i < bytes.length; i += 1) buffer[at++] = bytes[i] as number;
    this.#at = at;
  }

  /** A text field copied from `source[start, end)` (UTF-8 already); empty is NULL. */
  slice(source: Uint8Array, start: number, end: number): void {
    if (end === start) {
      this.#int32(-1);
      return;
    }
    this.#int32(end - start);
    const buffer = this.#buffer;
    let at = this.#at;
    // Fields are short: a loop beats the native copy's call overhead.
    for (let i = start; i < end; i += 1) buffer[at++] = source[i] as number;
    this.#at = at;
  }

  /** A text field from a string; undefined is NULL. */
  text(value: string | undefined): void {
    if (value === undefined) {
      this.null();
      return;
    }
    const at = this.#at;
    const length = this.#buffer.write(value, at + 4, 'utf8');
    this.#int32(length);
    this.#at = at + 4 + length;
  }
}

/** Field bytes of values fixed for a whole group of rows: int8 and uuid fields, length included. */
export function fixedFields(values: readonly ({ int8: number } | { uuid: string })[]): Buffer {
  const parts = values.map((value) => {
    if ('int8' in value) {
      const part = Buffer.alloc(12);
      part.writeInt32BE(8, 0);
      part.writeBigInt64BE(BigInt(value.int8), 4);
      return part;
    }
    const hex = value.uuid.replaceAll('-', '');
    if (!/^[0-9a-f]{32}$/i.test(hex)) throw new TypeError(`not a uuid: ${value.uuid}`);
    const part = Buffer.alloc(20);
    part.writeInt32BE(16, 0);
    part.write(hex, 4, 'hex');
    return part;
  });
  return Buffer.concat(parts);
}
