/**
 * Dashboard answers, serialised, in memory. The key names everything an answer depends on —
 * the company, the viewer's scope and the publication version (which names the published bill
 * runs) — and published runs never change, so an entry is right for as long as its key is asked:
 * a new publication (in this process or any other) changes the version and so every key, and a
 * changed scope is a different key. Entries of another version are dropped when a request sees a
 * new one; the least recently used go first past `maxEntries`. Answers being computed are shared,
 * so fifty sessions opening the dashboard after a publication run its queries once.
 */
export interface DashboardCache {
  /** The answer held for `key`, if any (nothing is computed). */
  held(key: string): Promise<string> | undefined;
  /** The answer for `key`, computing it with `compute` when it is not held. */
  answer(key: string, version: string, compute: () => Promise<string>): Promise<string>;
  readonly size: number;
}

export function createDashboardCache(options: { readonly maxEntries: number }): DashboardCache {
  const entries = new Map<string, Promise<string>>();
  let currentVersion: string | undefined;

  const held = (key: string) => {
    const answer = entries.get(key);
    if (!answer) return undefined;
    // Most recently used last: the map's insertion order is the eviction order.
    entries.delete(key);
    entries.set(key, answer);
    return answer;
  };

  return {
    held,

    answer(key, version, compute) {
      if (options.maxEntries <= 0) return compute();
      if (version !== currentVersion) {
        // A publication happened: answers of the previous version will not be asked for again.
        entries.clear();
        currentVersion = version;
      }
      const ready = held(key);
      if (ready) return ready;
      const computing = compute();
      entries.set(key, computing);
      computing.catch(() => {
        if (entries.get(key) === computing) entries.delete(key);
      });
      while (entries.size > options.maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return computing;
    },

    get size() {
      return entries.size;
    },
  };
}
