import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsIdentifier, redactIdentifiers } from './redact-identifiers.js';

const GB = { defaultCountry: 'GB' } as const;

describe('redactIdentifiers', () => {
  it.each([
    ['caller 447700900123 done', 'caller [msisdn] done'],
    ['caller +447700900123', 'caller [msisdn]'],
    ['x-msisdn=07700900123;', 'x-msisdn=[msisdn];'],
    ['tel:+44-7700-900123', 'tel:[msisdn]'],
    ['call +44 7400 123456 now', 'call [msisdn] now'],
    ['MSISDN447700900123', 'MSISDN[msisdn]'],
    ['imsi 234150999999999', 'imsi [imsi]'],
    ['imei 490154203237518', 'imei [imei]'],
    ['imei 49-015420-323751-8', 'imei [imei]'],
    ['from 10.0.0.1 447700900123', 'from 10.0.0.1 [msisdn]'],
  ])('redacts %j', (input, expected) => {
    expect(redactIdentifiers(input, GB)).toBe(expected);
  });

  it.each([
    'at 2012-01-10T10:00:00Z',
    'client 192.168.100.200 port 54321',
    '"time":1326187800000,"pid":4242',
    'request 550e8400-e29b-41d4-a716-446655440000',
    'took 1234 ms, price 19.99, version 10.2.14',
  ])('leaves %j alone', (input) => {
    expect(redactIdentifiers(input, GB)).toBe(input);
    expect(containsIdentifier(input, GB)).toBe(false);
  });

  it('takes a custom mask', () => {
    expect(redactIdentifiers('n=447700900123', { mask: (kind) => `<${kind}>` })).toBe('n=<msisdn>');
  });

  it('leaves no drama number behind, whatever surrounds it', () => {
    const forms = [
      (n: string) => `44${n}`,
      (n: string) => `+44${n}`,
      (n: string) => `0${n}`,
      (n: string) => `+44 ${n.slice(0, 4)} ${n.slice(4)}`,
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.constantFrom(...forms),
        fc.string({ unit: fc.constantFrom('a', ' ', '=', ';', '"', ':', ',', '[', 'x') }),
        fc.string({ unit: fc.constantFrom('b', ' ', '&', ';', '"', '}', ',') }),
        (n, form, before, after) => {
          const national = `7700900${String(n).padStart(3, '0')}`;
          const out = redactIdentifiers(`${before}${form(national)}${after}`, GB);
          expect(out.replace(/\D/g, '')).not.toContain(national.slice(3));
          expect(out).toContain('[msisdn]');
        },
      ),
    );
  });
});
