import { describe, expect, it } from 'vitest';
import { type Cidr, cidrContains, compileAddressPools, parseCidr } from './cidr.js';

function cidr(text: string): Cidr {
  const parsed = parseCidr(text);
  if (!parsed) throw new Error(`${text} should parse`);
  return parsed;
}

describe('parseCidr', () => {
  it('canonicalises v4 and v6 networks and notices host bits', () => {
    expect(parseCidr('10.64.0.1/10')).toMatchObject({ text: '10.64.0.0/10', hadHostBits: true });
    expect(parseCidr('2001:DB8:0:0::/32')).toMatchObject({ text: '2001:db8::/32', hadHostBits: false });
    expect(parseCidr('::ffff:10.0.0.0/104')).toMatchObject({ family: 'ipv6', text: '::ffff:a00:0/104' });
    for (const bad of [
      '10.0.0.0',
      '10.0.0.0/33',
      '10.0.0/8',
      '2001:db8::/129',
      'x/1',
      '1::2::3/64',
      '10.0.0.0/',
    ]) {
      expect(parseCidr(bad), bad).toBeUndefined();
    }
  });

  it('knows containment', () => {
    const outer = cidr('10.0.0.0/8');
    expect(cidrContains(outer, cidr('10.64.0.0/10'))).toBe(true);
    expect(cidrContains(cidr('10.64.0.0/10'), outer)).toBe(false);
    expect(cidrContains(outer, cidr('11.0.0.0/16'))).toBe(false);
    expect(cidrContains(outer, cidr('::/0'))).toBe(false);
  });

  it('compiles pools that answer for v4, v6 and v4-mapped v6 addresses', () => {
    const pools = compileAddressPools({ mobile: ['10.64.0.0/10', 'fd00::/8'], both: ['10.64.0.0/16'] });
    expect(pools.poolsOf('10.64.0.5')).toEqual(['mobile', 'both']);
    expect(pools.poolsOf('::ffff:10.65.0.5')).toEqual(['mobile']);
    expect(pools.poolsOf('fdab::1')).toEqual(['mobile']);
    expect(pools.poolsOf('192.0.2.1')).toEqual([]);
    expect(pools.poolsOf('')).toEqual([]);
  });
});
