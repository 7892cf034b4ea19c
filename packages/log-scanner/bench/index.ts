/**
 * Log-scanner benchmark: `linekeeper scan`'s core on a generated nginx access log (with logged
 * identity headers, 2% of lines carrying an identifier) and its `.gz`, side by side in the same
 * run with ripgrep on the closest pattern (`\b[0-9]{10,15}\b`, `rg -c`, `rg -z -c`), Node's own
 * gunzip of the same file (`gunzip-once.ts`: a zlib stream, 1 MiB chunks, text discarded), and
 * libphonenumber-js's text finder (the naive baseline, on a small slice: it is slow). Every
 * figure but the baseline is a cold run in a fresh process (`scan-once.ts`, `gunzip-once.ts`,
 * ripgrep): the default lanes (this thread + workers, one file split by lines) and one thread.
 * BENCH_RUNS rounds (default 3) each run every contestant once, back to back; the table gives
 * medians, and each ratio is the median of the rounds' own ratios (ours over the peer measured
 * in the same round), with the load average before and after. A spin probe reports how much of
 * a second core was free. Build first (`npx tsc -b packages/log-scanner`): workers run `dist/`.
 *
 *   BENCH_MB=1024 BENCH_RUNS=3 node --import tsx packages/log-scanner/bench/index.ts
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
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createGzip } from 'node:zlib';
import { findNumbers } from 'libphonenumber-js/max';
import { generateCorpus } from '../src/corpus/generate-corpus.js';
import { defaultWorkerUrl } from '../src/scan-files.js';

const MB = Number(process.env.BENCH_MB ?? 1024);
const RG = process.env.BENCH_RG ?? 'rg';
const PATTERN = '\\b[0-9]{10,15}\\b';
const SLICE = 256 * 1024;
// Requests whose query carries an order id, epoch, foreign number or trace id (BENCH_DECOYS).
const DECOY_RATE = Number(process.env.BENCH_DECOYS ?? 0.2);

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface Figure {
  readonly name: string;
  readonly input: string;
  /** Wall clock. */
  readonly mbPerSecond: number | undefined;
  /** Per CPU-second (user + system, all threads): fairer when other work shares the cores. */
  readonly mbPerCpuSecond: number | undefined;
  /** To the peer of the same input, within each round (median). */
  readonly ratio: number | undefined;
  readonly cpuRatio: number | undefined;
  readonly note: string;
}

interface Measured extends Timing {
  /** Text bytes, when not the plain file's size. */
  readonly bytes?: number;
  readonly findings?: number;
  readonly out?: string;
}

interface Contestant {
  readonly name: string;
  readonly input: 'plain' | 'gz';
  /** What the others of this input are compared with. */
  readonly peer?: boolean;
  readonly measure: () => Measured | undefined;
  readonly note: (last: Measured | undefined) => string;
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

    const cores = await freeCores();
    const loadBefore = loadavg();
    // Each figure in its own fresh process (so each pays V8 warm-up, an empty validator cache
    // and worker start-up), RUNS rounds, each round every contestant once, back to back: on a
    // machine shared with other work the load moves between rounds, so a ratio is taken within a
    // round (ours against its peer measured just before) and the median round is reported.
    const lanes = Math.min(4, availableParallelism());
    const built = defaultWorkerUrl() !== undefined;
    const contestants: Contestant[] = [
      {
        name: `ripgrep \`rg -c '${PATTERN}'\``,
        input: 'plain',
        peer: true,
        measure: () => run(RG, ['-c', PATTERN, logPath]),
        note: (t) => (t ? `${t.out.trim()} matching lines, nothing validated` : 'rg not installed'),
      },
      {
        name: `linekeeper scan (default: ${lanes} lanes, one file split by lines)`,
        input: 'plain',
        measure: () => scanOnce(logPath, lanes),
        note: (t) =>
          built ? `${t?.findings} findings, every candidate validated` : 'dist/ not built: ran on one thread',
      },
      {
        name: 'linekeeper scan --workers 1 (one thread)',
        input: 'plain',
        measure: () => scanOnce(logPath, 1),
        note: (t) => `${t?.findings} findings, every candidate validated`,
      },
      {
        name: 'Node gunzip (zlib stream, 1 MiB chunks, text discarded)',
        input: 'gz',
        peer: true,
        measure: () => gunzipOnce(gzPath),
        note: () => "Node's own gunzip rate of this file",
      },
      {
        name: 'linekeeper scan (inflate on a worker thread, scan on this one)',
        input: 'gz',
        measure: () => scanOnce(gzPath, lanes),
        note: (t) => `${t?.findings} findings`,
      },
      {
        name: 'ripgrep `rg -z -c`',
        input: 'gz',
        measure: () => run(RG, ['-z', '-c', PATTERN, gzPath]),
        note: (t) => (t ? 'decompresses in a gzip child process' : 'rg not installed'),
      },
    ];
    const rounds: (Measured | undefined)[][] = [];
    for (let round = 0; round < RUNS; round++) {
      rounds.push(contestants.map((c) => c.measure()));
      process.stdout.write(`round ${round + 1}/${RUNS} done, load average ${loadavg()[0]?.toFixed(1)}\n`);
    }
    const slice = block.subarray(0, SLICE).toString('latin1');
    const naive = await timed(async () => findNumbers(slice, { defaultCountry: 'GB', v2: true }).length);

    const median = (values: number[]): number | undefined => {
      const sorted = values.filter((v) => Number.isFinite(v)).sort((x, y) => x - y);
      return sorted.length === 0 ? undefined : (sorted[Math.floor((sorted.length - 1) / 2)] as number);
    };
    const fmt = (n: number | undefined): string =>
      n === undefined || Number.isNaN(n) ? 'n/a' : n.toFixed(n < 10 ? 2 : 0);
    const rate = (t: Measured | undefined, cpu: boolean): number => {
      if (!t) return Number.NaN;
      const megabytes = (t.bytes ?? bytes) / 1e6;
      return megabytes / (cpu ? t.cpuSeconds : t.seconds);
    };
    const figures: Figure[] = contestants.map((c, i) => {
      const peer = contestants.findIndex((p) => p.peer && p.input === c.input);
      const ratios = (cpu: boolean): number[] => rounds.map((r) => rate(r[i], cpu) / rate(r[peer], cpu));
      return {
        name: c.name,
        input: c.input,
        mbPerSecond: median(rounds.map((r) => rate(r[i], false))),
        mbPerCpuSecond: median(rounds.map((r) => rate(r[i], true))),
        ratio: median(ratios(false)),
        cpuRatio: median(ratios(true)),
        note: c.note(rounds.at(-1)?.[i]),
      };
    });
    figures.push({
      name: 'libphonenumber-js `findNumbers` (naive baseline)',
      input: `plain, ${SLICE / 1024} KiB`,
      mbPerSecond: SLICE / 1e6 / naive.seconds,
      mbPerCpuSecond: SLICE / 1e6 / naive.cpuSeconds,
      ratio: undefined,
      cpuRatio: undefined,
      note: `${naive.value} numbers found`,
    });
    const ratioText = (r: number | undefined): string =>
      r === undefined || Number.isNaN(r) ? '' : `${r.toFixed(2)}×`;
    const table = [
      '| what | input | MB/s (wall) | ratio | MB per CPU-s | ratio | note |',
      '|---|---|---:|---:|---:|---:|---|',
      ...figures.map(
        (f) =>
          `| ${f.name} | ${f.input} | ${fmt(f.mbPerSecond)} | ${ratioText(f.ratio)} | ${fmt(f.mbPerCpuSecond)} | ${ratioText(f.cpuRatio)} | ${f.note} |`,
      ),
    ];
    const loads = (l: number[]): string => l.map((x) => x.toFixed(1)).join(' ');
    process.stdout.write(
      `\nmachine: ${availableParallelism()} cores, load average ${loads(loadBefore)} before, ${loads(loadavg())} after; a second thread ran at ${(cores.second * 100).toFixed(0)} % of the first's speed (spin probe)\n`,
    );
    process.stdout.write(
      `\nlog-scanner: ${mb.toFixed(0)} MB nginx access log, 2% of lines with an identifier, ${DECOY_RATE * 100}% with a numeric decoy; each figure the median of ${RUNS} rounds, each a cold run in a fresh process; ratios are the median of each round's ratio to rg (plain, one thread on one file) and to Node gunzip (gz)\n\n${table.join('\n')}\n`,
    );
    const outDir = join(process.cwd(), 'bench', 'out');
    mkdirSync(outDir, { recursive: true });
    writeFileSync(
      join(outDir, 'log-scanner.json'),
      JSON.stringify(
        {
          megabytes: mb,
          loadavg: { before: loadBefore, after: loadavg() },
          secondThread: cores.second,
          rounds: RUNS,
          figures,
        },
        null,
        2,
      ),
    );
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

/**
 * How much a second thread gets on this machine right now: the same spin alone on this thread,
 * then on this thread and a worker at once. On an idle 2-core machine `second` is about 1; on
 * cores shared with other work it is what parallel lanes can win at best.
 */
async function freeCores(): Promise<{ second: number }> {
  const alone = spin();
  const worker = new Worker(
    `${spin.toString()}\nrequire('node:worker_threads').parentPort.postMessage(spin());`,
    {
      eval: true,
    },
  );
  await new Promise((resolve) => worker.once('online', resolve));
  const done = new Promise<number>((resolve) => worker.once('message', resolve));
  const first = spin();
  const second = await done;
  await worker.terminate();
  return { second: Math.min(1, alone / Math.max(second, first)) };
}

function spin(): number {
  let x = 0;
  const t = performance.now();
  for (let i = 0; i < 2e8; i++) x = (x + i * 7) | 0;
  return x === 0.5 ? 0 : performance.now() - t;
}

/** One cold scan in a fresh process (`scan-once.ts`): its own timing of the scan. */
function scanOnce(path: string, lanes: number): (Timing & { bytes: number; findings: number }) | undefined {
  return once('./scan-once.ts', [path, String(lanes)]);
}

/** Node's gunzip of `path` in a fresh process (`gunzip-once.ts`). */
function gunzipOnce(path: string): (Timing & { bytes: number }) | undefined {
  return once('./gunzip-once.ts', [path]);
}

function once<T>(script: string, args: string[]): T | undefined {
  const child = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url)), ...args],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  const line = child.stdout?.trim().split('\n').at(-1);
  if (child.status !== 0 || !line) {
    process.stderr.write(child.stderr ?? '');
    return undefined;
  }
  return JSON.parse(line) as T;
}

await main();
