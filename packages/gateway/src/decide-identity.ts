import type { Pseudonymizer } from '@linekeeper/identity-core';
import type { Disclosure } from '@linekeeper/ledger';
import type { DisclosedField, PolicyMatch } from '@linekeeper/policy';
import type { LookupResult, Session } from '@linekeeper/subscriber-sessions';
import type { ActivePolicy } from './active-policy.js';

/** Where a plain-http request goes, as the policy sees it. */
export interface Destination {
  readonly scheme: 'http' | 'https';
  /** Normalised host (lower case, IDNA, no trailing dot). */
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

/** One partner and purpose: the headers it gets, and the ledger row that must be written first. */
export interface DisclosurePlan {
  readonly match: PolicyMatch;
  readonly headers: readonly (readonly [name: string, value: string])[];
  readonly disclosure: Disclosure;
}

export type NoIdentityReason =
  | 'no-policy'
  | 'not-subscriber'
  | 'no-match'
  | 'no-session'
  | 'session-unknown'
  | 'nothing-to-disclose';

export type IdentityDecision =
  | { readonly kind: 'none'; readonly reason: NoIdentityReason }
  | { readonly kind: 'disclose'; readonly plans: readonly DisclosurePlan[] };

export interface DecideIdentityInput {
  readonly policy: ActivePolicy | undefined;
  readonly clientAddress: string;
  readonly destination: Destination;
  /** The session store's answer for `clientAddress` (skipped, `none`, when outside every pool). */
  readonly session: LookupResult;
  /**
   * The policy's matches for this destination, already restricted to the client's pools, when
   * the caller has them (the gateway keeps each connection's pools); otherwise found here.
   */
  readonly matches?: readonly PolicyMatch[];
  readonly pseudonymizer: Pseudonymizer;
  readonly instanceId: string;
  readonly now: number;
}

/**
 * Steps 2–4 of the request path as one pure function (no I/O): who the client is, which partners
 * and purposes the policy lists for this destination and the client's pool, and exactly which
 * headers each would receive. Identity is planned only for a live session of a client inside a
 * pool the matched purpose names; anything uncertain plans nothing.
 */
export function decideIdentity(input: DecideIdentityInput): IdentityDecision {
  const { policy, clientAddress, destination, session } = input;
  if (policy === undefined) return { kind: 'none', reason: 'no-policy' };
  let matches = input.matches;
  if (matches === undefined) {
    if (!policy.compiled.isSubscriberAddress(clientAddress))
      return { kind: 'none', reason: 'not-subscriber' };
    matches = policy.compiled.match({ ...destination, clientAddress });
  }
  if (matches.length === 0) return { kind: 'none', reason: 'no-match' };
  if (session.status === 'unknown') return { kind: 'none', reason: 'session-unknown' };
  if (session.status === 'none') return { kind: 'none', reason: 'no-session' };

  const plans: DisclosurePlan[] = [];
  for (const match of matches) {
    const headers: (readonly [string, string])[] = [];
    const fields: DisclosedField[] = [];
    for (const { field, header } of match.disclose) {
      const value = fieldValue(field, match.partnerId, session.session, input.pseudonymizer);
      if (value === undefined) continue;
      headers.push([header, value]);
      fields.push(field);
    }
    if (fields.length === 0) continue;
    plans.push({
      match,
      headers,
      disclosure: {
        at: input.now,
        msisdn: session.session.msisdn,
        accountingSessionId: session.session.accountingSessionId,
        host: destination.host,
        scheme: destination.scheme,
        port: destination.port,
        path: pathPrefixOf(match.destination),
        partnerId: match.partnerId,
        purpose: match.purpose,
        fields,
        policyVersion: policy.version,
        instanceId: input.instanceId,
      },
    });
  }
  if (plans.length === 0) return { kind: 'none', reason: 'nothing-to-disclose' };
  return { kind: 'disclose', plans };
}

function fieldValue(
  field: DisclosedField,
  partnerId: string,
  session: Session,
  pseudonymizer: Pseudonymizer,
): string | undefined {
  switch (field) {
    case 'pseudonym':
      return pseudonymizer.pseudonym(partnerId, session.msisdn);
    case 'msisdn':
      return session.msisdn;
    case 'imsi':
      return session.imsi;
    case 'rat-type':
      return session.ratType === undefined ? undefined : String(session.ratType);
  }
}

/** `http://partner.demo:80/billing` → `/billing`: the ledger keeps the prefix, never the full URL. */
function pathPrefixOf(destination: string): string {
  const start = destination.indexOf('/', destination.indexOf('://') + 3);
  return start === -1 ? '/' : destination.slice(start);
}
