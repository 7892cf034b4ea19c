import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasValidLuhn, parseImei } from './imei.js';

describe('parseImei', () => {
  it('accepts a 15-digit IMEI with a valid Luhn digit, with or without separators', () => {
    expect(parseImei('490154203237518')).toEqual({ value: '490154203237518', kind: 'imei', tac: '49015420' });
    expect(parseImei('49-015420-323751-8')).toMatchObject({ value: '490154203237518' });
  });

  it('refuses a wrong check digit', () => {
    expect(parseImei('490154203237519')).toBeUndefined();
  });

  it('accepts a 16-digit IMEISV only when the context says so', () => {
    expect(parseImei('4901542032375101')).toBeUndefined();
    expect(parseImei('4901542032375101', { allowImeisv: true })).toMatchObject({
      kind: 'imeisv',
      tac: '49015420',
    });
  });

  it('refuses filler and non-digits', () => {
    expect(parseImei('000000000000000')).toBeUndefined();
    expect(parseImei('49015420323751A')).toBeUndefined();
  });

  it('detects every single-digit error (the property Luhn guarantees)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^\d{14}$/),
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 1, max: 9 }),
        (body, at, delta) => {
          const check = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((d) => hasValidLuhn(body + d));
          expect(check).toBeDefined();
          const valid = body + String(check);
          const digit = (Number(valid[at]) + delta) % 10;
          const broken = valid.slice(0, at) + String(digit) + valid.slice(at + 1);
          expect(hasValidLuhn(broken)).toBe(false);
        },
      ),
    );
  });
});
