// Regenerates docs/policy.schema.json from the zod schema: `npm run generate-schema -w @linekeeper/policy`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { generatePolicyJsonSchema } from '../src/policy-json-schema.js';

const target = fileURLToPath(new URL('../../../docs/policy.schema.json', import.meta.url));
writeFileSync(target, generatePolicyJsonSchema());
process.stdout.write(`wrote ${target}\n`);
