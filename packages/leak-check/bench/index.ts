/**
 * Leak-check benchmark: what identity detection and the page cost per request, against the peer
 * every such page starts as — a bare `node:http` server that echoes the raw headers as JSON
 * without checking anything. Same process, same load generator (wrk), same headers.
 *
 *   node --import tsx packages/leak-check/bench/index.ts      (BENCH_SECONDS=5 by default)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { checkHeaders } from '../src/check-headers.js';
import { createLeakCheckServer } from '../src/create-leak-check-server.js';
import { toHeaderLines } from '../src/header-line.js';
import { leakCheckConfigSchema } from '../src/leak-check-config.js';
import { renderCheckPage } from '../src/render-check-page.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);

// What a phone's browser sends through an enriching proxy: 14 ordinary lines and the number.
const HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['Host', 'leak-check.demo'],
  [
    'User-Agent',
    'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/124.0 Mobile Safari/537.36',
  ],
  ['Accept', 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8'],
  ['Accept-Language', 'en-GB,en;q=0.9'],
  ['Accept-Encoding', 'gzip, deflate'],
  ['Upgrade-Insecure-Requests', '1'],
  ['Sec-Fetch-Dest', 'document'],
  ['Sec-Fetch-Mode', 'navigate'],
  ['Sec-Fetch-Site', 'none'],
  ['Sec-Fetch-User', '?1'],
  ['Sec-CH-UA-Mobile', '?1'],
  ['Sec-CH-UA-Platform', '"Android"'],
  ['Via', '1.1 wap-gw.operator.example'],
  ['X-Forwarded-For', '192.0.2.10'],
  ['X-Up-Calling-Line-Id', '447700900123'],
];

interface Row {
  readonly what: string;
  readonly value: string;
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const config = leakCheckConfigSchema.parse({ port: 0 });
  const raw = HEADERS.flat();

  // In process: detection and rendering for one request's headers.
  const lines = toHeaderLines(raw);
  const detect = time(() => checkHeaders(lines, { defaultCountry: config.defaultCountry }));
  rows.push({ what: 'checkHeaders, 15 header lines (in process)', value: `${detect.toFixed(1)} µs/request` });
  const result = checkHeaders(lines, { defaultCountry: config.defaultCountry });
  const render = time(() => renderCheckPage(result));
  rows.push({ what: 'renderCheckPage (in process)', value: `${render.toFixed(1)} µs/page` });

  // Over HTTP, with wrk.
  const app = createLeakCheckServer(config, { logger: pino({ level: 'silent' }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const port = (app.server.address() as AddressInfo).port;
  const peer = await listen(
    createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ headers: req.rawHeaders }));
    }),
  );
  const peerPort = (peer.address() as AddressInfo).port;
  const figures: Record<string, Wrk> = {};
  figures.peer = await wrk(`http://127.0.0.1:${peerPort}/`);
  figures.json = await wrk(`http://127.0.0.1:${port}/api/check`);
  figures.html = await wrk(`http://127.0.0.1:${port}/`);
  await app.close();
  await new Promise((resolve) => peer.close(resolve));

  const table = [
    '| what | value |',
    '|---|---|',
    ...rows.map((row) => `| ${row.what} | ${row.value} |`),
    `| peer: bare node:http header echo, no detection | ${fmt(figures.peer)} |`,
    `| leak-check \`GET /api/check\` | ${fmt(figures.json)} |`,
    `| leak-check \`GET /\` (HTML page) | ${fmt(figures.html)} |`,
  ];
  process.stdout.write(
    `\nleak-check: ${SECONDS} s per HTTP run, wrk 1 thread, ${CONNECTIONS} connections, 15 request headers\n\n${table.join('\n')}\n`,
  );
  const outDir = join(process.cwd(), 'bench', 'out');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(
    join(outDir, 'leak-check.json'),
    JSON.stringify({ checkHeadersMicros: detect, renderMicros: render, http: figures }, null, 2),
  );
}

/** Mean microseconds per call after a warm-up, over about half a second. */
function time(fn: () => unknown): number {
  for (let i = 0; i < 2000; i++) fn();
  let calls = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < 500_000_000n) {
    for (let i = 0; i < 200; i++) fn();
    calls += 200;
    elapsed = process.hrtime.bigint() - started;
  }
  return Number(elapsed) / 1000 / calls;
}

interface Wrk {
  readonly requestsPerSecond: number;
  readonly p50: string;
  readonly p99: string;
}

function wrk(url: string): Promise<Wrk> {
  const args = ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency'];
  for (const [name, value] of HEADERS) if (name !== 'Host') args.push('-H', `${name}: ${value}`);
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', [...args, url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(out)?.[1];
      const p50 = /\s50%\s+(\S+)/.exec(out)?.[1];
      const p99 = /\s99%\s+(\S+)/.exec(out)?.[1];
      const errors = /Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1];
      if (code !== 0 || !rps || !p50 || !p99) reject(new Error(`wrk failed (${code}):\n${out}`));
      else if (errors) reject(new Error(`wrk saw ${errors} error responses from ${url}`));
      else resolve({ requestsPerSecond: Number(rps), p50, p99 });
    });
  });
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

function fmt(figure: Wrk | undefined): string {
  if (!figure) return 'n/a';
  return `${Math.round(figure.requestsPerSecond).toLocaleString('en-GB')} req/s, p50 ${figure.p50}, p99 ${figure.p99}`;
}

await main();
