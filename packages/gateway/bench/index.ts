// Throughput and latency of the gateway against a small origin on loopback, measured with wrk
// (keep-alive, 50 connections) in the same run: directly, through the gateway passing through
// (a host the policy does not list), and through the gateway enriching (a listed partner).
// Sessions and policy size scale with BENCH_SCALE (1 = 1,000,000 sessions, 10,000 destinations).
// nginx / HAProxy / Squid peers need those Debian packages (not installed here): see the report.
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createPseudonymizer } from '@linekeeper/identity-core';
import { createDisclosureLedger } from '@linekeeper/ledger';
import { compilePolicy, policySchema } from '@linekeeper/policy';
import { createMemorySessionStore } from '@linekeeper/subscriber-sessions';
import { Registry } from 'prom-client';
import { toActivePolicy } from '../src/active-policy.js';
import { createGatewayServer } from '../src/create-gateway-server.js';
import { gatewayConfigSchema } from '../src/gateway-config.js';
import { createGatewayMetrics } from '../src/gateway-metrics.js';
import { memoryLedgerStore, session } from '../src/testing/gateway-fixture.js';

const scale = Number(process.env.BENCH_SCALE ?? '0.1');
const seconds = Number(process.env.BENCH_SECONDS ?? '5');
const sessionCount = Math.round(1_000_000 * scale);
const destinationCount = Math.max(10, Math.round(10_000 * scale));

// The origin runs in its own process, so that it does not share the gateway's event loop.
const ORIGIN = `require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }); s.end('ok'); })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
const origin = spawn(process.execPath, ['-e', ORIGIN], { stdio: ['ignore', 'pipe', 'inherit'] });
const originPort = await new Promise<number>((resolve) =>
  origin.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
);

const partners = Array.from({ length: destinationCount / 10 }, (_, p) => ({
  id: `partner-${p}`,
  legalName: `Partner ${p}`,
  contract: { reference: `B-${p}`, expires: '2099-12-31' },
  contact: 'dpo@bench.test',
  destinations: Array.from({ length: 10 }, (_, d) => ({
    scheme: 'http' as const,
    host: `h${d}.p${p}.bench.test`,
  })),
  purposes: {
    'carrier-billing': { disclose: { msisdn: 'X-MSISDN' }, justification: 'Benchmark of the billing path.' },
  },
}));
const policy = policySchema.parse({
  version: 1,
  id: 'bench',
  pools: { mobile: ['127.0.0.0/8', '10.0.0.0/8'] },
  partners,
});
const active = toActivePolicy({ policy, compiled: compilePolicy(policy), version: 'sha256:bench' });

const sessions = createMemorySessionStore({ sweepIntervalMs: 0 });
for (let i = 0; i < sessionCount; i += 1) {
  const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  await sessions.record({
    ...session(address, `+447700${String(900000 + (i % 1000)).padStart(6, '0')}`),
    accountingSessionId: `b${i}`,
  });
}
await sessions.record(session('127.0.0.1'));

const config = gatewayConfigSchema.parse({
  port: 0,
  policyFile: 'bench',
  pseudonym: { key: Buffer.alloc(32, 3).toString('base64') },
  transparent: true,
  resolver: {
    overrides: {
      'h0.p0.bench.test': `127.0.0.1:${originPort}`,
      'pass.bench.test': `127.0.0.1:${originPort}`,
    },
    dns: false,
  },
});
const ledger = createDisclosureLedger({
  store: memoryLedgerStore(),
  instanceId: config.instanceId,
  maxBuffered: 10_000_000,
});
const gateway = createGatewayServer(config, {
  policy: () => active,
  sessions,
  ledger,
  pseudonymizer: createPseudonymizer({ key: Buffer.alloc(32, 3), epoch: 0 }),
  metrics: createGatewayMetrics(new Registry()),
});
const gatewayPort = (await gateway.listen()).port;

interface Run {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
}
async function wrk(name: string, port: number, host: string): Promise<Run> {
  const args = [
    '-t2',
    '-c50',
    `-d${seconds}s`,
    '--latency',
    '-H',
    `Host: ${host}`,
    `http://127.0.0.1:${port}/`,
  ];
  const { stdout: out } = await promisify(execFile)('wrk', args, { encoding: 'utf8' });
  const ms = (label: string) => {
    const m = new RegExp(`${label}\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!m) return Number.NaN;
    const v = Number(m[1]);
    return m[2] === 'us' ? v / 1000 : m[2] === 's' ? v * 1000 : v;
  };
  return { name, rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]), p50: ms(' 50%'), p99: ms(' 99%') };
}

const runs = [
  await wrk('origin directly', originPort, 'h0.p0.bench.test'),
  await wrk('gateway, pass-through (host not listed)', gatewayPort, 'pass.bench.test'),
  await wrk('gateway, enriching (listed partner, ledger in memory)', gatewayPort, 'h0.p0.bench.test'),
];
const base = runs[1] as Run;
console.log(
  `\n${sessionCount.toLocaleString('en')} sessions, ${destinationCount.toLocaleString('en')} policy destinations, wrk -t2 -c50 -d${seconds}s\n`,
);
console.log('| path | req/s | p50 ms | p99 ms | vs pass-through |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const run of runs) {
  console.log(
    `| ${run.name} | ${Math.round(run.rps).toLocaleString('en')} | ${run.p50.toFixed(2)} | ${run.p99.toFixed(2)} | ${(run.rps / base.rps).toFixed(2)} |`,
  );
}
console.log(`\nledger accepted ${ledger.stats().accepted.toLocaleString('en')} disclosures`);
await gateway.close();
await ledger.close();
origin.kill();
process.exit(0);
