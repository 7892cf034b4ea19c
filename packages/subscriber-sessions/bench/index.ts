/**
 * Subscriber-sessions benchmark (`node --expose-gc --import tsx packages/subscriber-sessions/bench/index.ts`):
 *   1. accounting requests/s from one load generator on loopback (20 % Start, 60 % Interim-Update,
 *      20 % Stop, pre-built signed packets, 4 sockets × 32 in flight) against LineKeeper's
 *      listener and, with the same generator and packets, FreeRADIUS's radiusd;
 *   2. memory per session with 1,000,000 sessions in the in-process store;
 *   3. lookups/s in the in-process store and in Redis (one at a time and 64 in flight).
 * BENCH_SCALE scales every size (default 1). REDIS_URL (default redis://127.0.0.1:6379) is used
 * when reachable; radiusd rows are skipped if FreeRADIUS is not installed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { findRadiusd, startRadiusd } from './freeradius-peer.js';
import { type AccountingLoad, buildAccountingLoad, type LoadResult, runLoad } from './load-generator.js';
import { benchMemoryStore, benchRedisStore } from './store-benchmarks.js';

// Memory per session needs a forced collection: re-run under --expose-gc when started without it
// (`npm run bench` starts every part's benchmark the same way).
if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
  const self = fileURLToPath(import.meta.url);
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', self], { stdio: 'inherit' });
  process.exit(run.status ?? 1);
}

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const SECRET = 'bench-secret-0001';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const rows: string[][] = [];
const fmt = (value: number) => Math.round(value).toLocaleString('en-GB');

interface Server {
  readonly port: number;
  readonly pid: number;
  close(): Promise<void>;
}

/** CPU seconds (user + system, all threads) a process has used, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ (100)
}

async function startLineKeeper(store: 'memory' | 'redis'): Promise<Server> {
  const script = fileURLToPath(new URL('./listener-process.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      BENCH_STORE: store,
      BENCH_SECRET: SECRET,
      REDIS_URL,
      BENCH_KEY_PREFIX: `linekeeper-bench:${randomUUID()}:`,
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`listener exited with ${code}`)));
  });
  return {
    port,
    pid: child.pid ?? 0,
    close: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function measure(
  name: string,
  server: Server,
  warmup: AccountingLoad,
  load: AccountingLoad,
): Promise<LoadResult & { perCpuSecond: number }> {
  try {
    await runLoad(server.port, warmup);
    const cpuBefore = cpuSeconds(server.pid);
    const result = await runLoad(server.port, load);
    const cpu = cpuSeconds(server.pid) - cpuBefore;
    const perCpuSecond = result.answered / cpu;
    rows.push([
      `accounting requests/s — ${name}`,
      fmt(result.perSecond),
      fmt(perCpuSecond),
      `${fmt(result.answered)} answered, ${fmt(result.lost)} unanswered, ${result.seconds.toFixed(1)} s, ${cpu.toFixed(2)} CPU-s`,
    ]);
    return { ...result, perCpuSecond };
  } finally {
    await server.close();
  }
}

async function redisReachable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, {
    lazyConnect: true,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

const subscribers = Math.round(20_000 * SCALE);
process.stderr.write(`building ${subscribers * 5} signed accounting requests…\n`);
const warmup = buildAccountingLoad(Math.max(1000, Math.round(subscribers / 10)), SECRET);
const load = buildAccountingLoad(subscribers, SECRET);
const hasRedis = await redisReachable();

process.stderr.write('LineKeeper listener (in-process store)…\n');
const ours = await measure('LineKeeper (in-process store)', await startLineKeeper('memory'), warmup, load);
if (hasRedis) {
  process.stderr.write('LineKeeper listener (Redis store)…\n');
  await measure('LineKeeper (Redis store)', await startLineKeeper('redis'), warmup, load);
}
let peer: (LoadResult & { perCpuSecond: number }) | undefined;
if (findRadiusd()) {
  process.stderr.write('FreeRADIUS radiusd…\n');
  peer = await measure(
    'FreeRADIUS radiusd, `accounting { ok }`',
    await startRadiusd({ secret: SECRET, detail: false }),
    warmup,
    load,
  );
  await measure(
    'FreeRADIUS radiusd, detail file',
    await startRadiusd({ secret: SECRET, detail: true }),
    warmup,
    load,
  );
} else {
  rows.push([
    'accounting requests/s — FreeRADIUS radiusd',
    'skipped',
    '—',
    'FreeRADIUS not installed (apt-get install freeradius)',
  ]);
}

process.stderr.write('in-process store: memory and lookups…\n');
const memory = await benchMemoryStore(Math.round(1_000_000 * SCALE), Math.round(2_000_000 * SCALE));
rows.push([
  `in-process store: bytes per session at ${fmt(memory.sessions)} sessions`,
  fmt(memory.bytesPerSession),
  '—',
  'heapUsed + arrayBuffers growth after gc, target ≤ 250',
]);
rows.push([
  'in-process store: lookups/s (one at a time, awaited)',
  fmt(memory.lookupsPerSecond),
  fmt(memory.lookupsPerCpuSecond),
  'target ≥ 1,000,000; SessionStore.lookup, random addresses over all sessions',
]);
rows.push([
  'in-process store: lookups/s with lookupSync (no promise)',
  fmt(memory.syncLookupsPerSecond),
  fmt(memory.syncLookupsPerCpuSecond),
  'what the gateway request path calls in process',
]);
if (hasRedis) {
  process.stderr.write('Redis store lookups…\n');
  const redis = await benchRedisStore(REDIS_URL, Math.round(20_000 * SCALE), 3);
  rows.push([
    'Redis store: lookups/s, one at a time',
    fmt(redis.sequentialPerSecond),
    '—',
    `${fmt(redis.sessions)} sessions; one GET per lookup`,
  ]);
  rows.push([
    `Redis store: lookups/s, ${redis.concurrency} in flight`,
    fmt(redis.concurrentPerSecond),
    '—',
    'as many gateway requests at once; one connection',
  ]);
}

const mix = load.mix;
console.log(
  `\nLoad: ${fmt(load.packets.length)} requests (${fmt(mix.start)} Start, ${fmt(mix.interim)} Interim-Update, ${fmt(mix.stop)} Stop), ${load.sockets} sockets × 32 in flight; node ${process.version}.\n`,
);
console.log('| measure | result | per CPU-second of the server | notes |');
console.log('| --- | ---: | ---: | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
if (peer) {
  const ratio = ours.perSecond / peer.perSecond;
  const efficiency = ours.perCpuSecond / peer.perCpuSecond;
  console.log(
    `\nLineKeeper (in-process) / radiusd \`ok\`: ${ratio.toFixed(2)}× in requests/s (target ≥ 1.00×), ` +
      `${efficiency.toFixed(2)}× in requests per CPU-second`,
  );
}

const out = fileURLToPath(new URL('../../../bench/out/', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(
  `${out}subscriber-sessions.json`,
  `${JSON.stringify({ scale: SCALE, node: process.version, mix, rows }, null, 2)}\n`,
);
