import { createHash, timingSafeEqual } from 'node:crypto';
import { isIPv4 } from 'node:net';
import { canaryError } from './errors.js';

/** What the canary's own "packet gateway" says about its session (RFC 2866). */
export interface CanaryAccountingFields {
  readonly statusType: 'Start' | 'Interim-Update' | 'Stop';
  readonly accountingSessionId: string;
  /** Calling-Station-Id: the canary's reserved number, as a NAS sends it (digits, no `+`). */
  readonly msisdn: string;
  /** Framed-IP-Address: the address the canary binds its requests to. */
  readonly framedIpAddress: string;
  readonly nasIdentifier: string;
  readonly interimIntervalSeconds?: number;
  readonly eventTimestamp?: number;
}

const ACCOUNTING_REQUEST = 4;
const ACCOUNTING_RESPONSE = 5;
const STATUS = { Start: 1, Stop: 2, 'Interim-Update': 3 } as const;
const ATTRIBUTE = {
  framedIpAddress: 8,
  callingStationId: 31,
  nasIdentifier: 32,
  acctStatusType: 40,
  acctSessionId: 44,
  eventTimestamp: 55,
  acctInterimInterval: 85,
} as const;

/**
 * A signed Accounting-Request (RFC 2866 §3: the authenticator is MD5 over the packet with a
 * zero authenticator, then the shared secret). Only the few attributes the listener needs to
 * bind the canary's address to its number; no dictionary, no codec dependency.
 */
export function encodeAccountingRequest(
  fields: CanaryAccountingFields,
  secret: string,
  identifier: number,
): Buffer {
  if (!isIPv4(fields.framedIpAddress)) {
    throw canaryError('ERR_CANARY_OPTIONS_INVALID', 'the canary address must be IPv4');
  }
  const attributes: Buffer[] = [
    integer(ATTRIBUTE.acctStatusType, STATUS[fields.statusType]),
    text(ATTRIBUTE.acctSessionId, fields.accountingSessionId),
    text(ATTRIBUTE.callingStationId, fields.msisdn),
    attribute(ATTRIBUTE.framedIpAddress, Buffer.from(fields.framedIpAddress.split('.').map(Number))),
    text(ATTRIBUTE.nasIdentifier, fields.nasIdentifier),
  ];
  if (fields.interimIntervalSeconds !== undefined) {
    attributes.push(integer(ATTRIBUTE.acctInterimInterval, fields.interimIntervalSeconds));
  }
  if (fields.eventTimestamp !== undefined) {
    attributes.push(integer(ATTRIBUTE.eventTimestamp, Math.floor(fields.eventTimestamp / 1000)));
  }
  const body = Buffer.concat(attributes);
  const header = Buffer.alloc(20);
  header.writeUInt8(ACCOUNTING_REQUEST, 0);
  header.writeUInt8(identifier & 0xff, 1);
  header.writeUInt16BE(20 + body.length, 2);
  const authenticator = createHash('md5').update(header).update(body).update(secret).digest();
  authenticator.copy(header, 4);
  return Buffer.concat([header, body]);
}

/** Is `response` the listener's signed Accounting-Response to `request`? */
export function isAccountingResponseTo(response: Buffer, request: Buffer, secret: string): boolean {
  if (response.length < 20 || response.readUInt8(0) !== ACCOUNTING_RESPONSE) return false;
  if (response.readUInt8(1) !== request.readUInt8(1)) return false;
  const length = response.readUInt16BE(2);
  if (length < 20 || length > response.length) return false;
  const expected = createHash('md5')
    .update(response.subarray(0, 4))
    .update(request.subarray(4, 20))
    .update(response.subarray(20, length))
    .update(secret)
    .digest();
  return timingSafeEqual(expected, response.subarray(4, 20));
}

function attribute(type: number, value: Buffer): Buffer {
  if (value.length > 253) throw canaryError('ERR_CANARY_ACCOUNTING_INVALID', `attribute ${type} too long`);
  return Buffer.concat([Buffer.from([type, value.length + 2]), value]);
}

function text(type: number, value: string): Buffer {
  return attribute(type, Buffer.from(value, 'utf8'));
}

function integer(type: number, value: number): Buffer {
  const buffer = Buffer.alloc(4);
  buffer.writeUInt32BE(value >>> 0);
  return attribute(type, buffer);
}
