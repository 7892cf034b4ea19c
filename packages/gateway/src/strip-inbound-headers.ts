import { isIdentityHeaderName } from '@linekeeper/identity-core';
import { HOP_BY_HOP_HEADERS } from './hop-by-hop.js';

export interface StrippedRequestHeaders {
  /** What may be forwarded, flat (name, value, …), original case and order; without Host. */
  readonly headers: string[];
  /** Every `Host` value received (a valid request has exactly one). */
  readonly hosts: string[];
  /** Identity headers removed (every occurrence counts). */
  readonly stripped: number;
}

export interface HeaderStripper {
  /**
   * Step 1 of the request path. `policyHeaderNames` (lower case) are the names the running policy
   * can inject: a client must never be able to pre-fill one of them. `connection` holds the
   * lower-case tokens of the request's `Connection` fields (each names a hop-by-hop field).
   */
  strip(
    rawHeaders: readonly string[],
    connection: ReadonlySet<string> | undefined,
    policyHeaderNames: ReadonlySet<string>,
  ): StrippedRequestHeaders;
}

const CACHE_LIMIT = 4096;

/**
 * Removes identity headers (every catalogue name, every name that looks like one by its suffix or
 * words, every name the policy can inject; any case, every duplicate) and hop-by-hop headers,
 * including those the client names in `Connection`. The catalogue verdict for a name is cached
 * (lower case), since browsers send the same few dozen names over and over.
 */
export function createHeaderStripper(): HeaderStripper {
  const verdicts = new Map<string, boolean>();
  const isIdentity = (lower: string): boolean => {
    let verdict = verdicts.get(lower);
    if (verdict === undefined) {
      verdict = isIdentityHeaderName(lower);
      if (verdicts.size >= CACHE_LIMIT) verdicts.clear();
      verdicts.set(lower, verdict);
    }
    return verdict;
  };

  return {
    strip(rawHeaders, listed, policyHeaderNames) {
      const headers: string[] = [];
      const hosts: string[] = [];
      let stripped = 0;
      for (let i = 0; i < rawHeaders.length; i += 2) {
        const name = rawHeaders[i] as string;
        const value = rawHeaders[i + 1] as string;
        const lower = name.toLowerCase();
        if (lower === 'host') {
          hosts.push(value);
          continue;
        }
        if (HOP_BY_HOP_HEADERS.has(lower) || listed?.has(lower)) continue;
        if (policyHeaderNames.has(lower) || isIdentity(lower)) {
          stripped += 1;
          continue;
        }
        headers.push(name, value);
      }
      return { headers, hosts, stripped };
    },
  };
}
