import { deepFreeze } from '@linekeeper/identity-core';
import type { z } from 'zod';
import { checkDestinations } from './check-destinations.js';
import { checkDisclosures } from './check-disclosures.js';
import { checkPartners } from './check-partners.js';
import { type PolicyDocument, parsePolicyDocument } from './policy-document.js';
import { POLICY_RULES, type PolicyProblem, type RuleFinding } from './policy-problem.js';
import { type Policy, policySchema } from './policy-schema.js';

export interface CheckPolicyOptions {
  /** The name problems are printed with (`policy.yaml:12:7 …`). */
  readonly file?: string;
  /** The clock contracts are checked against; injected so checks are reproducible. */
  readonly now?: Date;
}

export interface CheckPolicyResult {
  /** The validated, frozen policy — `undefined` when the file does not match the schema. */
  readonly policy: Policy | undefined;
  /** Every problem, in file order. */
  readonly problems: readonly PolicyProblem[];
}

/**
 * Checks a policy's text: YAML syntax, the schema (unknown keys included), then every semantic
 * rule. When the only schema problems are unknown keys, the rules still run on the file without
 * them, so one pass reports everything an operator has to fix.
 */
export function checkPolicySource(text: string, options: CheckPolicyOptions = {}): CheckPolicyResult {
  const file = options.file ?? 'policy.yaml';
  const document = parsePolicyDocument(text);
  const problems: PolicyProblem[] = [];
  const add = (finding: RuleFinding) => problems.push(position(document, file, finding));

  for (const error of document.syntaxErrors) {
    problems.push({
      rule: 'policy/yaml-syntax',
      severity: 'error',
      message: error.message,
      file,
      ...error.position,
      path: '',
    });
  }
  if (document.syntaxErrors.length > 0) return { policy: undefined, problems };

  const parsed = policySchema.safeParse(document.value ?? {});
  let policy: Policy | undefined;
  if (parsed.success) {
    policy = parsed.data;
  } else {
    for (const issue of parsed.error.issues) for (const finding of schemaFindings(issue)) add(finding);
    const onlyUnknownKeys = parsed.error.issues.every((issue) => issue.code === 'unrecognized_keys');
    if (onlyUnknownKeys) {
      const salvaged = policySchema.safeParse(withoutUnknownKeys(document.value, parsed.error.issues));
      if (salvaged.success) policy = salvaged.data;
    }
  }
  if (policy) {
    const now = options.now ?? new Date();
    for (const finding of checkPartners(policy, now)) add(finding);
    for (const finding of checkDestinations(policy)) add(finding);
    for (const finding of checkDisclosures(policy)) add(finding);
  }
  problems.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
  return { policy: parsed.success ? deepFreeze(parsed.data) : undefined, problems };
}

function schemaFindings(issue: z.core.$ZodIssue): RuleFinding[] {
  const path = issue.path.map((step) => (typeof step === 'symbol' ? String(step) : step));
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      rule: 'policy/unknown-key',
      message: `unknown key ${JSON.stringify(key)}${path.length > 0 ? ` in ${path.join('.')}` : ''}`,
      path: [...path, key],
      key: true,
    }));
  }
  const name = path.length > 0 ? path.join('.') : '(top level)';
  const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
  return [
    {
      rule: 'policy/schema',
      message: missing ? `${name} is required (${issue.expected})` : `${name}: ${issue.message}`,
      path,
      key: issue.code === 'invalid_key',
    },
  ];
}

function withoutUnknownKeys(value: unknown, issues: readonly z.core.$ZodIssue[]): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    let target: unknown = copy;
    for (const step of issue.path) target = (target as Record<PropertyKey, unknown>)[step];
    for (const key of issue.keys) delete (target as Record<string, unknown>)[key];
  }
  return copy;
}

function position(document: PolicyDocument, file: string, finding: RuleFinding): PolicyProblem {
  const { line, column } = document.locate(finding.path, { key: finding.key ?? false });
  return {
    rule: finding.rule,
    severity: POLICY_RULES[finding.rule].severity,
    message: finding.message,
    file,
    line,
    column,
    path: finding.path.join('.'),
  };
}
