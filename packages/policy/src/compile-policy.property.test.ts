import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile-policy.js';
import { type PolicyInput, policySchema } from './policy-schema.js';

/**
 * The compiled matcher against a slow reference that reads the policy directly: for random
 * policies and random URLs drawn from one small alphabet (so that hosts, wildcards, ports and
 * prefixes collide often), `match` returns a partner and purpose iff one of that partner's
 * listed destinations covers the URL.
 */
const LABELS = ['a', 'b', 'partner', 'evil'];
const TLDS = ['com', 'demo'];
const PREFIXES = ['/', '/a', '/a/', '/a/b', '/b', '/ab'];
const PATHS = [
  '/',
  '/a',
  '/a/',
  '/a/b',
  '/a/b/c',
  '/ab',
  '/abc',
  '/b',
  '/b?a',
  '/a#x',
  '/b/../a/b',
  '/a/./b',
];
const PORTS = [undefined, 80, 443, 8080];

const hostArb = fc
  .tuple(fc.array(fc.constantFrom(...LABELS), { minLength: 1, maxLength: 3 }), fc.constantFrom(...TLDS))
  .map(([labels, tld]) => [...labels, tld].join('.'));

const destinationArb = fc.record({
  scheme: fc.constantFrom('http' as const, 'https' as const),
  host: fc.tuple(fc.boolean(), hostArb).map(([wild, host]) => (wild ? `*.${host}` : host)),
  port: fc.constantFrom(...PORTS),
  pathPrefix: fc.constantFrom(...PREFIXES),
});

const policyArb: fc.Arbitrary<PolicyInput> = fc
  .array(
    fc.record({
      destinations: fc.array(destinationArb, { minLength: 1, maxLength: 3 }),
      purposes: fc.subarray(['age-verification', 'carrier-billing', 'customer-identification'], {
        minLength: 1,
      }),
    }),
    { minLength: 1, maxLength: 4 },
  )
  .map((partners) => ({
    version: 1 as const,
    id: 'random',
    pools: { 'mobile-data': ['10.0.0.0/8'] },
    partners: partners.map((partner, index) => ({
      id: `p${index}`,
      legalName: `Partner ${index}`,
      contract: { reference: `C-${index}`, expires: '2099-12-31' },
      contact: 'x',
      destinations: partner.destinations.map(({ port, ...rest }) =>
        port === undefined ? rest : { ...rest, port },
      ),
      purposes: Object.fromEntries(partner.purposes.map((purpose) => [purpose, {}])),
    })),
  }));

const urlArb = fc.record({
  scheme: fc.constantFrom('http', 'https', 'HTTP'),
  host: fc
    .tuple(hostArb, fc.boolean(), fc.boolean())
    .map(([host, upper, dot]) => `${upper ? host.toUpperCase() : host}${dot ? '.' : ''}`),
  port: fc.constantFrom(...PORTS),
  path: fc.constantFrom(...PATHS),
});

type Url = { scheme: string; host: string; port: number | undefined; path: string };

function referenceMatch(policy: PolicyInput, url: Url): string[] {
  const scheme = url.scheme.toLowerCase();
  const hostLabels = url.host.toLowerCase().replace(/\.$/, '').split('.');
  const path = new URL(url.path, 'http://reference.invalid').pathname;
  const port = url.port ?? (scheme === 'https' ? 443 : 80);
  const found = new Set<string>();
  for (const partner of policy.partners) {
    const covered = partner.destinations.some((destination) => {
      if (destination.scheme !== scheme) return false;
      if ((destination.port ?? (destination.scheme === 'https' ? 443 : 80)) !== port) return false;
      const wildcard = destination.host.startsWith('*.');
      const baseLabels = destination.host.replace(/^\*\./, '').split('.');
      const tail = hostLabels.slice(hostLabels.length - baseLabels.length);
      const hostOk = wildcard
        ? hostLabels.length > baseLabels.length && tail.join('.') === baseLabels.join('.')
        : hostLabels.join('.') === baseLabels.join('.');
      if (!hostOk) return false;
      const prefix = destination.pathPrefix ?? '/';
      const segments = (text: string) => text.split('/').slice(1);
      if (prefix === '/') return true;
      if (prefix.endsWith('/')) return path.startsWith(prefix);
      const want = segments(prefix);
      const have = segments(path);
      return want.every((segment, index) => have[index] === segment);
    });
    if (covered) for (const purpose of Object.keys(partner.purposes)) found.add(`${partner.id}/${purpose}`);
  }
  return [...found].sort();
}

describe('compilePolicy (property)', () => {
  it('matches exactly the partners and purposes whose destinations cover the URL', () => {
    fc.assert(
      fc.property(policyArb, fc.array(urlArb, { minLength: 1, maxLength: 20 }), (input, urls) => {
        const compiled = compilePolicy(policySchema.parse(input));
        for (const url of urls) {
          const actual = compiled
            .match(url)
            .map((match) => `${match.partnerId}/${match.purpose}`)
            .sort();
          expect(actual, JSON.stringify(url)).toEqual(referenceMatch(input, url));
        }
      }),
      { numRuns: 400 },
    );
  });
});
