import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generatePolicyJsonSchema } from './policy-json-schema.js';

describe('docs/policy.schema.json', () => {
  it('is the fresh generation from the zod schema (npm run generate-schema -w @linekeeper/policy)', () => {
    const checkedIn = readFileSync(new URL('../../../docs/policy.schema.json', import.meta.url), 'utf8');
    expect(checkedIn).toBe(generatePolicyJsonSchema());
  });

  it('rejects unknown keys and requires what the zod schema requires', () => {
    const schema = JSON.parse(generatePolicyJsonSchema());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['version', 'id', 'pools', 'partners']);
    const destination = schema.properties.partners.items.properties.destinations.items;
    expect(destination.required).toEqual(['scheme', 'host']);
    expect(destination.additionalProperties).toBe(false);
  });
});
