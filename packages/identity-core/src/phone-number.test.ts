import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePhoneNumber, toE164 } from './phone-number.js';

const GB = { defaultCountry: 'GB' } as const;

describe('parsePhoneNumber', () => {
  it.each([
    ['447700900123', GB],
    ['447700900123', {}],
    ['+447700900123', {}],
    ['00447700900123', {}],
    ['07700900123', GB],
    ['07700 900 123', GB],
    ['07700-900-123', GB],
    ['(07700) 900123', GB],
    ['+44 (0)7700 900123', {}],
    ['tel:+44-7700-900123', {}],
    ['tel:+447700900123;phone-context=example.net', {}],
    [' +44 7700 900123 ', {}],
  ])('reads %s as the drama mobile +447700900123', (input, options) => {
    const result = parsePhoneNumber(input, options);
    expect(result).toMatchObject({
      ok: true,
      number: { e164: '+447700900123', lineType: 'mobile', isMobile: true, reserved: 'drama', country: 'GB' },
    });
  });

  it('reads libphonenumber-valid numbers without the reserved flag', () => {
    const result = parsePhoneNumber('+44 7400 123456');
    expect(result).toMatchObject({
      ok: true,
      number: { e164: '+447400123456', lineType: 'mobile', reserved: undefined },
    });
  });

  it('reads national forms of other countries with their default country', () => {
    expect(toE164('06 12 34 56 78', { defaultCountry: 'FR' })).toBe('+33612345678');
    expect(toE164('(201) 555-0123', { defaultCountry: 'US' })).toBe('+12015550123');
    expect(toE164('030 123456', { defaultCountry: 'DE' })).toBe('+4930123456');
  });

  it('tells mobile numbers from other types', () => {
    expect(parsePhoneNumber('01632 960123', GB)).toMatchObject({
      ok: true,
      number: { lineType: 'fixed-line', isMobile: false },
    });
    expect(parsePhoneNumber('+33 1 23 45 67 89')).toMatchObject({
      ok: true,
      number: { lineType: 'fixed-line', isMobile: false },
    });
    expect(parsePhoneNumber('+1 201 555 0123')).toMatchObject({
      ok: true,
      number: { lineType: 'fixed-line-or-mobile', isMobile: true },
    });
  });

  it('does not guess a country for a national form without one', () => {
    expect(parsePhoneNumber('07700900123')).toEqual({ ok: false, reason: 'invalid-number' });
  });

  it('does not read a formatted national number as a foreign international one', () => {
    // "(201) 555-0123" with a GB default must not become Egypt's +20 15550123.
    expect(parsePhoneNumber('(201) 555-0123', GB).ok).toBe(false);
    expect(toE164('3123456789', { defaultCountry: 'IT' })).toBe('+393123456789');
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['192.168.100.200', 'ip-address'],
    ['10.0.0.1:8080', 'ip-address'],
    ['2012-01-10', 'date-or-time'],
    ['10/01/2012', 'date-or-time'],
    ['12:30:45', 'date-or-time'],
    ['550e8400-e29b-41d4', 'not-a-number'],
    ['ORD-447700900123', 'not-a-number'],
    ['44770+0900123', 'not-a-number'],
    ['£12.99', 'not-a-number'],
    ['1'.repeat(80), 'too-long'],
    ['12345', 'invalid-number'],
    ['20120110093000', 'invalid-number'],
    ['1326187800', 'invalid-number'],
    ['1326187800000', 'invalid-number'],
    ['446655440000', 'invalid-number'],
    ['447700', 'invalid-number'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(parsePhoneNumber(input, GB)).toEqual({ ok: false, reason });
  });

  it('never reads an IPv4 address as a number', () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        expect(parsePhoneNumber(ip, GB).ok).toBe(false);
      }),
    );
  });

  it('never reads an ISO timestamp or a date as a number', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1990-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }),
        (date) => {
          const iso = date.toISOString();
          expect(parsePhoneNumber(iso, GB).ok).toBe(false);
          expect(parsePhoneNumber(iso.slice(0, 10), GB).ok).toBe(false);
          expect(parsePhoneNumber(iso.slice(11, 19), GB).ok).toBe(false);
        },
      ),
    );
  });

  it('never reads a UUID or one of its hex groups as a number', () => {
    fc.assert(
      fc.property(fc.uuid(), (uuid) => {
        expect(parsePhoneNumber(uuid, GB).ok).toBe(false);
        for (const group of uuid.split('-').filter((g) => /[a-f]/.test(g))) {
          expect(parsePhoneNumber(group, GB).ok).toBe(false);
        }
      }),
    );
  });

  it('never reads an order number with letters as a number', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Z]{2,4}-?\d{8,12}$/), (order) => {
        expect(parsePhoneNumber(order, GB).ok).toBe(false);
      }),
    );
  });

  it('returns frozen results', () => {
    const result = parsePhoneNumber('+447700900123');
    expect(result.ok && Object.isFrozen(result.number)).toBe(true);
  });
});
