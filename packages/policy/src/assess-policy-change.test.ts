import { describe, expect, it } from 'vitest';
import { assessPolicyChange } from './assess-policy-change.js';
import { diffPolicies } from './diff-policies.js';
import { type Policy, type PolicyInput, policySchema } from './policy-schema.js';
import { acmePartner, policyInput } from './testing/policy-fixtures.js';

const parse = (input: PolicyInput): Policy => policySchema.parse(input);
const running = parse(policyInput());
const widened = policyInput({
  id: 'p2',
  partners: [{ ...acmePartner(), destinations: [{ scheme: 'https', host: '*.acme.example' }] }],
});
const hash = diffPolicies(running, parse(widened)).diffHash;
const approved = (approval: Partial<NonNullable<PolicyInput['approval']>>) =>
  parse({
    ...widened,
    approval: {
      diffHash: hash,
      author: 'alice',
      approver: 'bob',
      approvedAt: '2025-06-01T10:00:00Z',
      ...approval,
    },
  });

describe('assessPolicyChange', () => {
  it('refuses widening without an approval', () => {
    const result = assessPolicyChange(running, parse(widened));
    expect(result).toMatchObject({
      widening: true,
      accepted: false,
      reason: 'approval-missing',
      diffHash: hash,
    });
    expect(result.changes.length).toBeGreaterThan(0);
  });

  it('refuses an approval naming another diff', () => {
    const wrong = `sha256:${'0'.repeat(64)}`;
    expect(assessPolicyChange(running, approved({ diffHash: wrong }))).toMatchObject({
      accepted: false,
      reason: 'approval-hash-mismatch',
    });
  });

  it('refuses an approval by its own author, whatever the case or spacing', () => {
    expect(assessPolicyChange(running, approved({ approver: ' Alice ' }))).toMatchObject({
      accepted: false,
      reason: 'self-approval',
    });
  });

  it('refuses an approval whose names are blank', () => {
    expect(assessPolicyChange(running, approved({ approver: '  ' }))).toMatchObject({
      accepted: false,
      reason: 'approval-incomplete',
    });
  });

  it('accepts widening approved by another person for the exact diff', () => {
    expect(assessPolicyChange(running, approved({}))).toMatchObject({
      widening: true,
      accepted: true,
      reason: 'approved',
    });
  });

  it('accepts narrowing and unchanged policies without approval', () => {
    expect(assessPolicyChange(parse(widened), running)).toMatchObject({
      widening: false,
      accepted: true,
      reason: 'not-widening',
    });
    expect(assessPolicyChange(running, running)).toMatchObject({ accepted: true, reason: 'not-widening' });
  });

  it('treats a first load (no running policy) as widening from nothing', () => {
    expect(assessPolicyChange(undefined, running)).toMatchObject({ widening: true, accepted: false });
    const first = parse({
      ...policyInput(),
      approval: {
        diffHash: diffPolicies(undefined, running).diffHash,
        author: 'a',
        approver: 'b',
        approvedAt: '2025-06-01',
      },
    });
    expect(assessPolicyChange(undefined, first)).toMatchObject({ accepted: true, reason: 'approved' });
  });

  it('refuses a replayed approval once the file widens further', () => {
    const further = parse({
      ...widened,
      pools: { 'mobile-data': ['10.64.0.0/10', '198.51.100.0/24'] },
      approval: { diffHash: hash, author: 'alice', approver: 'bob', approvedAt: '2025-06-01' },
    });
    expect(assessPolicyChange(running, further)).toMatchObject({
      accepted: false,
      reason: 'approval-hash-mismatch',
    });
  });
});
