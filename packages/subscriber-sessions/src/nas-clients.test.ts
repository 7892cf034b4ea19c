import { describe, expect, it } from 'vitest';
import { compileNasClients } from './nas-clients.js';

describe('compileNasClients', () => {
  const clients = compileNasClients([
    { name: 'wide', cidr: '10.0.0.0/8', secret: 'secret-for-wide' },
    { name: 'narrow', address: '10.1.2.3', secret: 'secret-for-narrow' },
    { name: 'v6', cidr: '2001:db8::/32', secret: 'secret-for-v6' },
  ]);

  it('matches the most specific client', () => {
    expect(clients.match('10.1.2.3')?.name).toBe('narrow');
    expect(clients.match('10.1.2.4')?.name).toBe('wide');
    expect(clients.match('::ffff:10.9.9.9')?.name).toBe('wide');
    expect(clients.match('2001:db8:1::1')?.name).toBe('v6');
    expect(clients.match('11.0.0.1')).toBeUndefined();
    expect(clients.match('2001:db9::1')).toBeUndefined();
    expect(clients.match('garbage')).toBeUndefined();
  });

  it('fails at start on an address or CIDR that cannot match', () => {
    expect(() => compileNasClients([{ name: 'x', cidr: '10.0.0.0/33', secret: 's' }])).toThrow(/clients\.0/);
    expect(() => compileNasClients([{ name: 'x', address: '10.0.0', secret: 's' }])).toThrow(
      /not an IP address/,
    );
    expect(() => compileNasClients([{ name: 'x', secret: 's' }])).toThrow(/address or a cidr/);
  });
});
