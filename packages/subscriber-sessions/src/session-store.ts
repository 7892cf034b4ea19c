/**
 * Who holds an address right now, as learned from RADIUS accounting. Times are milliseconds
 * since the epoch. `lastEventAt` is the NAS's Event-Timestamp (or the arrival time when the NAS
 * sends none): an event older than it never changes the session.
 */
export interface Session {
  /** E.164, normalised by the identity core. */
  readonly msisdn: string;
  readonly imsi: string | undefined;
  readonly imeisv: string | undefined;
  /** 3GPP-RAT-Type (TS 29.061): 1 UTRAN, 2 GERAN, 3 WLAN, 6 EUTRAN, ... */
  readonly ratType: number | undefined;
  /** The NAS, namespaced by the configured client: `client-name/NAS-Identifier-or-IP`. */
  readonly nas: string;
  readonly accountingSessionId: string;
  readonly framedIpAddress: string | undefined;
  /** Delegated prefix, e.g. `2001:db8:0:1::/64`; lengths are those in IPV6_PREFIX_LENGTHS. */
  readonly framedIpv6Prefix: string | undefined;
  readonly startedAt: number;
  readonly lastSeenAt: number;
  readonly expiresAt: number;
  readonly lastEventAt: number;
}

/**
 * `unknown` means the store could not answer (Redis down or slow): a caller must then name
 * nobody, never fall back to an older answer.
 */
export type LookupResult =
  | { readonly status: 'found'; readonly session: Session }
  | { readonly status: 'none' }
  | { readonly status: 'unknown' };

/**
 * What a Start or Interim-Update did: `created` a session, `refreshed` the same one,
 * `replaced` another session that held the address, or nothing because the event is `stale`
 * (older than what the address already saw).
 */
export type RecordOutcome = 'created' | 'refreshed' | 'replaced' | 'stale';

export interface StopRequest {
  readonly nas: string;
  readonly accountingSessionId: string;
  readonly framedIpAddress: string | undefined;
  readonly framedIpv6Prefix: string | undefined;
}

export type StopOutcome = 'stopped' | 'no-match';

/**
 * The session table. Two implementations share this contract and one test suite:
 * `createMemorySessionStore` (in process) and `createRedisSessionStore` (shared by several
 * gateway instances). Write methods throw when the store cannot record; `lookup` never throws.
 */
export interface SessionStore {
  /**
   * Start or Interim-Update: the session takes its addresses, replacing any other session
   * holding them, unless one of those holders has seen a newer event.
   */
  record(session: Session): Promise<RecordOutcome>;
  /** Stop: removes the session at the given addresses only if its Acct-Session-Id (and NAS) match. */
  stop(request: StopRequest): Promise<StopOutcome>;
  /** Accounting-On/Off: drops every session of the NAS; resolves to how many. */
  dropNas(nas: string): Promise<number>;
  /** By IPv4 address, or by IPv6 address within a session's delegated prefix. */
  lookup(address: string): Promise<LookupResult>;
  /** Whether the store can answer right now (for `/healthz`). */
  ready(): Promise<boolean>;
  close(): Promise<void>;
}
