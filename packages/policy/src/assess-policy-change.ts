import { diffPolicies, type PolicyChange } from './diff-policies.js';
import type { Policy } from './policy-schema.js';

export type PolicyChangeReason =
  /** Nothing is disclosed that was not before: no approval needed. */
  | 'not-widening'
  /** Widening, with an approval naming this exact diff, by someone other than its author. */
  | 'approved'
  | 'approval-missing'
  | 'approval-hash-mismatch'
  | 'approval-incomplete'
  | 'self-approval';

export interface PolicyChangeAssessment {
  readonly widening: boolean;
  readonly diffHash: string;
  readonly changes: readonly PolicyChange[];
  readonly accepted: boolean;
  readonly reason: PolicyChangeReason;
  /** One sentence for the operator and the ledger. */
  readonly message: string;
}

/**
 * The approval gate, as a pure function the gateway calls on every load and reload (and records
 * in the ledger, accepted or not). A candidate that widens disclosure against the running policy
 * is accepted only if its `approval` names this exact diff and an approver other than the author;
 * narrowing needs nothing. With no running policy (`undefined`) every disclosure is new, so a
 * first load needs approval too — the gateway should pass the last accepted policy it recorded.
 */
export function assessPolicyChange(running: Policy | undefined, candidate: Policy): PolicyChangeAssessment {
  const diff = diffPolicies(running, candidate);
  const base = { widening: diff.widening, diffHash: diff.diffHash, changes: diff.changes };
  if (!diff.widening) {
    return {
      ...base,
      accepted: true,
      reason: 'not-widening',
      message: 'the change does not widen disclosure',
    };
  }
  const refuse = (reason: PolicyChangeReason, message: string): PolicyChangeAssessment => ({
    ...base,
    accepted: false,
    reason,
    message,
  });
  const approval = candidate.approval;
  if (!approval) {
    return refuse(
      'approval-missing',
      `the change widens disclosure and carries no approval for ${diff.diffHash}`,
    );
  }
  const approver = approval.approver.trim();
  const author = approval.author.trim();
  if (approver === '' || author === '') {
    return refuse('approval-incomplete', 'the approval must name both its author and its approver');
  }
  if (approval.diffHash !== diff.diffHash) {
    return refuse(
      'approval-hash-mismatch',
      `the approval names ${approval.diffHash}, but this change is ${diff.diffHash}: approve the diff that is actually being loaded`,
    );
  }
  if (approver.toLowerCase() === author.toLowerCase()) {
    return refuse(
      'self-approval',
      `${approver} both wrote and approved the change; a second person must approve it`,
    );
  }
  return { ...base, accepted: true, reason: 'approved', message: `widening approved by ${approver}` };
}
