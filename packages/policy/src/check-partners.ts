import { parseCidr } from './cidr.js';
import type { RuleFinding } from './policy-problem.js';
import type { Policy } from './policy-schema.js';

const DAY_MS = 86_400_000;
export const CONTRACT_WARNING_DAYS = 30;

/** Partner and pool rules: unique partner ids, contracts in force at `now`, tidy CIDRs. */
export function checkPartners(policy: Policy, now: Date): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const [pool, cidrs] of Object.entries(policy.pools)) {
    cidrs.forEach((text, index) => {
      const cidr = parseCidr(text);
      if (cidr?.hadHostBits) {
        findings.push({
          rule: 'policy/cidr-host-bits',
          message: `${text} has host bits set; it means ${cidr.text}`,
          path: ['pools', pool, index],
        });
      }
    });
  }
  const seen = new Map<string, number>();
  policy.partners.forEach((partner, index) => {
    const first = seen.get(partner.id);
    if (first !== undefined) {
      findings.push({
        rule: 'policy/duplicate-partner',
        message: `partner id ${partner.id} is already used by partners[${first}]`,
        path: ['partners', index, 'id'],
      });
    } else {
      seen.set(partner.id, index);
    }
    // A contract runs to the end of its expiry day (UTC).
    const end = Date.parse(`${partner.contract.expires}T00:00:00Z`) + DAY_MS;
    const path = ['partners', index, 'contract', 'expires'];
    if (end <= now.getTime()) {
      findings.push({
        rule: 'policy/contract-expired',
        message: `the contract ${partner.contract.reference} with ${partner.id} expired on ${partner.contract.expires}; nothing may be disclosed under it`,
        path,
      });
    } else if (end - now.getTime() <= CONTRACT_WARNING_DAYS * DAY_MS) {
      findings.push({
        rule: 'policy/contract-expiring',
        message: `the contract ${partner.contract.reference} with ${partner.id} expires on ${partner.contract.expires}`,
        path,
      });
    }
  });
  return findings;
}
