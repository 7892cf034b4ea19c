/**
 * Log-scanner benchmark: `linekeeper scan`'s core on a generated nginx access log (with logged
 * identity headers, 2% of lines carrying an identifier) and its `.gz`, side by side in the same
 * run with ripgrep on the closest pattern (`\b[0-9]{10,15}\b`, `rg -c`, `rg -z -c`), Node's own
 * gunzip (the ceiling for any Node gzip reader), and libphonenumber-js's text finder (the naive
 * baseline, on a small slice: it is slow).
 *
 *   BENCH_MB=1024 node --import tsx packages/log-scanner/bench/index.ts   (default 1024 MB)
 */
import { spawnSync } from 'node:child_process';
import {
  createReadStream,
  createWriteStream,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import { findNumbers } from 'libphonenumber-js/max';
import { generateCorpus } from '../src/corpus/generate-corpus.js';
import { scanFile } from '../src/scan-file.js';
import { defaultWorkerUrl, scanFiles } from '../src/scan-files.js';

const MB = Number(process.env.BENCH_MB ?? 1024);
const RG = process.env.BENCH_RG ?? 'rg';
const PATTERN = '\\b[0-9]{10,15}\\b';
const SLICE = 256 * 1024;
// Requests whose query carries an order id, epoch, foreign number or trace id (BENCH_DECOYS).
const DECOY_RATE = Number(process.env.BENCH_DECOYS ?? 0.2);

interface Figure {
  readonly name: string;
  readonly input: string;
  /** Wall clock. */
  readonly mbPerSecond: number | undefined;
  /** Per CPU-second (user + system, all threads): fairer when other work shares the cores. */
  readonly mbPerCpuSecond: number | undefined;
  readonly note: string;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'lk-bench-scan-'));
  try {
    const logPath = join(dir, 'access.log');
    const gzPath = `${logPath}.gz`;
    const block = Buffer.from(
      generateCorpus({
        seed: 2012,
        lines: 200_000,
        formats: ['nginx'],
        plantRate: 0.02,
        decoyRate: DECOY_RATE,
      }).text,
    );
    await writeRepeated(logPath, block, MB * 1024 * 1024);
    await pipeline(createReadStream(logPath), createGzip({ level: 6 }), createWriteStream(gzPath));
    const bytes = statSync(logPath).size;
    const mb = bytes / 1e6;
    process.stdout.write(
      `generated ${mb.toFixed(0)} MB access log (${(statSync(gzPath).size / 1e6).toFixed(0)} MB gz) in ${dir}\n`,
    );

    const figures: Figure[] = [];
    const add = (
      name: string,
      input: string,
      megabytes: number,
      t: Timing | undefined,
      note: string,
    ): void => {
      figures.push({
        name,
        input,
        mbPerSecond: t && megabytes / t.seconds,
        mbPerCpuSecond: t && t.cpuSeconds > 0 ? megabytes / t.cpuSeconds : undefined,
        note,
      });
    };
    const scanPlain = await timed(() => scanFile(logPath, { country: 'GB' }));
    add(
      'linekeeper scan core',
      'plain',
      mb,
      scanPlain,
      `${findings(scanPlain.value)} findings, every candidate validated`,
    );
    const threads = availableParallelism();
    const built = defaultWorkerUrl() !== undefined;
    const split = await timed(() => scanFiles([logPath], { country: 'GB' }, { workers: threads }));
    add(
      `linekeeper scan, ${threads} workers (one file split by lines)`,
      'plain',
      mb,
      split,
      built
        ? `${findings(split.value[0] ?? { identifiers: [] })} findings`
        : 'dist/ not built: ran in-process',
    );
    const rgPlain = run(RG, ['-c', PATTERN, logPath]);
    add(
      `ripgrep \`rg -c '${PATTERN}'\``,
      'plain',
      mb,
      rgPlain,
      rgPlain ? `${rgPlain.out.trim()} matching lines, nothing validated` : 'rg not installed',
    );
    const gunzip = await timed(async () => {
      let n = 0;
      const stream = createReadStream(gzPath).pipe(createGunzip({ chunkSize: 1 << 20 }));
      for await (const chunk of stream) n += (chunk as Buffer).length;
      return n;
    });
    add(
      'Node gunzip (zlib stream, discard)',
      'gz',
      gunzip.value / 1e6,
      gunzip,
      'the ceiling for a Node gzip reader',
    );
    const scanGz = await timed(() => scanFile(gzPath, { country: 'GB' }));
    add('linekeeper scan core', 'gz', scanGz.value.bytes / 1e6, scanGz, `${findings(scanGz.value)} findings`);
    const rgGz = run(RG, ['-z', '-c', PATTERN, gzPath]);
    add(
      'ripgrep `rg -z -c`',
      'gz',
      mb,
      rgGz,
      rgGz ? 'decompresses in a gzip child process' : 'rg not installed',
    );
    const slice = block.subarray(0, SLICE).toString('latin1');
    const naive = await timed(async () => findNumbers(slice, { defaultCountry: 'GB', v2: true }).length);
    add(
      'libphonenumber-js `findNumbers` (naive baseline)',
      `plain, ${SLICE / 1024} KiB`,
      SLICE / 1e6,
      naive,
      `${naive.value} numbers found`,
    );

    const rate = (f: Figure | undefined, cpu: boolean) => (cpu ? f?.mbPerCpuSecond : f?.mbPerSecond);
    const fmt = (n: number | undefined): string =>
      n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(n < 10 ? 2 : 0);
    const rows = figures.map((f) => {
      const base = figures.find((b) => b.name.startsWith(f.input === 'gz' ? 'Node gunzip' : 'ripgrep'));
      const ratio = (cpu: boolean): string => {
        const a = rate(f, cpu);
        const b = rate(base, cpu);
        return a && b ? `${(a / b).toFixed(2)}×` : '';
      };
      return `| ${f.name} | ${f.input} | ${fmt(f.mbPerSecond)} | ${ratio(false)} | ${fmt(f.mbPerCpuSecond)} | ${ratio(true)} | ${f.note} |`;
    });
    const table = [
      '| what | input | MB/s (wall) | ratio | MB per CPU-s | ratio | note |',
      '|---|---|---:|---:|---:|---:|---|',
      ...rows,
    ];
    process.stdout.write(
      `\nlog-scanner: ${mb.toFixed(0)} MB nginx access log, 2% of lines with an identifier, ${DECOY_RATE * 100}% with a numeric decoy; one file, one thread; ratios are to rg (plain) and to Node gunzip (gz)\n\n${table.join('\n')}\n`,
    );
    const outDir = join(process.cwd(), 'bench', 'out');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'log-scanner.json'), JSON.stringify({ megabytes: mb, figures }, null, 2));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes `block` again and again until `size` bytes: a big log without generating every line. */
async function writeRepeated(path: string, block: Buffer, size: number): Promise<void> {
  const out = createWriteStream(path);
  for (let written = 0; written < size; written += block.length) {
    // The last copy is cut at a line end, so the file is the size asked for.
    const part =
      written + block.length <= size ? block : block.subarray(0, block.lastIndexOf(0x0a, size - written) + 1);
    if (!out.write(part)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

interface Timing {
  readonly seconds: number;
  readonly cpuSeconds: number;
}

async function timed<T>(work: () => Promise<T>): Promise<Timing & { value: T }> {
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return {
    value,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
  };
}

/** Runs a peer under GNU time for its wall and CPU seconds. */
function run(command: string, args: string[]): (Timing & { out: string }) | undefined {
  const child = spawnSync('/usr/bin/time', ['-f', '%e %U %S', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const times = /([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(child.stderr ?? '');
  if (!child.error && child.status !== 127 && times) {
    return { out: child.stdout, seconds: Number(times[1]), cpuSeconds: Number(times[2]) + Number(times[3]) };
  }
  // Without GNU time (Debian package `time`): wall clock only.
  const started = process.hrtime.bigint();
  const plain = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (plain.error) return undefined;
  return {
    out: plain.stdout,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: Number.NaN,
  };
}

const findings = (r: { identifiers: { count: number }[] }): number =>
  r.identifiers.reduce((n, t) => n + t.count, 0);

await main();
