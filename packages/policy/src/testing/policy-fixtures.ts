import type { PolicyInput } from '../policy-schema.js';

/** The clock the fixtures are checked against: contracts below run to 2030 and beyond. */
export const FIXTURE_NOW = new Date('2025-06-01T12:00:00Z');

/**
 * A clean policy, as YAML, with one line per thing the rule tests change. Line numbers are part
 * of the tests' expectations: edit with care.
 */
export const CLEAN_POLICY_YAML = `version: 1
id: fixture-1
pools:
  mobile-data:
    - 10.64.0.0/10
    - 2001:db8:64::/48
partners:
  - id: acme
    legalName: Acme Payments Ltd
    contract:
      reference: ACME-2024-7
      expires: 2030-12-31
    contact: dpo@acme.example
    destinations:
      - scheme: https
        host: pay.acme.example
        pathPrefix: /charge
      - scheme: https
        host: "*.id.acme.example"
    purposes:
      carrier-billing:
        pools: [mobile-data]
        disclose:
          msisdn: X-MSISDN
        justification: The billed line's number is passed back with the order to charge it.
      customer-identification:
        disclose:
          pseudonym: X-LineKeeper-Pseudonym
  - id: bravo
    legalName: Bravo Media plc
    contract:
      reference: BRV-1
      expires: 2031-01-31
    contact: privacy@bravo.example
    destinations:
      - scheme: https
        host: age.bravo.example
        port: 8443
    purposes:
      age-verification: {}
`;

/** Replaces exactly one occurrence of `from` in the clean policy (throws if absent or repeated). */
export function fixtureWith(from: string, to: string, source = CLEAN_POLICY_YAML): string {
  const first = source.indexOf(from);
  if (first === -1 || source.indexOf(from, first + 1) !== -1) {
    throw new Error(`fixture text ${JSON.stringify(from)} must occur exactly once`);
  }
  return source.slice(0, first) + to + source.slice(first + from.length);
}

type PartnerInput = PolicyInput['partners'][number];

/** The one partner of `policyInput()`: acme, raw MSISDN to https://pay.acme.example/charge. */
export function acmePartner(): PartnerInput {
  return {
    id: 'acme',
    legalName: 'Acme Payments Ltd',
    contract: { reference: 'ACME-1', expires: '2030-12-31' },
    contact: 'dpo@acme.example',
    destinations: [{ scheme: 'https', host: 'pay.acme.example', pathPrefix: '/charge' }],
    purposes: {
      'carrier-billing': {
        disclose: { msisdn: 'X-MSISDN' },
        justification: 'Charging the purchase to the phone bill.',
      },
    },
  };
}

/** A minimal valid policy object for diff, gate and matcher tests. */
export function policyInput(overrides: Partial<PolicyInput> = {}): PolicyInput {
  return {
    version: 1,
    id: 'p1',
    pools: { 'mobile-data': ['10.64.0.0/10'] },
    partners: [acmePartner()],
    ...overrides,
  };
}
