import { describe, expect, it } from 'vitest';
import { parseImsi } from './imsi.js';

describe('parseImsi', () => {
  it('accepts 15 digits with an assigned MCC', () => {
    expect(parseImsi('234150999999999')).toEqual({ imsi: '234150999999999', mcc: '234', country: 'GB' });
    expect(parseImsi('001010123456789')).toMatchObject({ mcc: '001', country: 'TEST' });
    expect(parseImsi('310260123456789')).toMatchObject({ country: 'US' });
  });

  it.each([
    ['999150999999999', 'unassigned MCC 999'],
    ['100150999999999', 'unassigned MCC 100'],
    ['23415099999999', '14 digits'],
    ['2341509999999999', '16 digits'],
    ['234-150-999999999', 'separators'],
    ['222222222222222', 'a repeated digit'],
    ['', 'empty'],
  ])('refuses %s (%s)', (input) => {
    expect(parseImsi(input)).toBeUndefined();
  });
});
