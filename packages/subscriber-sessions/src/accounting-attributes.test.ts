import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccountingAttributes, createAccountingAttributeReader } from './accounting-attributes.js';
import { toAccountingRecord } from './accounting-record.js';
import { checkAccountingPacket } from './check-accounting-packet.js';
import { createMsisdnNormaliser } from './msisdn-normaliser.js';
import { accountingAttributesOf, decodeAccountingRequest } from './radius-codec.js';
import { accountingRequest, ipv6PrefixValue } from './testing/accounting-packets.js';

const read = createAccountingAttributeReader();
const context = {
  client: { name: 'pgw', secret: Buffer.from('s') },
  source: '192.0.2.1',
  now: 1_700_000_000_000,
  normaliseMsisdn: createMsisdnNormaliser({ defaultCountry: 'GB' }),
  expiry: { interimMultiplier: 2.5, minGraceSeconds: 120, defaultInterimSeconds: 600 },
};

type Outcome = { attributes: AccountingAttributes } | { threw: true };

function viaReader(packet: Buffer): Outcome {
  try {
    return { attributes: read(packet) };
  } catch {
    return { threw: true };
  }
}

function viaCodec(packet: Buffer): Outcome {
  try {
    return { attributes: accountingAttributesOf(decodeAccountingRequest(packet)) };
  } catch {
    return { threw: true };
  }
}

/** The reader and the codec agree on whether it decodes, on every value, and so on the record. */
function expectAgreement(packet: Buffer): void {
  const ours = viaReader(packet);
  const codecs = viaCodec(packet);
  expect(ours).toEqual(codecs);
  if ('attributes' in ours && 'attributes' in codecs) {
    expect(toAccountingRecord(ours.attributes, context)).toEqual(
      toAccountingRecord(codecs.attributes, context),
    );
  }
}

function packetOf(attributes: Buffer[]): Buffer {
  const packet = Buffer.concat([Buffer.from([4, 7, 0, 0]), Buffer.alloc(16, 0xab), ...attributes]);
  packet.writeUInt16BE(packet.length, 2);
  return packet;
}

const attribute = (type: number, value: Uint8Array) =>
  Buffer.concat([Buffer.from([type, 2 + value.length]), value]);

// Types the listener reads, a tagged integer, an encrypted string, unread integers and anything.
const TOP_TYPES = [1, 2, 4, 8, 31, 32, 40, 41, 42, 44, 46, 55, 64, 69, 85, 97];
const topLevel = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(...TOP_TYPES),
      fc.integer({ min: 1, max: 255 }).filter((type) => type !== 26),
    ),
    fc.oneof(
      fc.uint8Array({ maxLength: 12 }),
      fc.integer({ min: 0, max: 20 }).map((n) => Uint8Array.of(0, 0, 0, n)),
      fc.stringMatching(/^[0-9+ ]{0,16}$/).map((text) => Buffer.from(text)),
    ),
  )
  .map(([type, value]) => attribute(type, value));
const vendorSpecific = fc
  .tuple(
    fc.oneof(fc.constantFrom(10415, 3561), fc.integer({ min: 0, max: 0xffffff })),
    fc.array(
      fc.tuple(
        fc.oneof(fc.constantFrom(1, 2, 3, 11, 20, 21, 22), fc.integer({ min: 0, max: 255 })),
        fc.uint8Array({ maxLength: 10 }),
      ),
      { maxLength: 4 },
    ),
  )
  .map(([vendor, subs]) => {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(vendor, 0);
    return attribute(26, Buffer.concat([id, ...subs.map(([type, value]) => attribute(type, value))]));
  });

describe('accounting attribute reader', () => {
  it('reads every packet exactly as the radius codec does, malformed values included', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(topLevel, topLevel, vendorSpecific), { maxLength: 24 }), (attributes) => {
        const packet = packetOf(attributes);
        expect(checkAccountingPacket(packet)).toBeUndefined();
        expectAgreement(packet);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads realistic gateway requests to the same records as the codec', () => {
    const fields = fc.record({
      statusType: fc.constantFrom('Start', 'Interim-Update', 'Stop', 'Accounting-On', 'Failed'),
      sessionId: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
      msisdn: fc.option(
        fc.integer({ min: 0, max: 999 }).map((n) => `447700900${String(n).padStart(3, '0')}`),
        { nil: undefined },
      ),
      ipv4: fc.option(fc.ipV4(), { nil: undefined }),
      ipv6Prefix: fc.option(
        fc
          .tuple(
            fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 }),
            fc.constantFrom(56, 60, 64),
          )
          .map(([octets, length]) => ipv6PrefixValue(octets, length)),
        { nil: undefined },
      ),
      nasIdentifier: fc.option(fc.string({ maxLength: 10 }), { nil: undefined }),
      eventTimestamp: fc.option(fc.integer({ min: 0, max: 0xffffffff }), { nil: undefined }),
      interimInterval: fc.option(fc.integer({ min: 0, max: 86_400 }), { nil: undefined }),
      imsi: fc.option(fc.stringMatching(/^[0-9]{5,16}$/), { nil: undefined }),
      imeisv: fc.option(fc.stringMatching(/^[0-9]{14,16}$/), { nil: undefined }),
      ratType: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fields, fc.integer({ min: 0, max: 255 }), (request, identifier) => {
        expectAgreement(accountingRequest(request, 'secret', identifier));
      }),
      { numRuns: 1000 },
    );
  });

  it('takes the first of a repeated attribute and names status values from the dictionary', () => {
    const packet = packetOf([
      attribute(40, Uint8Array.of(0, 0, 0, 3)),
      attribute(40, Uint8Array.of(0, 0, 0, 1)),
      attribute(44, Buffer.from('first')),
      attribute(44, Buffer.from('second')),
    ]);
    expect(read(packet)).toMatchObject({ statusType: 'Interim-Update', accountingSessionId: 'first' });
    expect(read(packetOf([attribute(40, Uint8Array.of(0, 0, 1, 0))])).statusType).toBe(256);
    expectAgreement(packet);
  });

  it('throws, like the codec, on an integer or date value shorter than four octets', () => {
    for (const type of [40, 55, 46, 42]) {
      const packet = packetOf([attribute(type, Uint8Array.of(0, 1))]);
      expect(() => read(packet)).toThrow();
      expect(viaCodec(packet)).toEqual({ threw: true });
    }
  });
});
