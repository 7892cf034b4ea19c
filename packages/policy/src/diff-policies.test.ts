import { describe, expect, it } from 'vitest';
import { diffPolicies, type GrantChange } from './diff-policies.js';
import { type Policy, type PolicyInput, policySchema } from './policy-schema.js';
import { acmePartner, policyInput } from './testing/policy-fixtures.js';

const parse = (input: PolicyInput): Policy => policySchema.parse(input);
const base = policyInput();
const acme = acmePartner();
const withAcme = (changes: Partial<typeof acme>, overrides: Partial<PolicyInput> = {}) =>
  parse(policyInput({ partners: [{ ...acme, ...changes }], ...overrides }));

const summary = (from: Policy | undefined, to: Policy) =>
  diffPolicies(from, to)
    .changes.filter((change): change is GrantChange => change.kind === 'grant')
    .map(
      (change) =>
        `${change.direction} ${change.destination} ${change.purpose} ${change.field} ${change.header}`,
    );

describe('diffPolicies', () => {
  it('finds no change, and no widening, between a policy and itself (whatever the spelling)', () => {
    const respelled = withAcme({
      destinations: [{ scheme: 'https', host: 'PAY.acme.example.', port: 443, pathPrefix: '/charge' }],
    });
    const diff = diffPolicies(parse(base), respelled);
    expect(diff.changes).toEqual([]);
    expect(diff.widening).toBe(false);
  });

  it('classifies a new partner host as widening, with what it gains', () => {
    const to = withAcme({
      destinations: [...acme.destinations, { scheme: 'https', host: 'leak.example' }],
    });
    expect(summary(parse(base), to)).toEqual([
      'widening https://leak.example:443/ carrier-billing msisdn X-MSISDN',
    ]);
    expect(diffPolicies(parse(base), to).widening).toBe(true);
  });

  it('treats a path prefix shrinking as narrowing and growing as widening', () => {
    const wide = withAcme({ destinations: [{ scheme: 'https', host: 'pay.acme.example' }] });
    expect(diffPolicies(wide, parse(base)).widening).toBe(false);
    expect(summary(wide, parse(base))).toEqual([
      'narrowing https://pay.acme.example:443/ carrier-billing msisdn X-MSISDN',
    ]);
    expect(diffPolicies(parse(base), wide).widening).toBe(true);
  });

  it('treats an exact host turning into a wildcard as widening', () => {
    const exact = withAcme({ destinations: [{ scheme: 'https', host: 'id.acme.example' }] });
    const wildcard = withAcme({ destinations: [{ scheme: 'https', host: '*.acme.example' }] });
    expect(diffPolicies(exact, wildcard).widening).toBe(true);
    expect(diffPolicies(wildcard, exact).widening).toBe(false);
  });

  it('sees a pseudonym turning into the raw MSISDN as widening, the reverse as narrowing', () => {
    const pseudonymous = withAcme({ purposes: { 'carrier-billing': { disclose: { pseudonym: 'X-P' } } } });
    expect(summary(pseudonymous, parse(base))).toEqual([
      'widening https://pay.acme.example:443/charge carrier-billing msisdn X-MSISDN',
      'narrowing https://pay.acme.example:443/charge carrier-billing pseudonym X-P',
    ]);
    expect(diffPolicies(pseudonymous, parse(base)).widening).toBe(true);
    expect(diffPolicies(parse(base), pseudonymous).widening).toBe(true); // the pseudonym is new
    const dropped = withAcme({ purposes: {} });
    expect(diffPolicies(parse(base), dropped).widening).toBe(false);
  });

  it('sees new addresses in a used pool as widening, and in an unused pool as not', () => {
    const more = withAcme({}, { pools: { 'mobile-data': ['10.64.0.0/10', '192.0.2.0/24'] } });
    const diff = diffPolicies(parse(base), more);
    expect(diff.changes).toEqual([
      { kind: 'pool', direction: 'widening', pool: 'mobile-data', cidr: '192.0.2.0/24', used: true },
    ]);
    expect(diff.widening).toBe(true);
    const sub = withAcme({}, { pools: { 'mobile-data': ['10.64.0.0/12'] } });
    expect(diffPolicies(parse(base), sub).widening).toBe(false);
    // A purpose without `pools` applies to every pool, so a new pool widens it…
    const pools = { 'mobile-data': ['10.64.0.0/10'], wifi: ['192.0.2.0/24'] };
    expect(diffPolicies(parse(base), withAcme({}, { pools })).widening).toBe(true);
    // …and is harmless when every purpose names its pools.
    const pinned = { 'carrier-billing': { ...acme.purposes['carrier-billing'], pools: ['mobile-data'] } };
    const unusedDiff = diffPolicies(
      withAcme({ purposes: pinned }),
      withAcme({ purposes: pinned }, { pools }),
    );
    expect(unusedDiff.changes).toEqual([
      { kind: 'pool', direction: 'widening', pool: 'wifi', cidr: '192.0.2.0/24', used: false },
    ]);
    expect(unusedDiff.widening).toBe(false);
  });

  it('hashes only the widening changes, independent of file order', () => {
    const a = withAcme({
      destinations: [
        ...acme.destinations,
        { scheme: 'https', host: 'a.example' },
        { scheme: 'https', host: 'b.example' },
      ],
    });
    const b = withAcme({
      destinations: [
        { scheme: 'https', host: 'b.example' },
        { scheme: 'https', host: 'a.example' },
        ...acme.destinations,
      ],
    });
    const hashA = diffPolicies(parse(base), a).diffHash;
    expect(hashA).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(diffPolicies(parse(base), b).diffHash).toBe(hashA);
    const c = withAcme({ destinations: [{ scheme: 'https', host: 'a.example' }] });
    expect(diffPolicies(parse(base), c).diffHash).not.toBe(hashA);
  });
});
