/** IPv4 address (uint32) → slot number, for the in-process session table. */
export interface Ipv4Index {
  /** The slot, or -1. */
  get(address: number): number;
  set(address: number, slot: number): void;
  delete(address: number): boolean;
  readonly size: number;
}

const MAX_LOAD = 0.5;

/**
 * An open-addressing hash table (linear probing, backward-shift deletion, Fibonacci hashing)
 * over two typed arrays: 8 bytes a bucket, kept at most half full, so about 16 bytes an entry
 * and usually one cache line a lookup. A JS Map costs roughly three times that and allocates.
 */
export function createIpv4Index(initialCapacity = 1024): Ipv4Index {
  let bits = Math.max(4, Math.ceil(Math.log2(initialCapacity)));
  let keys = new Uint32Array(1 << bits);
  let values = new Int32Array(1 << bits); // slot + 1; 0 = empty bucket
  let mask = (1 << bits) - 1;
  let size = 0;

  const home = (key: number): number => Math.imul(key, 0x9e3779b1) >>> (32 - bits);

  function find(key: number): number {
    let i = home(key);
    while (values[i] !== 0) {
      if (keys[i] === key) return i;
      i = (i + 1) & mask;
    }
    return -1 - i; // not found: -1 - (the empty bucket where it would go)
  }

  function grow(): void {
    const oldKeys = keys;
    const oldValues = values;
    bits++;
    keys = new Uint32Array(1 << bits);
    values = new Int32Array(1 << bits);
    mask = (1 << bits) - 1;
    for (let i = 0; i < oldValues.length; i++) {
      const value = oldValues[i] ?? 0;
      if (value === 0) continue;
      const key = oldKeys[i] ?? 0;
      let j = home(key);
      while (values[j] !== 0) j = (j + 1) & mask;
      keys[j] = key;
      values[j] = value;
    }
  }

  return {
    get(address) {
      const i = find(address >>> 0);
      return i >= 0 ? (values[i] ?? 0) - 1 : -1;
    },
    set(address, slot) {
      const key = address >>> 0;
      let i = find(key);
      if (i < 0) {
        if (size + 1 > values.length * MAX_LOAD) {
          grow();
          i = find(key);
        }
        i = -1 - i;
        keys[i] = key;
        size++;
      }
      values[i] = slot + 1;
    },
    delete(address) {
      let i = find(address >>> 0);
      if (i < 0) return false;
      // Backward-shift deletion: pull later members of the probe run into the gap, so lookups
      // never need tombstones.
      let j = i;
      for (;;) {
        j = (j + 1) & mask;
        if (values[j] === 0) break;
        const h = home(keys[j] ?? 0);
        const movable = i <= j ? h <= i || h > j : h <= i && h > j;
        if (movable) {
          keys[i] = keys[j] ?? 0;
          values[i] = values[j] ?? 0;
          i = j;
        }
      }
      values[i] = 0;
      size--;
      return true;
    },
    get size() {
      return size;
    },
  };
}
