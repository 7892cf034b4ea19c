import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OpenSink } from './output-sink.js';
import { scanFile } from './scan-file.js';
import { scanText } from './scan-text.js';

const LOG = [
  '10.0.0.1 - - [10/Jan/2012:13:55:36 +0000] "GET / HTTP/1.1" 200 1534 "-" "Mozilla/5.0" "447700900123"',
  '10.0.0.2 - - [10/Jan/2012:14:01:02 +0000] "GET /a?order_id=123456789012 HTTP/1.1" 200 99 "-" "curl/7.68.0" "-"',
  '{"time":"2012-01-11T09:00:00Z","headers":{"x-msisdn":"447700900123","x-uidh":"T3BhcXVlVG9rZW4xMjM0NTY="},"n":447700900999}',
].join('\n');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lk-scan-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('scanFile', () => {
  it('reads a file of many chunks ahead of the scan without losing or repeating a line', async () => {
    // About 3.4 MiB: more than the two 1 MiB read buffers used in turn, lines cut at chunk ends.
    const copies = Math.ceil((3.4 * 1024 * 1024) / (LOG.length + 1));
    await writeFile(join(dir, 'big.log'), `${LOG}\n`.repeat(copies));
    await writeFile(join(dir, 'big.log.gz'), gzipSync(`${LOG}\n`.repeat(copies)));
    // The .gz a second time inflated on a worker thread (as a large one is), chunks handed over.
    for (const [name, inflateInWorkerFrom] of [
      ['big.log', undefined],
      ['big.log.gz', undefined],
      ['big.log.gz', 0],
    ] as const) {
      const hooks = inflateInWorkerFrom === undefined ? {} : { inflateInWorkerFrom };
      const result = await scanFile(join(dir, name), { country: 'GB' }, hooks);
      expect(result.problem).toBeUndefined();
      expect(result.bytes).toBe(copies * (LOG.length + 1));
      expect(result.lines).toBe(3 * copies);
      expect(result.records).toBe(2 * copies);
      const msisdn = result.identifiers.find((t) => t.value === '+447700900123');
      expect(msisdn?.count).toBe(2 * copies);
      expect(msisdn?.lines.slice(0, 4)).toEqual([1, 3, 4, 6]);
      expect(result.identifiers.find((t) => t.value === '+447700900999')?.count).toBe(copies);
    }
  });

  it('reports identifiers with lines, fields and the time window; gzip reads the same', async () => {
    await writeFile(join(dir, 'access.log'), LOG);
    await writeFile(join(dir, 'access.log.1.gz'), gzipSync(LOG));
    for (const name of ['access.log', 'access.log.1.gz']) {
      const result = await scanFile(join(dir, name), { country: 'GB' });
      expect(result.problem).toBeUndefined();
      expect(result.gzip).toBe(name.endsWith('.gz'));
      const msisdn = result.identifiers.find((t) => t.value === '+447700900123');
      expect(msisdn).toMatchObject({ kind: 'msisdn', count: 2, lines: [1, 3], fields: ['x-msisdn'] });
      expect(msisdn?.firstSeen).toBe(Date.UTC(2012, 0, 10, 13, 55, 36));
      expect(msisdn?.lastSeen).toBe(Date.UTC(2012, 0, 11, 9, 0, 0));
      expect(result.identifiers.map((t) => t.kind).sort()).toEqual(['msisdn', 'msisdn', 'tracking-id']);
      expect(result.records).toBe(2);
      expect(result.lines).toBe(3);
      expect(result.links.length).toBeGreaterThan(0);
    }
  });

  it('skips binary files, truncated gzip and unreadable paths with a problem, never a throw', async () => {
    await writeFile(join(dir, 'core'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1]));
    await writeFile(join(dir, 'cut.gz'), gzipSync(`${LOG}\n`.repeat(2000)).subarray(0, 3000));
    await mkdir(join(dir, 'a-directory'));
    expect((await scanFile(join(dir, 'core'), { country: 'GB' })).problem?.code).toBe('ERR_SCAN_BINARY');
    for (const inflateInWorkerFrom of [undefined, 0]) {
      const hooks = inflateInWorkerFrom === undefined ? {} : { inflateInWorkerFrom };
      const cut = await scanFile(join(dir, 'cut.gz'), { country: 'GB' }, hooks);
      expect(cut.problem?.code).toBe('ERR_SCAN_GZIP_CORRUPT');
      expect(cut.identifiers.length).toBeGreaterThan(0); // what was read before the cut is kept
    }
    expect((await scanFile(join(dir, 'missing.log'), { country: 'GB' })).problem?.code).toBe('ENOENT');
    expect((await scanFile(join(dir, 'a-directory'), { country: 'GB' })).problem?.code).toBe('EISDIR');
  });

  it.runIf(process.getuid?.() !== 0)('reports a file it may not read (EACCES)', async () => {
    const path = join(dir, 'secret.log');
    await writeFile(path, LOG);
    await chmod(path, 0o000);
    expect((await scanFile(path, { country: 'GB' })).problem?.code).toBe('EACCES');
  });

  it('scans a 10 MB line and finds the numbers at both ends, across a cut', async () => {
    const filler = 'a'.repeat(5 * 1024 * 1024);
    await writeFile(
      join(dir, 'long.log'),
      `msisdn=447700900001 ${filler} ${filler} +447700900002\nnext 07700900003\n`,
    );
    const text = `msisdn=447700900001 ${filler} ${filler} +447700900002\nnext 07700900003\n`;
    await writeFile(join(dir, 'long.log.gz'), gzipSync(text));
    // Plain, and gzip inflated on a worker thread (which hands the line over cut into pieces).
    for (const [name, hooks] of [
      ['long.log', {}],
      ['long.log.gz', { inflateInWorkerFrom: 0 }],
    ] as const) {
      const result = await scanFile(join(dir, name), { country: 'GB', maxLineBytes: 2 * 1024 * 1024 }, hooks);
      expect(result.lines).toBe(2);
      expect(result.identifiers.map((t) => [t.value, t.lines[0]])).toEqual([
        ['+447700900001', 1],
        ['+447700900002', 1],
        ['+447700900003', 2],
      ]);
    }
  });

  it('redacts to a copy: gzip in, gzip out, a rescan finds nothing, other bytes are identical', async () => {
    const invalidUtf8 = Buffer.from([0xff, 0xfe, 0x0a]);
    const original = Buffer.concat([Buffer.from(LOG), Buffer.from('\n'), invalidUtf8]);
    await writeFile(join(dir, 'access.log.gz'), gzipSync(original));
    const out = join(dir, 'out');
    const result = await scanFile(join(dir, 'access.log.gz'), {
      country: 'GB',
      redact: { redact: { mode: 'mask' }, outDir: out },
    });
    expect(result.redactedTo).toBeDefined();
    const redacted = gunzipSync(await readFile(result.redactedTo as string));
    expect(scanText(redacted)).toEqual([]);
    expect(redacted.toString('latin1')).toContain('"[msisdn]"');
    expect(redacted.toString('latin1')).toContain('"n":"[msisdn]"'); // a bare JSON number stays valid JSON
    expect(redacted.subarray(-3)).toEqual(invalidUtf8);
    expect(JSON.parse(redacted.toString('utf8').split('\n')[2] as string).headers['x-msisdn']).toBe(
      '[msisdn]',
    );
  });

  it('redacts in place with a keyed hash, keeps the original as .bak, and one person stays linkable', async () => {
    const path = join(dir, 'access.log');
    await writeFile(path, LOG);
    await chmod(path, 0o640);
    const key = Buffer.alloc(32, 7);
    const result = await scanFile(path, {
      country: 'GB',
      redact: { redact: { mode: 'hash', key }, inPlace: true },
    });
    expect(result.backup).toBe(`${path}.bak`);
    expect(await readFile(`${path}.bak`, 'utf8')).toBe(LOG);
    const text = await readFile(path, 'utf8');
    const tokens = text.match(/\[msisdn:[a-z]{16}\]/g) ?? [];
    expect(tokens).toHaveLength(3);
    expect(tokens[0]).toBe(tokens[1]); // the same number, the same token
    expect(tokens[2]).not.toBe(tokens[0]);
    expect(scanText(text)).toEqual([]);
    expect((await stat(path)).mode & 0o777).toBe(0o640);
    // A second in-place run refuses to overwrite the backup, and changes nothing.
    await writeFile(path, LOG);
    const again = await scanFile(path, {
      country: 'GB',
      redact: { redact: { mode: 'mask' }, inPlace: true },
    });
    expect(again.problem?.code).toBe('ERR_REDACT_TARGET_EXISTS');
    expect(await readFile(path, 'utf8')).toBe(LOG);
  });

  it('leaves no output and the original untouched when the disk fills mid-write', async () => {
    const path = join(dir, 'big.log');
    const content = `${LOG}\n`.repeat(20_000);
    await writeFile(path, content);
    const fullDisk: OpenSink = async (tmpPath) => {
      await writeFile(tmpPath, '');
      let written = 0;
      return {
        async write(chunk) {
          written += chunk.length;
          if (written > 1_000_000)
            throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
          await writeFile(tmpPath, chunk, { flag: 'a' });
        },
        commit: async () => undefined,
        abort: () => rm(tmpPath, { force: true }),
      };
    };
    const result = await scanFile(
      path,
      { country: 'GB', redact: { redact: { mode: 'mask' }, inPlace: true } },
      { openSink: fullDisk },
    );
    expect(result.problem?.code).toBe('ERR_REDACT_WRITE_FAILED');
    expect(await readFile(path, 'utf8')).toBe(content);
    expect(await readdir(dir)).toEqual(['big.log']);
  });
});
