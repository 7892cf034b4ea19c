import { describe, expect, it } from 'vitest';
import { assessPolicyChange } from './assess-policy-change.js';
import { describePolicyDiff, formatPolicyDiff } from './describe-policy-diff.js';
import type { HostReachSource } from './host-reach-source.js';
import { policySchema } from './policy-schema.js';
import { acmePartner, policyInput } from './testing/policy-fixtures.js';

const running = policySchema.parse(policyInput());
const candidate = policySchema.parse(
  policyInput({
    id: 'p2',
    partners: [
      {
        ...acmePartner(),
        destinations: [
          { scheme: 'https', host: 'pay.acme.example', pathPrefix: '/charge' },
          { scheme: 'http', host: 'leak.example' },
        ],
      },
    ],
  }),
);

describe('describePolicyDiff', () => {
  it('groups the blast radius by destination and asks the ledger about the hosts', async () => {
    const asked: { hosts: string[]; days: number }[] = [];
    const reach: HostReachSource = {
      async distinctSubscribersPerDay(hosts, days) {
        asked.push({ hosts, days });
        return new Map([['leak.example', 1234]]);
      },
    };
    const report = await describePolicyDiff(assessPolicyChange(running, candidate), {
      fromId: running.id,
      toId: candidate.id,
      reach,
      days: 7,
    });
    expect(asked).toEqual([{ hosts: ['leak.example'], days: 7 }]);
    expect(report.destinations).toEqual([
      {
        destination: 'http://leak.example:80/',
        host: 'leak.example',
        partnerIds: ['acme'],
        gains: {
          fields: ['msisdn'],
          purposes: ['carrier-billing'],
          pools: ['mobile-data'],
          headers: ['X-MSISDN'],
        },
        loses: { fields: [], purposes: [], pools: [], headers: [] },
        subscribersPerDay: 1234,
      },
    ]);
    const text = formatPolicyDiff(report);
    expect(text).toContain('+ http://leak.example:80/  (partner acme)');
    expect(text).toContain('reach  1234 distinct subscribers/day reached leak.example (last 7 days)');
    expect(text).toContain(`WIDENING: approval must name diffHash ${report.diffHash}`);
    expect(text).toContain('gate: REFUSED (approval-missing)');
  });

  it('says so when no ledger is given', async () => {
    const report = await describePolicyDiff(assessPolicyChange(candidate, running), {
      fromId: 'p2',
      toId: 'p1',
    });
    expect(report.reach.source).toBe('none');
    expect(report.destinations[0]?.subscribersPerDay).toBeNull();
    const text = formatPolicyDiff(report);
    expect(text).toContain('- http://leak.example:80/');
    expect(text).toContain('reach: no ledger given');
    expect(text).toContain('not widening: no approval needed');
  });
});
