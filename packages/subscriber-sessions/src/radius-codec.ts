import { fileURLToPath } from 'node:url';
import radius, { type DecodedPacket } from 'radius';
import type { AccountingAttributes } from './accounting-attributes.js';

/** Shipped with the package: the 3GPP vendor (10415) attributes the codec does not carry. */
export const DICTIONARY_3GPP = fileURLToPath(new URL('../dictionary/dictionary.3gpp', import.meta.url));

let dictionariesLoaded = false;

/**
 * The `radius` codec, with its bundled RFC dictionaries plus LineKeeper's 3GPP dictionary.
 * The codec keeps its dictionary in module state, so loading is idempotent and done here only.
 */
export function radiusCodec(): typeof radius {
  if (!dictionariesLoaded) {
    radius.load_dictionaries();
    radius.load_dictionary(DICTIONARY_3GPP);
    dictionariesLoaded = true;
  }
  return radius;
}

/**
 * Decodes a datagram that has passed `checkAccountingPacket` and whose authenticator was
 * verified by LineKeeper (the codec's own check compares digests as UTF-8 strings, which is
 * neither exact nor constant-time). Throws on values the codec cannot read.
 */
export function decodeAccountingRequest(datagram: Buffer): DecodedPacket {
  return radiusCodec().decode_without_secret({ packet: datagram });
}

/**
 * What the listener reads from a codec-decoded request (the first occurrence of each attribute).
 * The listener's own reader (`createAccountingAttributeReader`) must agree with this exactly.
 */
export function accountingAttributesOf(packet: DecodedPacket): AccountingAttributes {
  const attributes = packet.attributes;
  const vendor = attributes['Vendor-Specific'] ?? {};
  const status = first(attributes['Acct-Status-Type']);
  const prefix = first(attributes['Framed-IPv6-Prefix']);
  const timestamp = first(attributes['Event-Timestamp']);
  const rat = first(vendor['3GPP-RAT-Type']);
  return {
    statusType: typeof status === 'string' || typeof status === 'number' ? status : undefined,
    accountingSessionId: text(attributes['Acct-Session-Id']),
    callingStationId: text(attributes['Calling-Station-Id']),
    framedIpAddress: text(attributes['Framed-IP-Address']),
    framedIpv6Prefix: Buffer.isBuffer(prefix) ? prefix : undefined,
    nasIdentifier: text(attributes['NAS-Identifier']),
    nasIpAddress: text(attributes['NAS-IP-Address']),
    eventTimestampMs:
      timestamp instanceof Date && !Number.isNaN(timestamp.getTime()) ? timestamp.getTime() : undefined,
    delaySeconds: numeric(attributes['Acct-Delay-Time']),
    sessionSeconds: numeric(attributes['Acct-Session-Time']),
    interimSeconds: numeric(attributes['Acct-Interim-Interval']),
    imsi: text(vendor['3GPP-IMSI']),
    imeisv: text(vendor['3GPP-IMEISV']),
    ratType: Buffer.isBuffer(rat) ? rat : undefined,
  };
}

/** A repeated attribute counts by its first occurrence. */
function first(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

function text(value: unknown): string | undefined {
  const single = first(value);
  return typeof single === 'string' ? single : undefined;
}

function numeric(value: unknown): number | undefined {
  const single = first(value);
  return typeof single === 'number' && Number.isFinite(single) ? single : undefined;
}
