import type { EncodeAttribute } from 'radius';
import { radiusCodec } from './radius-codec.js';

/** What a packet gateway (or the leak canary, as one) puts in an Accounting-Request. */
export interface AccountingFields {
  readonly statusType: 'Start' | 'Interim-Update' | 'Stop' | 'Accounting-On' | 'Accounting-Off' | 'Failed';
  readonly sessionId?: string;
  readonly msisdn?: string;
  readonly ipv4?: string;
  /** Raw Framed-IPv6-Prefix value, see `ipv6PrefixValue`. */
  readonly ipv6Prefix?: Buffer;
  readonly nasIdentifier?: string;
  readonly eventTimestamp?: number;
  readonly interimInterval?: number;
  readonly imsi?: string;
  readonly imeisv?: string;
  readonly ratType?: number;
  readonly proxyState?: Buffer;
}

export function ipv6PrefixValue(octets: number[], length: number): Buffer {
  return Buffer.from([0, length, ...octets]);
}

/**
 * Encodes a signed Accounting-Request with the `radius` codec and LineKeeper's 3GPP dictionary:
 * what the tests send the listener, and what the leak canary sends for its own session.
 * `eventTimestamp` is in seconds since the epoch, as on the wire.
 */
export function encodeAccountingRequest(fields: AccountingFields, secret: string, identifier = 1): Buffer {
  const attributes: EncodeAttribute[] = [['Acct-Status-Type', fields.statusType]];
  if (fields.sessionId !== undefined) attributes.push(['Acct-Session-Id', fields.sessionId]);
  if (fields.msisdn !== undefined) attributes.push(['Calling-Station-Id', fields.msisdn]);
  if (fields.ipv4 !== undefined) attributes.push(['Framed-IP-Address', fields.ipv4]);
  if (fields.ipv6Prefix !== undefined) attributes.push([97, fields.ipv6Prefix]);
  attributes.push(['NAS-Identifier', fields.nasIdentifier ?? 'pgw-1']);
  if (fields.eventTimestamp !== undefined) {
    attributes.push(['Event-Timestamp', new Date(fields.eventTimestamp * 1000)]);
  }
  if (fields.interimInterval !== undefined)
    attributes.push(['Acct-Interim-Interval', fields.interimInterval]);
  if (fields.proxyState !== undefined) attributes.push(['Proxy-State', fields.proxyState]);
  const vendor: EncodeAttribute[] = [];
  if (fields.imsi !== undefined) vendor.push(['3GPP-IMSI', fields.imsi]);
  if (fields.imeisv !== undefined) vendor.push(['3GPP-IMEISV', fields.imeisv]);
  if (fields.ratType !== undefined) vendor.push(['3GPP-RAT-Type', Buffer.from([fields.ratType])]);
  if (vendor.length > 0) attributes.push(['Vendor-Specific', 10415, vendor]);
  return radiusCodec().encode({ code: 'Accounting-Request', secret, identifier, attributes });
}
