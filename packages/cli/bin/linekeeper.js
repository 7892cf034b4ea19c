#!/usr/bin/env node
// The published entry point: the compiled CLI. `npm ci` builds it (the root `prepare` script).
import { existsSync } from 'node:fs';

const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('linekeeper: not built yet; run `npm run build` in the repository root\n');
  process.exit(2);
}
await import(main.href);
