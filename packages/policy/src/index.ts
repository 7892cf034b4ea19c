export {
  assessPolicyChange,
  type PolicyChangeAssessment,
  type PolicyChangeReason,
} from './assess-policy-change.js';
export { type CheckPolicyOptions, type CheckPolicyResult, checkPolicySource } from './check-policy.js';
export {
  type CompiledPolicy,
  type CompilePolicyOptions,
  compilePolicy,
  type PolicyMatch,
  type PolicyRequest,
} from './compile-policy.js';
export {
  type DestinationBlastRadius,
  describePolicyDiff,
  formatPolicyDiff,
  type PolicyDiffReport,
} from './describe-policy-diff.js';
export {
  type ChangeDirection,
  diffPolicies,
  type GrantChange,
  isWidening,
  type PolicyChange,
  type PolicyDiff,
  type PoolChange,
} from './diff-policies.js';
export { normaliseHost } from './host-name.js';
export type { HostReachSource } from './host-reach-source.js';
export { type LoadedPolicy, type LoadPolicyFileOptions, loadPolicyFile } from './load-policy-file.js';
export type { PolicyErrorCode } from './policy-error-code.js';
export { generatePolicyJsonSchema } from './policy-json-schema.js';
export {
  formatProblem,
  hasErrors,
  POLICY_RULES,
  type PolicyProblem,
  type PolicyRuleId,
  type Severity,
} from './policy-problem.js';
export {
  DEFAULT_PSEUDONYM_HEADER,
  DISCLOSED_FIELDS,
  type DisclosedField,
  KNOWN_PURPOSES,
  type Policy,
  type PolicyApproval,
  type PolicyDestination,
  type PolicyInput,
  type PolicyPartner,
  type PolicyPurpose,
  policySchema,
} from './policy-schema.js';
