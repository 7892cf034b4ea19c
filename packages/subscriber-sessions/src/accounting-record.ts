import { isIPv4 } from 'node:net';
import { parseImsi } from '@linekeeper/identity-core';
import type { AccountingAttributes } from './accounting-attributes.js';
import { decodeFramedIpv6Prefix, formatIpv6Prefix, IPV6_PREFIX_LENGTHS } from './ip-address.js';
import type { MsisdnNormaliser } from './msisdn-normaliser.js';
import type { NasClient } from './nas-clients.js';
import type { DropReason } from './session-metrics.js';
import type { Session, StopRequest } from './session-store.js';

/** What one accounting request asks of the session table. */
export type AccountingRecord =
  | { readonly kind: 'session'; readonly statusType: 'Start' | 'Interim-Update'; readonly session: Session }
  | { readonly kind: 'stop'; readonly request: StopRequest }
  | { readonly kind: 'nas'; readonly statusType: 'Accounting-On' | 'Accounting-Off'; readonly nas: string }
  | { readonly kind: 'other'; readonly statusType: string };

export interface ExpiryPolicy {
  /** Grace = interim interval × this, so one or two lost Interim-Updates do not end a session. */
  readonly interimMultiplier: number;
  readonly minGraceSeconds: number;
  /** Assumed interval when a NAS sends no Acct-Interim-Interval. */
  readonly defaultInterimSeconds: number;
}

export interface RecordContext {
  readonly client: NasClient;
  readonly source: string;
  readonly now: number;
  readonly normaliseMsisdn: MsisdnNormaliser;
  readonly expiry: ExpiryPolicy;
}

// A NAS clock running ahead would otherwise freeze an address ("never roll back") for as long.
const MAX_FUTURE_SKEW_MS = 60_000;
// 0.0.0.0 and 255.255.255.254/255 mean "not assigned yet" or "NAS picks" (RFC 2865 §5.8).
const UNASSIGNED_IPV4 = new Set(['0.0.0.0', '255.255.255.254', '255.255.255.255']);

/**
 * Validates the attributes of an authenticated Accounting-Request and turns it into a change to the
 * session table, or says why it must be dropped. MSISDNs are normalised to E.164; a Stop does
 * not need one (a Stop must be able to end a session even when its number no longer parses).
 */
export function toAccountingRecord(
  attributes: AccountingAttributes,
  context: RecordContext,
):
  | { readonly ok: true; readonly record: AccountingRecord }
  | { readonly ok: false; readonly reason: DropReason } {
  const statusType = attributes.statusType;
  if (statusType === undefined) return drop('missing-status-type');
  const nasName = attributes.nasIdentifier ?? attributes.nasIpAddress ?? context.source;
  const nas = `${context.client.name}/${nasName}`;

  if (statusType === 'Accounting-On' || statusType === 'Accounting-Off') {
    return { ok: true, record: { kind: 'nas', statusType, nas } };
  }
  if (statusType !== 'Start' && statusType !== 'Interim-Update' && statusType !== 'Stop') {
    return { ok: true, record: { kind: 'other', statusType: String(statusType) } };
  }

  const accountingSessionId = attributes.accountingSessionId;
  if (accountingSessionId === undefined || accountingSessionId === '') return drop('missing-session-id');

  const ipv4 = attributes.framedIpAddress;
  if (ipv4 !== undefined && !isIPv4(ipv4)) return drop('invalid-address');
  const framedIpAddress = ipv4 === undefined || UNASSIGNED_IPV4.has(ipv4) ? undefined : ipv4;
  const prefixValue = attributes.framedIpv6Prefix;
  let framedIpv6Prefix: string | undefined;
  if (prefixValue !== undefined) {
    const prefix = decodeFramedIpv6Prefix(prefixValue);
    if (!prefix) return drop('invalid-address');
    if (!(IPV6_PREFIX_LENGTHS as readonly number[]).includes(prefix.length)) {
      return drop('unsupported-ipv6-prefix');
    }
    framedIpv6Prefix = formatIpv6Prefix(prefix);
  }
  if (framedIpAddress === undefined && framedIpv6Prefix === undefined) return drop('missing-address');

  if (statusType === 'Stop') {
    return {
      ok: true,
      record: { kind: 'stop', request: { nas, accountingSessionId, framedIpAddress, framedIpv6Prefix } },
    };
  }

  const callingStationId = attributes.callingStationId;
  if (callingStationId === undefined) return drop('missing-msisdn');
  const msisdn = context.normaliseMsisdn(callingStationId);
  if (msisdn === undefined) return drop('invalid-msisdn');

  const now = context.now;
  const eventTimestamp = attributes.eventTimestampMs;
  const lastEventAt =
    eventTimestamp === undefined
      ? now - (attributes.delaySeconds ?? 0) * 1000
      : Math.min(eventTimestamp, now + MAX_FUTURE_SKEW_MS);
  const sessionSeconds = statusType === 'Start' ? 0 : (attributes.sessionSeconds ?? 0);
  // 0 (or absent) means the NAS sends no Interim-Updates: assume the configured interval.
  const interval = attributes.interimSeconds || context.expiry.defaultInterimSeconds;
  const graceSeconds = Math.max(context.expiry.minGraceSeconds, interval * context.expiry.interimMultiplier);

  const imsiText = attributes.imsi;
  const imeisv = attributes.imeisv;
  const rat = attributes.ratType;
  const session: Session = {
    msisdn,
    imsi: imsiText === undefined ? undefined : parseImsi(imsiText)?.imsi,
    imeisv: imeisv !== undefined && /^\d{14,16}$/.test(imeisv) ? imeisv : undefined,
    ratType: rat !== undefined && rat.length === 1 && rat[0] !== 0 ? rat[0] : undefined,
    nas,
    accountingSessionId,
    framedIpAddress,
    framedIpv6Prefix,
    startedAt: lastEventAt - sessionSeconds * 1000,
    lastSeenAt: now,
    expiresAt: now + graceSeconds * 1000,
    lastEventAt,
  };
  return { ok: true, record: { kind: 'session', statusType, session } };
}

function drop(reason: DropReason): { readonly ok: false; readonly reason: DropReason } {
  return { ok: false, reason };
}
