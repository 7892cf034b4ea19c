/**
 * A bounded cache that keeps what is used: two generations of `Map`. Lookups hit the young
 * generation, or promote from the old one; when the young one is full it becomes the old one
 * and the previous old one is dropped whole. Unlike a delete-on-hit LRU this never leaves
 * tombstones in a `Map` (which makes V8's `Map` iteration and lookups degrade under churn),
 * and it still holds every key used within the last `capacity` distinct insertions. Logs repeat
 * the same numbers millions of times, so the scanner validates each distinct candidate once.
 */
export class LruCache<K, V> {
  #young = new Map<K, V>();
  #old = new Map<K, V>();
  readonly #half: number;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 2)
      throw new RangeError('capacity must be an integer of at least 2');
    this.#half = Math.floor(capacity / 2);
  }

  /** Entries held (at most `capacity`). */
  get size(): number {
    return this.#young.size + this.#old.size;
  }

  get(key: K): V | undefined {
    const young = this.#young.get(key);
    if (young !== undefined || this.#young.has(key)) return young;
    if (!this.#old.has(key)) return undefined;
    const value = this.#old.get(key) as V;
    this.#insert(key, value);
    return value;
  }

  has(key: K): boolean {
    return this.#young.has(key) || this.#old.has(key);
  }

  set(key: K, value: V): void {
    if (this.#young.has(key)) this.#young.set(key, value);
    else this.#insert(key, value);
  }

  #insert(key: K, value: V): void {
    if (this.#young.size >= this.#half) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, value);
  }
}
