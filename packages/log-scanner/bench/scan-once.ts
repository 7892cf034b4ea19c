/**
 * One cold `linekeeper scan` of one file, in its own process (spawned by `bench/index.ts`), so
 * every figure pays what a real run pays: V8 warm-up, an empty validator cache, worker start-up.
 * Timed from the call to the result (module loading of this process excluded, as a CLI's own
 * start-up is not what is compared). Prints one JSON line.
 *
 *   node --import tsx packages/log-scanner/bench/scan-once.ts FILE LANES
 */
import { scanFiles } from '../src/scan-files.js';

const [path, lanes] = process.argv.slice(2);
if (!path) throw new Error('usage: scan-once.ts FILE [LANES]');
const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
const [result] = await scanFiles([path], { country: 'GB' }, { workers: Number(lanes ?? 1) });
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    bytes: result?.bytes ?? 0,
    findings: result?.identifiers.reduce((n, t) => n + t.count, 0) ?? 0,
    problem: result?.problem?.message,
  })}\n`,
);
