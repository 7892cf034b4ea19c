import { describe, expect, it } from 'vitest';
import { compilePolicy, type PolicyRequest } from './compile-policy.js';
import { type PolicyInput, policySchema } from './policy-schema.js';
import { acmePartner, policyInput } from './testing/policy-fixtures.js';

const compile = (input: PolicyInput, now?: () => number) =>
  compilePolicy(policySchema.parse(input), now ? { now } : {});

const twoPartners = policyInput({
  pools: { 'mobile-data': ['10.64.0.0/10', '2001:db8:64::/48'], roaming: ['100.64.0.0/16'] },
  partners: [
    {
      id: 'acme',
      legalName: 'Acme',
      contract: { reference: 'A', expires: '2030-12-31' },
      contact: 'a',
      destinations: [
        { scheme: 'https', host: 'pay.acme.example', pathPrefix: '/charge' },
        { scheme: 'http', host: '*.Partner.COM' },
      ],
      purposes: {
        'carrier-billing': {
          pools: ['mobile-data'],
          disclose: { msisdn: 'X-MSISDN', 'rat-type': 'X-RAT' },
          justification: 'charging to the bill',
        },
        'customer-identification': {},
      },
    },
    {
      id: 'buecher',
      legalName: 'Bücher',
      contract: { reference: 'B', expires: '2025-06-30' },
      contact: 'b',
      destinations: [{ scheme: 'http', host: 'bücher.example', port: 8080 }],
      purposes: { 'age-verification': {} },
    },
  ],
});

describe('compilePolicy', () => {
  const compiled = compile(twoPartners, () => Date.parse('2025-06-01T00:00:00Z'));
  const partners = (request: Omit<PolicyRequest, 'path'> & { path?: string }) =>
    compiled.match({ path: '/', ...request }).map((match) => `${match.partnerId}/${match.purpose}`);

  it('matches an exact host on scheme, port and segment-aware path prefix', () => {
    const [first] = compiled.match({ scheme: 'https', host: 'pay.acme.example', path: '/charge/42?x=1' });
    expect(first).toMatchObject({
      partnerId: 'acme',
      purpose: 'carrier-billing',
      destination: 'https://pay.acme.example:443/charge',
      fields: ['msisdn', 'rat-type'],
      headerNames: ['X-MSISDN', 'X-RAT'],
      pools: ['mobile-data'],
    });
    expect(partners({ scheme: 'https', host: 'pay.acme.example', path: '/charge' })).toHaveLength(2);
    expect(partners({ scheme: 'https', host: 'pay.acme.example', path: '/chargeback' })).toEqual([]);
    expect(partners({ scheme: 'http', host: 'pay.acme.example', path: '/charge' })).toEqual([]);
    expect(partners({ scheme: 'https', host: 'pay.acme.example', port: 8443, path: '/charge' })).toEqual([]);
    expect(partners({ scheme: 'https', host: 'pay.acme.example', port: 443, path: '/charge' })).toHaveLength(
      2,
    );
  });

  it('resolves dot segments and refuses encoded ones, so a path cannot walk into a prefix', () => {
    expect(partners({ scheme: 'https', host: 'pay.acme.example', path: '/charge/../admin' })).toEqual([]);
    expect(partners({ scheme: 'https', host: 'pay.acme.example', path: '/x/../charge/1' })).toHaveLength(2);
    expect(partners({ scheme: 'https', host: 'pay.acme.example', path: '/charge/%2e%2e/admin' })).toEqual([]);
    expect(partners({ scheme: 'https', host: 'pay.acme.example', path: 'charge' })).toEqual([]);
  });

  it('matches wildcards on subdomains only, case-insensitive and trailing-dot tolerant', () => {
    const both = ['acme/carrier-billing', 'acme/customer-identification'];
    expect(partners({ scheme: 'http', host: 'www.partner.com' })).toEqual(both);
    expect(partners({ scheme: 'HTTP', host: 'A.B.Partner.Com.' })).toEqual(both);
    for (const host of [
      'partner.com',
      'evil.com',
      'partner.com.evil.com',
      'evilpartner.com',
      'xpartner.com',
      '',
    ]) {
      expect(partners({ scheme: 'http', host }), host).toEqual([]);
    }
    expect(partners({ scheme: 'http', host: 'www.partner.com', port: 8080 })).toEqual([]);
  });

  it('normalises internationalised names to IDNA', () => {
    expect(partners({ scheme: 'http', host: 'BÜCHER.example', port: 8080 })).toEqual([
      'buecher/age-verification',
    ]);
    expect(partners({ scheme: 'http', host: 'xn--bcher-kva.example.', port: 8080 })).toEqual([
      'buecher/age-verification',
    ]);
    expect(partners({ scheme: 'http', host: 'bucher.example', port: 8080 })).toEqual([]);
  });

  it('filters by the client pool when the client address is given', () => {
    const request = { scheme: 'http', host: 'www.partner.com', path: '/' };
    const purposes = (clientAddress: string) =>
      compiled.match({ ...request, clientAddress }).map((match) => match.purpose);
    expect(purposes('10.64.1.2')).toEqual(['carrier-billing', 'customer-identification']);
    expect(purposes('::ffff:10.64.1.2')).toEqual(['carrier-billing', 'customer-identification']);
    expect(purposes('2001:db8:64::7')).toEqual(['carrier-billing', 'customer-identification']);
    expect(purposes('100.64.0.9')).toEqual(['customer-identification']);
    expect(purposes('192.168.1.20')).toEqual([]);
    expect(purposes('not an address')).toEqual([]);
  });

  it('knows subscriber addresses over v4 and v6 pools', () => {
    expect(compiled.isSubscriberAddress('10.127.255.255')).toBe(true);
    expect(compiled.isSubscriberAddress('10.128.0.0')).toBe(false);
    expect(compiled.isSubscriberAddress('2001:db8:64:ffff::1')).toBe(true);
    expect(compiled.isSubscriberAddress('2001:db8:65::1')).toBe(false);
    expect(compiled.poolsOf('100.64.0.1')).toEqual(['roaming']);
  });

  it('lists every header name it can add, for the gateway to strip inbound', () => {
    expect(compiled.headerNames).toEqual(['x-linekeeper-pseudonym', 'x-msisdn', 'x-rat']);
  });

  it('stops matching a partner when its contract runs out', () => {
    let now = Date.parse('2025-06-30T23:59:59Z');
    const clocked = compile(twoPartners, () => now);
    const request = { scheme: 'http', host: 'bücher.example', port: 8080, path: '/' };
    expect(clocked.match(request)).toHaveLength(1);
    now = Date.parse('2025-07-01T00:00:00Z');
    expect(clocked.match(request)).toEqual([]);
  });

  it('enriches once per partner and purpose when two of its destinations cover a request', () => {
    const redundant = compile(
      policyInput({
        partners: [
          {
            ...acmePartner(),
            destinations: [
              { scheme: 'https', host: 'pay.acme.example' },
              { scheme: 'https', host: 'pay.acme.example', pathPrefix: '/charge' },
            ],
          },
        ],
      }),
    );
    const matches = redundant.match({ scheme: 'https', host: 'pay.acme.example', path: '/charge/1' });
    expect(matches.map((match) => match.destination)).toEqual(['https://pay.acme.example:443/charge']);
  });
});
