import { createSocket, type Socket } from 'node:dgram';
import type { EncodeAttribute } from 'radius';
import { radiusCodec } from '../radius-codec.js';

/** Test-only: what a packet gateway would put in an Accounting-Request. */
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

export function accountingRequest(fields: AccountingFields, secret: string, identifier = 1): Buffer {
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

/** Sends datagrams from one loopback socket and collects the answers (bounded wait). */
export async function exchange(
  port: number,
  datagrams: Buffer[],
  options: { waitMs?: number; expect?: number; host?: string; socket?: Socket } = {},
): Promise<Buffer[]> {
  const socket = options.socket ?? (await openClientSocket());
  const answers: Buffer[] = [];
  const expect = options.expect ?? datagrams.length;
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.waitMs ?? 1000);
    socket.on('message', (message) => {
      answers.push(message);
      if (answers.length >= expect) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  for (const datagram of datagrams) socket.send(datagram, port, options.host ?? '127.0.0.1');
  await done;
  socket.removeAllListeners('message');
  if (!options.socket) socket.close();
  return answers;
}

/** A client socket on an ephemeral loopback port (a NAS re-sends from the same port). */
export async function openClientSocket(): Promise<Socket> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return socket;
}
