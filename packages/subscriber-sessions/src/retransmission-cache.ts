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

interface Entry {
  readonly at: number;
  response: Buffer | undefined;
}

/**
 * RFC 2866 §3 / RFC 5080 §2.2.2: a NAS that hears no answer re-sends the same packet (same
 * source, Identifier and Request Authenticator). Applying it twice would be harmless for most
 * changes but not for all (a Start re-applied after a later Start from another session), so it
 * is answered again from here instead. Insertion order = age, so expiry pops from the front.
 */
export function createRetransmissionCache(options: RetransmissionCacheOptions = {}): RetransmissionCache {
  const windowMs = options.windowMs ?? 30_000;
  const maxEntries = options.maxEntries ?? 100_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  function prune(at: number): void {
    for (const [key, entry] of entries) {
      if (entries.size < maxEntries && entry.at + windowMs > at) break;
      entries.delete(key);
    }
  }

  return {
    begin(key) {
      const at = now();
      prune(at);
      const entry = entries.get(key);
      if (entry === undefined) {
        entries.set(key, { at, response: undefined });
        return { state: 'new' };
      }
      return entry.response === undefined
        ? { state: 'in-flight' }
        : { state: 'answered', response: entry.response };
    },
    complete(key, response) {
      const entry = entries.get(key);
      if (entry) entry.response = response;
    },
    abandon(key) {
      entries.delete(key);
    },
    get size() {
      return entries.size;
    },
  };
}

/** The cache key of a datagram: source address and port, Identifier, Request Authenticator. */
export function retransmissionKey(address: string, port: number, datagram: Buffer): string {
  return `${address}|${port}|${datagram.toString('latin1', 1, 2)}${datagram.toString('latin1', 4, 20)}`;
}
