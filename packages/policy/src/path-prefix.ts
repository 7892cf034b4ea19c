/**
 * Path prefixes are segment-aware: `/billing` covers `/billing` and `/billing/…` but not
 * `/billingx`; a prefix ending in `/` covers exactly what starts with it; `/` covers every path.
 */
export function pathPrefixCovers(prefix: string, path: string): boolean {
  if (prefix === '/' || path === prefix) return true;
  if (prefix.endsWith('/')) return path.startsWith(prefix);
  return path.startsWith(prefix) && path.charCodeAt(prefix.length) === 0x2f;
}

/** True when every path `inner` covers is also covered by `outer`. */
export function pathPrefixContains(outer: string, inner: string): boolean {
  return pathPrefixCovers(outer, inner);
}

/** Two prefixes cover a common path only when one contains the other (both are subtrees). */
export function pathPrefixesOverlap(a: string, b: string): boolean {
  return pathPrefixCovers(a, b) || pathPrefixCovers(b, a);
}

const NEEDS_URL_NORMALISATION = /\/\.|\\|%2e|%2f|%5c/i;

/**
 * The path of a request target as the policy compares it: query and fragment dropped, dot
 * segments resolved (`/billing/../admin` is `/admin`), so a client cannot walk a prefix match
 * onto another path. Anything that is not an absolute path is `undefined` and matches nothing.
 */
export function normaliseRequestPath(target: string): string | undefined {
  let end = target.length;
  const query = target.indexOf('?');
  if (query !== -1) end = query;
  const hash = target.indexOf('#');
  if (hash !== -1 && hash < end) end = hash;
  const path = end === target.length ? target : target.slice(0, end);
  if (path.charCodeAt(0) !== 0x2f) return undefined;
  if (!NEEDS_URL_NORMALISATION.test(path)) return path;
  // Encoded dots or slashes could be decoded by the origin into a different path: match nothing.
  if (/%2e|%2f|%5c/i.test(path)) return undefined;
  try {
    return new URL(path, 'http://policy.invalid').pathname;
  } catch {
    return undefined;
  }
}
