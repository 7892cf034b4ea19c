export interface RetransmissionCacheOptions {
  /** How long an answer is kept for re-sending; NASes retransmit within seconds. */
  readonly windowMs?: number;
  /** Bound on memory under a flood: the oldest entries go first. */
  readonly maxEntries?: number;
  readonly now?: () => number;
}

/** What to do with a request: apply it (`new`), re-send a cached answer, or wait for the first copy. */
export type CacheState =
  | { readonly state: 'new' }
  | { readonly state: 'answered'; readonly response: Buffer }
  | { readonly state: 'in-flight' };

export interface RetransmissionCache {
  /** Looks up the request; when it is new, marks it in flight. */
  begin(key: string): CacheState;
  complete(key: string, response: Buffer): void;
  /** The request could not be applied: forget it, so its retransmission is tried afresh. */
  abandon(key: string): void;
  readonly size: number;
}

/**
 * RFC 2866 §3 / RFC 5080 §2.2.2: a NAS that hears no answer re-sends the same packet (same
 * source, Identifier and Request Authenticator). Applying it twice would be harmless for most
 * changes but not for all (a Start re-applied after a later Start from another session), so it
 * is answered again from here instead. Keys also sit in a queue in arrival order, so expiry pops
 * from its front in O(1) (iterating a Map from the front would skip every deleted slot), and an
 * entry is just its answer (or `null` while in flight): nothing else kept alive per request.
 */
export function createRetransmissionCache(options: RetransmissionCacheOptions = {}): RetransmissionCache {
  const windowMs = options.windowMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Buffer | null>();
  let keys: string[] = [];
  let times: number[] = [];
  let head = 0;
  // Keys abandoned while still queued: their queued copy (the oldest one) must not evict a retry.
  const abandoned = new Map<string, number>();

  function prune(at: number): void {
    while (head < keys.length) {
      // Abandoned keys stay queued until they age out; the queue is bounded too.
      const full = entries.size >= maxEntries || keys.length - head > 2 * maxEntries;
      if (!full && (times[head] ?? 0) + windowMs > at) break;
      const key = keys[head] as string;
      head++;
      const stale = abandoned.get(key);
      if (stale === undefined) entries.delete(key);
      else if (stale > 1) abandoned.set(key, stale - 1);
      else abandoned.delete(key);
    }
    if (head > 1024 && head * 2 > keys.length) {
      keys = keys.slice(head);
      times = times.slice(head);
      head = 0;
    }
  }

  return {
    begin(key) {
      const at = now();
      prune(at);
      const response = entries.get(key);
      if (response === undefined) {
        entries.set(key, null);
        keys.push(key);
        times.push(at);
        return NEW;
      }
      return response === null ? IN_FLIGHT : { state: 'answered', response };
    },
    complete(key, response) {
      if (entries.get(key) === null) entries.set(key, response);
    },
    abandon(key) {
      if (entries.delete(key)) abandoned.set(key, (abandoned.get(key) ?? 0) + 1);
    },
    get size() {
      return entries.size;
    },
  };
}

const NEW: CacheState = Object.freeze({ state: 'new' });
const IN_FLIGHT: CacheState = Object.freeze({ state: 'in-flight' });

/**
 * The cache key of a datagram: source address and port, then its header as one latin1 string —
 * Identifier and Request Authenticator (plus Code and Length, which the verified authenticator
 * already covers, so they never split a retransmission from its original).
 */
export function retransmissionKey(address: string, port: number, datagram: Buffer): string {
  return `${address}|${port}|${datagram.toString('latin1', 0, 20)}`;
}
