import type { CompiledPolicy, Policy } from '@linekeeper/policy';

/** The policy the gateway runs right now: swapped whole on reload, never edited in place. */
export interface ActivePolicy {
  readonly policy: Policy;
  readonly compiled: CompiledPolicy;
  /** `sha256:…` of the file: recorded with every disclosure. */
  readonly version: string;
  /** Every header name the policy can inject, lower case (stripped from inbound requests). */
  readonly headerNames: ReadonlySet<string>;
}

export function toActivePolicy(loaded: {
  readonly policy: Policy;
  readonly compiled: CompiledPolicy;
  readonly version: string;
}): ActivePolicy {
  return Object.freeze({
    policy: loaded.policy,
    compiled: loaded.compiled,
    version: loaded.version,
    headerNames: new Set(loaded.compiled.headerNames.map((name) => name.toLowerCase())),
  });
}
