import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { IDENTITY_HEADER_CATALOGUE } from './header-catalogue.js';
import { renderHeaderCatalogueMarkdown } from './header-catalogue-markdown.js';

const DOC = fileURLToPath(new URL('../../../docs/header-catalogue.md', import.meta.url));

describe('docs/header-catalogue.md', () => {
  it('is the current rendering of the catalogue (regenerate with scripts/write-header-catalogue-doc.ts)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(renderHeaderCatalogueMarkdown());
  });

  it('has one table row per entry', () => {
    const rendered = renderHeaderCatalogueMarkdown();
    for (const entry of IDENTITY_HEADER_CATALOGUE) {
      expect(rendered).toMatch(new RegExp(`^\\| \`${entry.name}\` +\\|`, 'm'));
    }
  });

  it('escapes pipes inside cells', () => {
    const rendered = renderHeaderCatalogueMarkdown([
      { name: 'x-a', kind: 'msisdn', carries: 'a|b', usedBy: 'c', format: 'd', source: 'e' },
    ]);
    expect(rendered).toContain('| `x-a`  | a\\|b    | c       | d      | e      |');
  });
});
