import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCorpus } from './corpus/generate-corpus.js';
import { mergeRanges, planRanges } from './file-ranges.js';
import type { FileScanResult } from './file-tally.js';
import { scanFile } from './scan-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lk-ranges-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sorted = (r: FileScanResult) => ({
  ...r,
  identifiers: [...r.identifiers].sort((a, b) => a.value.localeCompare(b.value)),
  links: [...r.links].map((l) => l.join('|')).sort(),
});

describe('splitting one file across workers', () => {
  it.each([2, 3, 7])('cuts at line starts and merges to the whole-file result (%i parts)', async (parts) => {
    const path = join(dir, 'access.log');
    await writeFile(path, generateCorpus({ seed: 4, lines: 3000 }).text);
    const { size } = await stat(path);
    const ranges = await planRanges(path, size, parts);
    expect(ranges[0]?.start).toBe(0);
    expect(ranges.at(-1)?.end).toBe(size);
    for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.start).toBe(ranges[i - 1]?.end);
    const whole = await scanFile(path, { country: 'GB' });
    const pieces = [];
    for (const range of ranges) pieces.push(await scanFile(path, { country: 'GB', range }));
    const merged = mergeRanges(path, pieces);
    expect(sorted(merged)).toEqual(sorted(whole));
    expect(merged.identifiers.length).toBeGreaterThan(100);
  });

  it('keeps a line longer than the probe whole', async () => {
    const path = join(dir, 'long.log');
    await writeFile(path, `a 447700900001\n${'x'.repeat(200_000)} 447700900002\nb 447700900003\n`);
    const ranges = await planRanges(path, (await stat(path)).size, 4);
    const merged = mergeRanges(
      path,
      await Promise.all(ranges.map((range) => scanFile(path, { country: 'GB', range }))),
    );
    expect(merged.identifiers.map((t) => [t.value, t.lines])).toEqual([
      ['+447700900001', [1]],
      ['+447700900002', [2]],
      ['+447700900003', [3]],
    ]);
  });
});
