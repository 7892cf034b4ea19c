/** A distinct short byte string seen in a file, with what the reader decided about it. */
export interface ByteString {
  readonly text: string;
  /** Set by the caller the first time (e.g. whether it is a valid number); kept with the text. */
  valid: boolean | undefined;
}

interface Slot extends ByteString {
  readonly bytes: Uint8Array;
  readonly hash: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Interns short ASCII byte ranges (called numbers, which repeat all through a records file):
 * the same bytes give the same `ByteString`, found by hashing the bytes where they lie, so a
 * row makes no string of its own and a number is checked once. An open-addressing table, cleared
 * when it holds `limit` entries, so memory stays bounded on a file of all-distinct values.
 */
export class ByteStrings {
  #slots: (Slot | undefined)[];
  #mask: number;
  #count = 0;

  constructor(private readonly limit = 200_000) {
    this.#slots = new Array(1024);
    this.#mask = 1023;
  }

  get(source: Uint8Array, start: number, end: number): ByteString {
    let hash = FNV_OFFSET;
    for (let i = start; i < end; i += 1) hash = Math.imul(hash ^ (source[i] as number), FNV_PRIME);
    const length = end - start;
    let index = hash & this.#mask;
    for (;;) {
      const slot = this.#slots[index];
      if (slot === undefined) break;
      if (slot.hash === hash && slot.bytes.length === length) {
        let i = 0;
        while (i < length && slot.bytes[i] === source[start + i]) i += 1;
        if (i === length) return slot;
      }
      index = (index + 1) & this.#mask;
    }
    if (this.#count >= this.limit) {
      this.#slots = new Array(this.#slots.length);
      this.#count = 0;
      index = hash & this.#mask;
    } else if ((this.#count + 1) * 2 > this.#slots.length) {
      this.#grow();
      index = hash & this.#mask;
    }
    while (this.#slots[index] !== undefined) index = (index + 1) & this.#mask;
    // A copy: the source is a read buffer, and a view would keep all of it alive.
    const bytes = new Uint8Array(length);
    for (let i = 0; i < length; i += 1) bytes[i] = source[start + i] as number;
    const text = Buffer.from(bytes.buffer, 0, length).toString('latin1');
    const slot: Slot = { bytes, hash, text, valid: undefined };
    this.#slots[index] = slot;
    this.#count += 1;
    return slot;
  }

  #grow(): void {
    const old = this.#slots;
    this.#slots = new Array(old.length * 2);
    this.#mask = this.#slots.length - 1;
    for (const slot of old) {
      if (slot === undefined) continue;
      let index = slot.hash & this.#mask;
      while (this.#slots[index] !== undefined) index = (index + 1) & this.#mask;
      this.#slots[index] = slot;
    }
  }
}
