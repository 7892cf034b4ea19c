/**
 * The gzip peer of the log-scanner benchmark, in its own process like each `scan-once.ts` run:
 * Node's own gunzip of FILE, read in 1 MiB pieces and inflated in 1 MiB chunks (zlib on libuv's
 * pool, the fastest way Node's stream API inflates a file), the text read and discarded. Prints
 * one JSON line: seconds, cpuSeconds, bytes.
 *
 *   node --import tsx packages/log-scanner/bench/gunzip-once.ts FILE
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';

const [path] = process.argv.slice(2);
if (!path) throw new Error('usage: gunzip-once.ts FILE');
const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
let bytes = 0;
const text = createReadStream(path, { highWaterMark: 1 << 20 }).pipe(createGunzip({ chunkSize: 1 << 20 }));
for await (const chunk of text) bytes += (chunk as Buffer).length;
const used = process.cpuUsage(cpu);
process.stdout.write(
  `${JSON.stringify({
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    bytes,
  })}\n`,
);
