// Rewrites docs/header-catalogue.md from the catalogue:
//   node --import tsx packages/identity-core/scripts/write-header-catalogue-doc.ts
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderHeaderCatalogueMarkdown } from '../src/header-catalogue-markdown.js';

const target = fileURLToPath(new URL('../../../docs/header-catalogue.md', import.meta.url));
writeFileSync(target, renderHeaderCatalogueMarkdown());
console.log(`wrote ${target}`);
