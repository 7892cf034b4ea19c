#!/usr/bin/env node
// `npm run bench [part ...]`: runs each part's benchmark (packages/<part>/bench/index.ts) in turn.
// Each prints its table and writes its figures to bench/out/<part>.json; docs/benchmarks.md
// holds the figures from the last full run on the reference machine.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const wanted = new Set(process.argv.slice(2));
const parts = readdirSync(join(root, 'packages')).filter(
  (part) =>
    existsSync(join(root, 'packages', part, 'bench', 'index.ts')) && (wanted.size === 0 || wanted.has(part)),
);
if (parts.length === 0) {
  process.stderr.write(`no benchmark found for: ${[...wanted].join(', ')}\n`);
  process.exit(2);
}
let failed = 0;
for (const part of parts) {
  process.stdout.write(`\n== ${part} ==\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', join('packages', part, 'bench', 'index.ts')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (run.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
