import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateCorpus } from './corpus/generate-corpus.js';
import type { FileScanResult } from './file-tally.js';
import { runScan } from './run-scan.js';
import { defaultWorkerUrl, scanFiles } from './scan-files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lk-run-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function io() {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c) => {
    out += c;
  });
  stderr.on('data', (c) => {
    err += c;
  });
  return { io: { stdout, stderr }, out: () => out, err: () => err };
}

describe('linekeeper scan (runScan)', () => {
  it('exits 0 on a clean log, 1 when it finds identifiers, 2 on a missing path', async () => {
    await writeFile(
      join(dir, 'clean.log'),
      '10.0.0.1 - - [10/Jan/2012:13:55:36 +0000] "GET / HTTP/1.1" 200 1534\n',
    );
    await writeFile(join(dir, 'leak.log'), 'x-msisdn: 447700900123\n');
    const a = io();
    expect(await runScan([join(dir, 'clean.log')], {}, a.io)).toBe(0);
    expect(a.out()).toContain('0 finding(s)');
    const b = io();
    expect(await runScan([join(dir, 'leak.log')], {}, b.io)).toBe(1);
    expect(b.out()).toContain('+44*******123');
    expect(b.out()).not.toContain('447700900123');
    const c = io();
    expect(await runScan([join(dir, 'nope.log')], {}, c.io)).toBe(2);
    expect(c.err()).toContain('nope.log');
  });

  it('walks directories and globs, reads .gz, and reports JSON with the breach assessment', async () => {
    await mkdir(join(dir, 'nginx'));
    await writeFile(
      join(dir, 'nginx', 'access.log'),
      '[10/Jan/2012:13:55:36 +0000] "447700900123" imei=356938035643809\n',
    );
    await writeFile(
      join(dir, 'nginx', 'access.log.1.gz'),
      gzipSync('[09/Jan/2012:08:00:00 +0000] "447700900124"\n'),
    );
    const run = io();
    expect(await runScan([join(dir, 'nginx')], { format: 'json', reveal: true }, run.io)).toBe(1);
    const report = JSON.parse(run.out());
    expect(report.identifiers.map((i: { identifier: string }) => i.identifier).sort()).toEqual([
      '+447700900123',
      '+447700900124',
      '356938035643809',
    ]);
    expect(report.assessment).toMatchObject({
      people: 2,
      records: 2,
      windowStart: '2012-01-09T08:00:00Z',
      windowEnd: '2012-01-10T13:55:36Z',
    });
    const glob = io();
    expect(await runScan([join(dir, 'nginx', '*.gz')], { format: 'csv' }, glob.io)).toBe(1);
    expect(glob.out().split('\n')[0]).toBe('kind,identifier,count,first_seen,last_seen,fields,files,lines');
    expect(glob.out()).toContain('msisdn,+44*******124,1,2012-01-09T08:00:00Z');
  });

  it('redacts to --out so that a rescan of the output exits 0', async () => {
    const corpus = generateCorpus({ seed: 9, lines: 500 });
    await writeFile(join(dir, 'app.log'), corpus.text);
    const out = join(dir, 'redacted');
    expect(
      await runScan([join(dir, 'app.log')], { redact: true, out, hashKey: 'a'.repeat(64) }, io().io),
    ).toBe(1);
    const rescan = io();
    expect(await runScan([out], {}, rescan.io)).toBe(0);
    expect(await readFile(join(dir, 'app.log'), 'utf8')).toBe(corpus.text);
  });

  it('refuses inconsistent options, naming the key', async () => {
    await expect(runScan([], { redact: true }, io().io)).rejects.toThrow(
      /redact: needs --out DIR or --in-place/,
    );
    await expect(runScan([], { country: 'XX' }, io().io)).rejects.toThrow(/country/);
    await expect(runScan([], { colour: true }, io().io)).rejects.toThrow(/colour/);
  });
});

describe('scanFiles on worker threads', () => {
  it.runIf(
    defaultWorkerUrl() !== undefined &&
      existsSync(new URL('../../identity-core/dist/index.js', import.meta.url)),
  )('gives the same results as in-process scanning (uses the built dist/)', async () => {
    const paths: string[] = [];
    for (const seed of [1, 2, 3]) {
      const path = join(dir, `f${seed}.log`);
      await writeFile(path, generateCorpus({ seed, lines: 300 }).text);
      paths.push(path);
    }
    const inProcess = await scanFiles(paths, { country: 'GB' }, { workers: 1 });
    const threaded = await scanFiles(paths, { country: 'GB' }, { workers: 2 });
    expect(threaded).toEqual(inProcess);
    expect(inProcess.every((r) => r.identifiers.length > 0)).toBe(true);
    // One file split into line-aligned ranges across the workers gives the same answer.
    const split = await scanFiles([paths[0] as string], { country: 'GB' }, { workers: 3, splitBytes: 1 });
    expect(split[0]?.lines).toBe(inProcess[0]?.lines);
    expect(split[0]?.records).toBe(inProcess[0]?.records);
    const byValue = (r: FileScanResult | undefined) =>
      Object.fromEntries((r?.identifiers ?? []).map((t) => [t.value, [t.count, t.lines]]));
    expect(byValue(split[0])).toEqual(byValue(inProcess[0]));
  });
});

describe('scanFiles lanes', () => {
  it('scans every piece on this thread when the worker threads cannot start', async () => {
    const path = join(dir, 'big.log');
    await writeFile(path, generateCorpus({ seed: 9, lines: 400 }).text);
    const whole = await scanFiles([path], { country: 'GB' }, { workers: 1 });
    // A worker module that throws on load: no lane but this thread's ever takes a piece.
    const broken = join(dir, 'broken-worker.mjs');
    await writeFile(broken, 'throw new Error("cannot load");\n');
    const split = await scanFiles(
      [path],
      { country: 'GB' },
      { workers: 3, splitBytes: 1, pieceBytes: 4096, workerUrl: new URL(`file://${broken}`) },
    );
    expect(split[0]?.problem).toBeUndefined();
    expect(split[0]?.lines).toBe(whole[0]?.lines);
    expect(split[0]?.records).toBe(whole[0]?.records);
    const byValue = (r: FileScanResult | undefined) =>
      Object.fromEntries((r?.identifiers ?? []).map((t) => [t.value, [t.count, t.lines]]));
    expect(byValue(split[0])).toEqual(byValue(whole[0]));
    expect(Object.keys(byValue(whole[0])).length).toBeGreaterThan(0);
  });
});
