import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAccountingPacket } from './check-accounting-packet.js';
import { radiusCodec } from './radius-codec.js';
import type { DropReason } from './session-metrics.js';
import { accountingRequest, exchange } from './testing/accounting-packets.js';
import {
  dropCount,
  type ListenerFixture,
  startListenerFixture,
  TEST_SECRET,
} from './testing/listener-fixture.js';

const start = { statusType: 'Start', sessionId: 'A1', msisdn: '447700900123', ipv4: '10.0.0.1' } as const;
const valid = () => accountingRequest(start, TEST_SECRET, 9);

function withLength(packet: Buffer, length: number): Buffer {
  const copy = Buffer.from(packet);
  copy.writeUInt16BE(length, 2);
  return copy;
}

function withByte(packet: Buffer, offset: number, value: number): Buffer {
  const copy = Buffer.from(packet);
  copy[offset] = value;
  return copy;
}

function signed(attributes: [string | number, unknown][]): Buffer {
  return radiusCodec().encode({
    code: 'Accounting-Request',
    secret: TEST_SECRET,
    identifier: 3,
    attributes: attributes as never,
  });
}

const vsa = () => accountingRequest({ ...start, imsi: '234150000000001' }, TEST_SECRET, 4);
const vsaOffset = (packet: Buffer) => packet.indexOf(Buffer.from([26]), 20);

const CASES: [string, () => Buffer, DropReason][] = [
  ['shorter than a header', () => valid().subarray(0, 10), 'truncated'],
  ['shorter than its Length field', () => valid().subarray(0, valid().length - 3), 'truncated'],
  ['Length below the header size', () => withLength(valid(), 19), 'bad-length'],
  ['Length above 4096', () => withLength(valid(), 5000), 'bad-length'],
  ['an attribute running past Length', () => withByte(valid(), 21, 250), 'attribute-overrun'],
  ['an attribute of length 1', () => withByte(valid(), 21, 1), 'attribute-overrun'],
  [
    'a vendor sub-attribute running past its VSA',
    () => withByte(vsa(), vsaOffset(vsa()) + 7, 200),
    'attribute-overrun',
  ],
  ['an Access-Request', () => withByte(valid(), 0, 1), 'not-accounting-request'],
  ['an unreadable Event-Timestamp', () => signed([...base(), [55, Buffer.from([1, 2])]]), 'undecodable'],
  [
    'no Acct-Status-Type',
    () =>
      signed([
        ['Acct-Session-Id', 'A1'],
        ['Framed-IP-Address', '10.0.0.1'],
      ]),
    'missing-status-type',
  ],
  [
    'no Acct-Session-Id',
    () => accountingRequest({ ...start, sessionId: undefined }, TEST_SECRET),
    'missing-session-id',
  ],
  ['no address', () => accountingRequest({ ...start, ipv4: undefined }, TEST_SECRET), 'missing-address'],
  [
    'an unusable Framed-IPv6-Prefix',
    () => signed([...base(), [97, Buffer.from([0, 64, 1])]]),
    'invalid-address',
  ],
  [
    'a /40 prefix',
    () => signed([...base(), [97, Buffer.from([0, 40, 0x20, 1, 0x0d, 0xb8, 0])]]),
    'unsupported-ipv6-prefix',
  ],
  [
    'no Calling-Station-Id',
    () => accountingRequest({ ...start, msisdn: undefined }, TEST_SECRET),
    'missing-msisdn',
  ],
  [
    'a Calling-Station-Id that is no number',
    () => accountingRequest({ ...start, msisdn: 'hello' }, TEST_SECRET),
    'invalid-msisdn',
  ],
  [
    'a Calling-Station-Id too short',
    () => accountingRequest({ ...start, msisdn: '12' }, TEST_SECRET),
    'invalid-msisdn',
  ],
];

function base(): [string, unknown][] {
  return [
    ['Acct-Status-Type', 'Start'],
    ['Acct-Session-Id', 'X1'],
    ['Calling-Station-Id', '447700900123'],
  ];
}

describe('malformed accounting requests', () => {
  let fixture: ListenerFixture;
  beforeAll(async () => {
    fixture = await startListenerFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it.each(CASES)('drops %s, counted, without an answer or a change', async (_name, build, reason) => {
    const before = await dropCount(fixture.metrics, reason);
    expect(await exchange(fixture.port, [build()], { waitMs: 150 })).toHaveLength(0);
    expect(await dropCount(fixture.metrics, reason)).toBe(before + 1);
    expect(await fixture.store.lookup('10.0.0.1')).toEqual({ status: 'none' });
  });

  it('survives random datagrams and keeps serving', async () => {
    const header = fc.constantFrom(4, 1, 5).chain((code) =>
      fc.uint8Array({ minLength: 0, maxLength: 300 }).map((body) => {
        const packet = Buffer.concat([Buffer.from([code, 1, 0, 0]), Buffer.alloc(16), Buffer.from(body)]);
        packet.writeUInt16BE(Math.min(packet.length, 4096), 2);
        return packet;
      }),
    );
    const samples = fc.sample(
      fc.oneof(
        header,
        fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
      ),
      {
        numRuns: 300,
        seed: 42,
      },
    );
    await exchange(fixture.port, samples, { waitMs: 300, expect: 1 });
    const [answer] = await exchange(fixture.port, [valid()]);
    expect(answer?.[0]).toBe(5);
    expect((await fixture.store.lookup('10.0.0.1')).status).toBe('found');
  });
});

describe('checkAccountingPacket', () => {
  it('accepts trailing padding after Length (RFC 2865 §3)', () => {
    expect(checkAccountingPacket(Buffer.concat([valid(), Buffer.alloc(5)]))).toBeUndefined();
  });
  it('accepts every well-formed packet the codec builds', () => {
    expect(checkAccountingPacket(vsa())).toBeUndefined();
    expect(checkAccountingPacket(valid())).toBeUndefined();
  });
});
