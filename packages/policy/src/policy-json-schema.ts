import { z } from 'zod';
import { policySchema } from './policy-schema.js';

/**
 * The published JSON Schema of the policy file (docs/policy.schema.json), generated from the one
 * zod schema so the two cannot drift; a test fails when the checked-in file is stale. Input
 * mode: keys with a default (pathPrefix, disclose) are optional, as an author writes them.
 * Semantic rules (overlaps, public suffixes, contracts, justifications) are `policy check`'s.
 */
export function generatePolicyJsonSchema(): string {
  const schema = z.toJSONSchema(policySchema, { io: 'input', target: 'draft-2020-12' });
  const published = {
    $schema: schema.$schema,
    $id: 'https://linekeeper.invalid/schemas/policy.schema.json',
    ...schema,
  };
  return `${JSON.stringify(published, null, 2)}\n`;
}
