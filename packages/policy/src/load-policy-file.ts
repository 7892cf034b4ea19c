import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { LineKeeperError } from '@linekeeper/identity-core';
import { checkPolicySource } from './check-policy.js';
import { type CompiledPolicy, type CompilePolicyOptions, compilePolicy } from './compile-policy.js';
import type { PolicyErrorCode } from './policy-error-code.js';
import { formatProblem, hasErrors, type PolicyProblem } from './policy-problem.js';
import type { Policy } from './policy-schema.js';

export interface LoadedPolicy {
  readonly policy: Policy;
  readonly compiled: CompiledPolicy;
  /** `sha256:…` of the file's bytes: the policy version every disclosure is recorded with. */
  readonly version: string;
  /** Warnings only (an error refuses the file). */
  readonly problems: readonly PolicyProblem[];
}

export interface LoadPolicyFileOptions extends CompilePolicyOptions {
  /** The clock contracts are checked against, as a Date; default: now. */
  readonly clock?: () => Date;
}

/**
 * Reads, checks and compiles a policy file for the gateway. Any error-level problem refuses the
 * whole file (ERR_POLICY_INVALID, every problem in the message) so a reload keeps the running
 * policy; whether the change may go live is then `assessPolicyChange`'s decision.
 */
export async function loadPolicyFile(
  path: string,
  options: LoadPolicyFileOptions = {},
): Promise<LoadedPolicy> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new LineKeeperError<PolicyErrorCode>('ERR_POLICY_UNREADABLE', `cannot read policy file ${path}`, {
      where: path,
      cause,
    });
  }
  const now = options.clock?.() ?? new Date();
  const { policy, problems } = checkPolicySource(bytes.toString('utf8'), { file: path, now });
  if (!policy || hasErrors(problems)) {
    const errors = problems.filter((problem) => problem.severity === 'error');
    const first = errors[0];
    throw new LineKeeperError<PolicyErrorCode>(
      'ERR_POLICY_INVALID',
      `policy file ${path} has ${errors.length} error(s):\n${errors.map(formatProblem).join('\n')}`,
      { where: first ? `${first.file}:${first.line}:${first.column}` : path },
    );
  }
  return {
    policy,
    compiled: compilePolicy(policy, options),
    version: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
    problems,
  };
}
