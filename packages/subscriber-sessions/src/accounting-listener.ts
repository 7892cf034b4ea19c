import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import type { ParsePhoneOptions } from '@linekeeper/identity-core';
import { signAccountingResponse, verifyRequestAuthenticator } from './accounting-authenticator.js';
import { type AccountingRecord, type ExpiryPolicy, toAccountingRecord } from './accounting-record.js';
import { checkAccountingPacket } from './check-accounting-packet.js';
import { createMsisdnNormaliser } from './msisdn-normaliser.js';
import type { NasClients } from './nas-clients.js';
import { decodeAccountingRequest } from './radius-codec.js';
import {
  createRetransmissionCache,
  type RetransmissionCacheOptions,
  retransmissionKey,
} from './retransmission-cache.js';
import {
  CHANGE_OUTCOMES,
  DROP_REASONS,
  type DropReason,
  type SessionMetrics,
  STATUS_TYPES,
} from './session-metrics.js';
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
 *   5. decode with the `radius` codec (RFC + 3GPP dictionaries)
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
  const normaliseMsisdn = createMsisdnNormaliser({ defaultCountry: options.defaultCountry });
  const changes = new Map(CHANGE_OUTCOMES.map((outcome) => [outcome, metrics.changes.labels(outcome)]));
  const dropped = new Map(DROP_REASONS.map((reason) => [reason, metrics.dropped.labels(reason)]));
  const requests = new Map(STATUS_TYPES.map((type) => [type, metrics.requests.labels(type)]));
  const socket: Socket = createSocket({ type: isIPv6(options.host) ? 'udp6' : 'udp4' });

  function drop(reason: DropReason, source: string, error?: unknown): void {
    dropped.get(reason)?.inc();
    options.onDrop?.(reason, source, error);
  }

  function answer(response: Buffer, remote: RemoteInfo): void {
    metrics.responses.inc();
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
      metrics.retransmissions.inc();
      return answer(cached.response, remote);
    }
    if (cached.state === 'in-flight') return drop('retransmission-in-flight', source);

    let record: AccountingRecord;
    try {
      const decoded = toAccountingRecord(decodeAccountingRequest(datagram), {
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
        requests.get(record.statusType)?.inc();
        changes.get(await store.record(record.session))?.inc();
        return;
      case 'stop':
        requests.get('Stop')?.inc();
        changes.get(await store.stop(record.request))?.inc();
        return;
      case 'nas':
        requests.get(record.statusType)?.inc();
        changes.get('dropped-nas')?.inc(await store.dropNas(record.nas));
        return;
      case 'other':
        // Answered (RFC 2866 asks that every recorded request be answered), but no session changes.
        requests.get('other')?.inc();
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
    socket.bind(options.port, options.host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  try {
    // Absorb bursts (a NAS restarting re-sends every session at once); the OS may cap this.
    socket.setRecvBufferSize(8 * 1024 * 1024);
  } catch {
    // Left at the OS default: still correct, only more likely to drop under a burst.
  }
  const bound = socket.address();

  return {
    address: { address: bound.address, port: bound.port },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
