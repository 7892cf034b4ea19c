import { isHeaderToken, isReservedHeaderName } from './header-names.js';
import type { RuleFinding } from './policy-problem.js';
import { type DisclosedField, type Policy, RAW_IDENTIFIER_FIELDS } from './policy-schema.js';

/** A justification shorter than this ("yes", "tbd") is not a written reason. */
export const MIN_JUSTIFICATION_LENGTH = 10;

/**
 * Disclosure rules, per partner and purpose: pools that exist; raw identifiers only with a
 * written justification (and a warning when they would cross plain http); header names that are
 * tokens, not reserved by HTTP, and never one name for two different fields at one partner.
 */
export function checkDisclosures(policy: Policy): RuleFinding[] {
  const findings: RuleFinding[] = [];
  policy.partners.forEach((partner, partnerIndex) => {
    const overHttp = partner.destinations.some((destination) => destination.scheme === 'http');
    const headerOwners = new Map<string, { field: DisclosedField; purpose: string }>();
    for (const [purpose, spec] of Object.entries(partner.purposes)) {
      const base = ['partners', partnerIndex, 'purposes', purpose];
      (spec.pools ?? []).forEach((pool, index) => {
        if (!Object.hasOwn(policy.pools, pool)) {
          findings.push({
            rule: 'policy/unknown-pool',
            message: `pool ${pool} is not defined under pools (defined: ${Object.keys(policy.pools).join(', ') || 'none'})`,
            path: [...base, 'pools', index],
          });
        }
      });
      for (const [field, header] of Object.entries(spec.disclose) as [DisclosedField, string | undefined][]) {
        if (header === undefined) continue;
        const path = [...base, 'disclose', field];
        if (RAW_IDENTIFIER_FIELDS.includes(field)) {
          const justification = spec.justification?.trim() ?? '';
          if (justification.length < MIN_JUSTIFICATION_LENGTH) {
            findings.push({
              rule:
                field === 'msisdn'
                  ? 'policy/msisdn-without-justification'
                  : 'policy/imsi-without-justification',
              message: `${partner.id}/${purpose} discloses the raw ${field} without a written justification (disclose a pseudonym, or add justification: with the reason)`,
              path,
              key: true,
            });
          }
          if (overHttp) {
            findings.push({
              rule: field === 'msisdn' ? 'policy/msisdn-over-http' : 'policy/imsi-over-http',
              message: `${partner.id}/${purpose} sends the raw ${field} to a plain http destination, readable by anyone on the path`,
              path,
              key: true,
            });
          }
        }
        if (!isHeaderToken(header)) {
          findings.push({
            rule: 'policy/invalid-header-name',
            message: `${JSON.stringify(header)} is not a valid HTTP header name (letters, digits and !#$%&'*+-.^_\`|~ only)`,
            path,
          });
          continue;
        }
        if (isReservedHeaderName(header)) {
          findings.push({
            rule: 'policy/reserved-header-name',
            message: `${header} is a header HTTP itself uses; choose a name of your own such as X-LineKeeper-${field}`,
            path,
          });
          continue;
        }
        const lower = header.toLowerCase();
        const owner = headerOwners.get(lower);
        if (owner && owner.field !== field) {
          findings.push({
            rule: 'policy/header-collision',
            message: `${header} already carries ${owner.field} (purpose ${owner.purpose}) for partner ${partner.id}; one request would get two values`,
            path,
          });
        } else if (!owner) {
          headerOwners.set(lower, { field, purpose });
        }
      }
    }
  });
  return findings;
}
