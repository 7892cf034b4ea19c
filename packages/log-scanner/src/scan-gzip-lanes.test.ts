import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCorpus } from './corpus/generate-corpus.js';
import type { FileScanResult } from './file-tally.js';
import { defaultWorkerUrl, scanFiles } from './scan-files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lk-gz-lanes-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Identifiers in a stable order, links as a set: the lanes find the same things in another order.
const canonical = (r: FileScanResult | undefined) => ({
  ...r,
  identifiers: [...(r?.identifiers ?? [])].sort((a, b) =>
    `${a.kind}${a.value}`.localeCompare(`${b.kind}${b.value}`),
  ),
  links: [...(r?.links ?? [])].map((pair) => pair.join(' ')).sort(),
});

const built =
  defaultWorkerUrl() !== undefined &&
  existsSync(new URL('../../identity-core/dist/index.js', import.meta.url));

describe('a large gzip file scanned in lanes', () => {
  it.runIf(built)('gives what one lane gives, with lines counted across pieces (uses dist/)', async () => {
    // Small pieces, a line longer than a piece (cut at a space and carried on), and a last line
    // without its newline.
    const text = `${generateCorpus({ seed: 4, lines: 3000 }).text}\nmsisdn=447700900001 ${'a '.repeat(40_000)}+447700900002\nlast 07700900003`;
    const path = join(dir, 'access.log.gz');
    await writeFile(path, gzipSync(text));
    const [one] = await scanFiles([path], { country: 'GB' }, { workers: 1 });
    const [lanes] = await scanFiles(
      [path],
      { country: 'GB' },
      { workers: 2, gzipLanes: 2, gzipLanesFrom: 0, gzipPieceBytes: 16 * 1024 },
    );
    expect(one?.identifiers.length).toBeGreaterThan(100);
    expect(lanes?.gzip).toBe(true);
    expect(canonical(lanes)).toEqual(canonical(one));
    const last = one?.identifiers.find((t) => t.value === '+447700900003');
    expect(last?.lines).toEqual([one?.lines]);
  });

  it.runIf(built)('keeps what it read before a truncation and reports the gzip as corrupt', async () => {
    const whole = gzipSync(generateCorpus({ seed: 5, lines: 4000 }).text);
    const path = join(dir, 'cut.log.gz');
    await writeFile(path, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const [lanes] = await scanFiles(
      [path],
      { country: 'GB' },
      { workers: 2, gzipLanes: 2, gzipLanesFrom: 0, gzipPieceBytes: 16 * 1024 },
    );
    expect(lanes?.problem?.code).toBe('ERR_SCAN_GZIP_CORRUPT');
    expect(lanes?.identifiers.length).toBeGreaterThan(10);
  });
});
