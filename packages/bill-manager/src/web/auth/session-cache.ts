import type { Viewer } from './viewer.js';

export interface SessionCacheOptions {
  /** How long a looked-up session is trusted without asking the database again; 0: never. */
  readonly ttlMs: number;
  /** Sessions kept at most; the least recently used goes first. */
  readonly maxEntries: number;
}

/**
 * A short in-process memory of session lookups, so a busy page does not read `web_sessions`
 * on every request. Correctness rules:
 *
 * - Anything this process changes about a session or its user (sign out, sign out everywhere,
 *   disable, role or scope change, password reset, TOTP, break-glass) calls `forget…` after the
 *   database write, and is refused from the next request on.
 * - A lookup that was reading the database while such a change happened is not remembered
 *   (`generation` moved on while it ran), so an answer read before a revocation cannot be
 *   cached after it.
 * - An entry is never used past its session's absolute expiry or its break-glass grant's.
 * - Across processes there is no message: a revocation made by another process (another
 *   server behind the same database) takes effect here after at most `ttlMs`.
 */
export interface SessionCache {
  /** Call before reading the database; pass the result to `remember`. */
  generation(): number;
  get(key: string, now: number): Viewer | undefined;
  remember(key: string, viewer: Viewer, since: number, now: number): void;
  forget(key: string): void;
  forgetUser(userId: string): void;
  readonly size: number;
}

interface Entry {
  readonly viewer: Viewer;
  readonly until: number;
}

export function createSessionCache(options: SessionCacheOptions): SessionCache {
  const entries = new Map<string, Entry>();
  let generation = 0;
  const enabled = options.ttlMs > 0 && options.maxEntries > 0;

  return {
    generation: () => generation,

    get(key, now) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.until <= now) {
        entries.delete(key);
        return undefined;
      }
      // Most recently used last: the map's insertion order is the eviction order.
      entries.delete(key);
      entries.set(key, entry);
      return entry.viewer;
    },

    remember(key, viewer, since, now) {
      if (!enabled || since !== generation) return;
      const grant = viewer.session.breakGlass;
      const until = Math.min(
        now + options.ttlMs,
        viewer.session.expiresAt.getTime(),
        grant ? grant.expiresAt.getTime() : Number.POSITIVE_INFINITY,
      );
      if (until <= now) return;
      entries.delete(key);
      entries.set(key, { viewer, until });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },

    forget(key) {
      generation += 1;
      entries.delete(key);
    },

    forgetUser(userId) {
      generation += 1;
      for (const [key, entry] of entries) {
        if (entry.viewer.userId === userId) entries.delete(key);
      }
    },

    get size() {
      return entries.size;
    },
  };
}
