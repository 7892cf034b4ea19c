import { isIPv4 } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ipv4ToUint32, octetsToIpv6, parseAddress, parseIpv4, parseIpv6Prefix } from './ip-address.js';

describe('parseIpv4', () => {
  it('agrees with node:net isIPv4 on valid and invalid text', () => {
    for (const text of [
      '0.0.0.0',
      '255.255.255.255',
      '10.0.0.1',
      '1.2.3.04',
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4.',
      '.1.2.3',
      '1..2.3',
      'a.b.c.d',
      '01.2.3.4',
      '1.2.3.4 ',
    ]) {
      expect(parseIpv4(text) >= 0, text).toBe(isIPv4(text));
    }
    fc.assert(
      fc.property(fc.ipV4(), (text) => parseIpv4(text) === ipv4ToUint32(text)),
      { numRuns: 500, seed: 7 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 16 }), (text) => parseIpv4(text) >= 0 === isIPv4(text)),
      {
        numRuns: 2000,
        seed: 7,
      },
    );
  });
});

describe('IPv6 helpers', () => {
  it('treats IPv4-mapped IPv6 as IPv4 and round-trips prefixes', () => {
    expect(parseAddress('::ffff:10.0.0.1')).toEqual({ family: 4, value: ipv4ToUint32('10.0.0.1') });
    const prefix = parseIpv6Prefix('2001:db8:aa:bb::1/56');
    expect(prefix && octetsToIpv6(prefix.octets)).toBe('2001:db8:aa::');
    expect(parseIpv6Prefix('2001:db8::/129')).toBeUndefined();
    expect(parseAddress('2001:db8::1.2.3.4')?.family).toBe(6);
  });
});
