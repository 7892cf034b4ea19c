import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { isIPv6 } from 'node:net';
import type { ParsePhoneOptions } from '@linekeeper/identity-core';
import { createAccountingAttributeReader } from './accounting-attributes.js';
import { signAccountingResponse, verifyRequestAuthenticator } from './accounting-authenticator.js';
import { type AccountingRecord, type ExpiryPolicy, toAccountingRecord } from './accounting-record.js';
import { checkAccountingPacket } from './check-accounting-packet.js';
import { createMsisdnNormaliser } from './msisdn-normaliser.js';
import type { NasClients } from './nas-clients.js';
import {
  createRetransmissionCache,
  type RetransmissionCacheOptions,
  retransmissionKey,
} from './retransmission-cache.js';
import type { DropReason, SessionMetrics } from './session-metrics.js';
import type { SessionStore } from './session-store.js';

export interface AccountingListenerOptions {
  readonly host: string;
  readonly port: number;
  readonly clients: NasClients;
  readonly store: SessionStore;
  readonly metrics: SessionMetrics;
  readonly defaultCountry: ParsePhoneOptions['defaultCountry'];
  readonly expiry: ExpiryPolicy;
  readonly now?: () => number;
  readonly retransmission?: RetransmissionCacheOptions;
  /** Told about every drop (the app decides what to log; the listener logs nothing). */
  readonly onDrop?: (reason: DropReason, source: string, error?: unknown) => void;
}

export interface AccountingListener {
  readonly address: { readonly address: string; readonly port: number };
  close(): Promise<void>;
}

/**
 * The RADIUS accounting listener (RFC 2866). Each datagram goes through these steps, in order;
 * any failure drops it, counted by reason, with no answer and no change to any session:
 *
 *   1. the source must be a configured NAS client (address or CIDR, compiled at start)
 *   2. framing: Length and every attribute (and vendor sub-attribute) must fit
 *   3. Request Authenticator verified with that client's secret
 *   4. retransmission? re-send the cached answer; never apply twice
 *   5. read the attributes it needs, as the `radius` codec (RFC + 3GPP dictionaries) reads them
 *   6. mandatory attributes present, MSISDN normalised to E.164
 *   7. apply to the session table
 *   8. answer with a signed Accounting-Response (only once the change is recorded, §2)
 */
export async function createAccountingListener(
  options: AccountingListenerOptions,
): Promise<AccountingListener> {
  const { clients, store, metrics } = options;
  const now = options.now ?? Date.now;
  const cache = createRetransmissionCache({ now, ...options.retransmission });
  const readAttributes = createAccountingAttributeReader();
  const normaliseMsisdn = createMsisdnNormaliser({ defaultCountry: options.defaultCountry });
  // Plain numbers, published into the Prometheus counters at each scrape.
  const tally = metrics.accountingTally;
  const family = isIPv6(options.host) ? 6 : 4;
  // Resolved once here (the host may be a name such as `localhost`): the socket's own lookup
  // below only ever sees IP literals.
  const { address: bindAddress } = await lookup(options.host, { family });
  const socket: Socket = createSocket({ type: family === 6 ? 'udp6' : 'udp4', lookup: literalAddress });

  function drop(reason: DropReason, source: string, error?: unknown): void {
    tally.dropped[reason]++;
    options.onDrop?.(reason, source, error);
  }

  function answer(response: Buffer, remote: RemoteInfo): void {
    tally.responses++;
    socket.send(response, remote.port, remote.address);
  }

  async function handle(datagram: Buffer, remote: RemoteInfo): Promise<void> {
    const source = remote.address;
    const client = clients.match(source);
    if (!client) return drop('unknown-client', source);

    const malformed = checkAccountingPacket(datagram);
    if (malformed) return drop(malformed, source);

    if (!verifyRequestAuthenticator(datagram, client.secret)) return drop('bad-authenticator', source);

    const key = retransmissionKey(source, remote.port, datagram);
    const cached = cache.begin(key);
    if (cached.state === 'answered') {
      tally.retransmissions++;
      return answer(cached.response, remote);
    }
    if (cached.state === 'in-flight') return drop('retransmission-in-flight', source);

    let record: AccountingRecord;
    try {
      const decoded = toAccountingRecord(readAttributes(datagram), {
        client,
        source,
        now: now(),
        normaliseMsisdn,
        expiry: options.expiry,
      });
      if (!decoded.ok) {
        cache.abandon(key);
        return drop(decoded.reason, source);
      }
      record = decoded.record;
    } catch (error) {
      cache.abandon(key);
      return drop('undecodable', source, error);
    }

    try {
      await apply(record);
    } catch (error) {
      cache.abandon(key);
      return drop('store-unavailable', source, error);
    }

    const response = signAccountingResponse(datagram, client.secret);
    cache.complete(key, response);
    answer(response, remote);
  }

  async function apply(record: AccountingRecord): Promise<void> {
    switch (record.kind) {
      case 'session':
        count(tally.requests, record.statusType);
        count(tally.changes, await store.record(record.session));
        return;
      case 'stop':
        count(tally.requests, 'Stop');
        count(tally.changes, await store.stop(record.request));
        return;
      case 'nas':
        count(tally.requests, record.statusType);
        count(tally.changes, 'dropped-nas', await store.dropNas(record.nas));
        return;
      case 'other':
        // Answered (RFC 2866 asks that every recorded request be answered), but no session changes.
        count(tally.requests, 'other');
        return;
    }
  }

  socket.on('message', (datagram, remote) => {
    // handle() catches its own failures; this guards against a bug ever ending the listener.
    handle(datagram, remote).catch((error: unknown) => drop('undecodable', remote.address, error));
  });
  socket.on('error', () => {});

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, bindAddress, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  try {
    // Absorb bursts (a NAS restarting re-sends every session at once); the OS may cap these.
    socket.setRecvBufferSize(8 * 1024 * 1024);
    socket.setSendBufferSize(4 * 1024 * 1024);
  } catch {
    // Left at the OS default: still correct, only more likely to drop under a burst.
  }
  const bound = socket.address();

  return {
    address: { address: bound.address, port: bound.port },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}

/**
 * Answers only ever go to the address a request came from, an IP literal: "resolving" it is
 * the identity, done synchronously (the default lookup defers every send by a tick for this).
 */
function literalAddress(
  address: string,
  family: unknown,
  callback: (error: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  callback(null, address, family === 6 ? 6 : 4);
}

/** Counts only pre-declared labels (each metric declares its label values up front). */
function count(counts: Record<string, number>, label: string, by = 1): void {
  const current = counts[label];
  if (current !== undefined) counts[label] = current + by;
}
