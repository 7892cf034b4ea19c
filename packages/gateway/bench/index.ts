// Throughput and latency of the identity gateway against a small origin on loopback, side by
// side in one run, each measured with wrk (keep-alive, 50 connections, 2 threads, fixed duration):
// the origin directly; nginx, HAProxy and Squid (configs from bench/peers/, each adding X-MSISDN
// from an IP→MSISDN map for one partner host); a naive Node proxy doing the same; the gateway
// passing through (a host the policy does not list) and enriching (a listed partner).
// The gateway holds 1,000,000 sessions and a 10,000-destination policy (BENCH_SCALE=1, the
// default; 0.1 for a quick run); the peers' maps hold the same addresses and numbers.
// The gateway is the built one (dist/, as `npm run bench` builds first), as it runs in production.
// Each target is measured BENCH_ROUNDS times (default 3) round robin, BENCH_SECONDS each (default
// 5), and the median reported, with the CPU time its processes spent per request.
// Environment also: BENCH_SCALE, BENCH_PEERS (e.g. `nginx,haproxy`), BENCH_DIAGNOSE=1 (adds the
// gateway enriching with a ledger that records nothing, to show what recording costs).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPseudonymizer } from '@linekeeper/identity-core';
import { createDisclosureLedger, type LedgerStore } from '@linekeeper/ledger';
import { compilePolicy, policySchema } from '@linekeeper/policy';
import { createMemorySessionStore } from '@linekeeper/subscriber-sessions';
import { Registry } from 'prom-client';
import { toActivePolicy } from '../dist/active-policy.js';
import { createGatewayServer } from '../dist/create-gateway-server.js';
import { gatewayConfigSchema } from '../dist/gateway-config.js';
import { createGatewayMetrics } from '../dist/gateway-metrics.js';
import { session } from '../dist/testing/gateway-fixture.js';
import { findPeerBinary, type PeerKind, startPeer, writePeerMaps } from './peers.js';
import { type CpuSource, type Measurement, runWrk } from './run-wrk.js';

const scale = Number(process.env.BENCH_SCALE ?? '1');
const seconds = Number(process.env.BENCH_SECONDS ?? '5');
const rounds = Number(process.env.BENCH_ROUNDS ?? '3');
const wanted = new Set((process.env.BENCH_PEERS ?? 'nginx,haproxy,squid,naive').split(','));
const sessionCount = Math.round(1_000_000 * scale);
const destinationCount = Math.max(10, Math.round(10_000 * scale));
const PARTNER = 'h0.p0.bench.test';
const PASS = 'pass.bench.test';
const WRK_ADDRESS = '127.0.0.1';
const WRK_MSISDN = '+447700900123'; // Ofcom drama number
const dir = mkdtempSync(join(tmpdir(), 'linekeeper-gateway-bench-'));
const cleanup: (() => Promise<void> | void)[] = [() => rmSync(dir, { recursive: true, force: true })];

// Synthetic subscribers: 10.0.0.0/8 addresses; numbers in an unassigned country code (+999, as
// the ledger bench does), since the 1,000 drama numbers cannot name a million people.
const addressOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
const msisdnOf = (i: number) => `+999${String(i).padStart(9, '0')}`;

// The origin runs in its own process, so that it does not share anyone's event loop.
const ORIGIN = `require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }); s.end('ok'); })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
const { port: originPort, pid: originPid } = await child(process.execPath, ['-e', ORIGIN]);

// The peers' map: every session, and wrk's own address.
writePeerMaps(
  dir,
  (function* () {
    for (let i = 0; i < sessionCount; i += 1) yield [addressOf(i), msisdnOf(i)] as const;
    yield [WRK_ADDRESS, WRK_MSISDN] as const;
  })(),
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
const loading = performance.now();
for (let i = 0; i < sessionCount; i += 1) {
  await sessions.record({ ...session(addressOf(i), msisdnOf(i)), accountingSessionId: `b${i}` });
}
await sessions.record(session(WRK_ADDRESS, WRK_MSISDN));
const loadSeconds = (performance.now() - loading) / 1000;

const config = gatewayConfigSchema.parse({
  port: 0,
  policyFile: 'bench',
  pseudonym: { key: Buffer.alloc(32, 3).toString('base64') },
  transparent: true,
  resolver: {
    overrides: { [PARTNER]: `127.0.0.1:${originPort}`, [PASS]: `127.0.0.1:${originPort}` },
    dns: false,
  },
});
// The ledger seals every disclosure into its hash chain as in production; the store then drops
// the sealed batches (what PostgreSQL costs is the ledger bench's subject, not this one's).
const droppingStore = {
  chainHead: async () => undefined,
  appendBatch: async () => {},
  appendPolicyLoad: async () => {},
} as unknown as LedgerStore;
const ledgerBatch = process.env.BENCH_LEDGER_BATCH ? Number(process.env.BENCH_LEDGER_BATCH) : undefined;
const ledger = createDisclosureLedger({
  store: droppingStore,
  instanceId: config.instanceId,
  ...(ledgerBatch === undefined ? {} : { maxBatch: ledgerBatch }),
});
const gateway = createGatewayServer(config, {
  policy: () => active,
  sessions,
  ledger,
  pseudonymizer: createPseudonymizer({ key: Buffer.alloc(32, 3), epoch: 0 }),
  metrics: createGatewayMetrics(new Registry()),
});
const gatewayPort = (await gateway.listen()).port;
cleanup.push(() => gateway.close());

interface Target {
  readonly name: string;
  readonly port: number;
  readonly host: string;
  readonly cpu: CpuSource;
}
const targets: Target[] = [{ name: 'origin directly', port: originPort, host: PARTNER, cpu: originPid }];
const notes: string[] = [];

try {
  process.stdout.write(
    `loaded ${sessionCount.toLocaleString('en')} sessions in ${loadSeconds.toFixed(1)} s\n`,
  );
  for (const kind of ['nginx', 'haproxy', 'squid'] as PeerKind[]) {
    if (!wanted.has(kind)) continue;
    const binary = findPeerBinary(kind);
    if (binary === undefined) {
      notes.push(`${kind}: not installed, skipped`);
      continue;
    }
    try {
      const peer = await startPeer(kind, binary, { dir, originPort, partnerHost: PARTNER });
      cleanup.push(() => peer.stop());
      targets.push({ name: `${kind}, enriching`, port: peer.port, host: PARTNER, cpu: peer.pid });
    } catch (error) {
      notes.push(`${kind}: ${(error as Error).message.split('\n')[0]}; skipped`);
    }
  }
  if (wanted.has('naive')) {
    const naive = await child(process.execPath, [
      '--import',
      'tsx',
      fileURLToPath(new URL('./naive-proxy.ts', import.meta.url)),
      String(originPort),
      PARTNER,
      join(dir, 'msisdn.map'),
    ]);
    targets.push({ name: 'naive Node proxy, enriching', port: naive.port, host: PARTNER, cpu: naive.pid });
  }
  const pass: Target = {
    name: 'gateway, pass-through (host not listed)',
    port: gatewayPort,
    host: PASS,
    cpu: 'self',
  };
  const enriching: Target = {
    name: 'gateway, enriching (listed partner)',
    port: gatewayPort,
    host: PARTNER,
    cpu: 'self',
  };
  targets.push(pass, enriching);
  if (process.env.BENCH_DIAGNOSE === '1') {
    // Where enrichment's cost goes: the same gateway with a ledger that records nothing (never
    // a product configuration: a disclosure that cannot be recorded is not made).
    const unrecorded = createGatewayServer(config, {
      policy: () => active,
      sessions,
      ledger: { record: () => true },
      pseudonymizer: createPseudonymizer({ key: Buffer.alloc(32, 3), epoch: 0 }),
      metrics: createGatewayMetrics(new Registry()),
    });
    const port = (await unrecorded.listen()).port;
    cleanup.push(() => unrecorded.close());
    targets.push({
      name: 'diagnostic: gateway enriching, ledger recording nothing',
      port,
      host: PARTNER,
      cpu: 'self',
    });
  }

  // Round robin, so that whatever else the machine is doing falls on every target alike.
  const measured = new Map<Target, Measurement[]>(targets.map((target) => [target, []]));
  for (let round = 1; round <= rounds; round += 1) {
    for (const target of targets) {
      const m = await runWrk(target.port, target.host, seconds, target.cpu);
      measured.get(target)?.push(m);
      process.stdout.write(
        `  round ${round}: ${target.name}: ${Math.round(m.rps)} req/s, ${m.cpuPerRequest.toFixed(0)} µs CPU/req (load ${m.load.toFixed(2)})\n`,
      );
    }
  }
  const summary = new Map(targets.map((target) => [target, median(measured.get(target) ?? [])]));
  const of = (target: Target) => summary.get(target) as Measurement;
  const direct = of(targets[0] as Target);

  console.log(
    `\n${sessionCount.toLocaleString('en')} sessions, ${destinationCount.toLocaleString('en')} policy destinations; wrk -t2 -c50 -d${seconds}s keep-alive, 2-byte responses; median of ${rounds} round-robin rounds\n`,
  );
  console.log(
    '| path | req/s | p50 ms | p99 ms | p99 added ms | CPU µs/req | gateway enriching ÷ this | load avg |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const target of targets) {
    const m = of(target);
    const added = m === direct ? '—' : (m.p99 - direct.p99).toFixed(2);
    const errors = m.errors > 0 ? ` (${m.errors} errors)` : '';
    console.log(
      `| ${target.name}${errors} | ${Math.round(m.rps).toLocaleString('en')} | ${m.p50.toFixed(2)} | ${m.p99.toFixed(2)} | ${added} | ${m.cpuPerRequest.toFixed(0)} | ${(of(enriching).rps / m.rps).toFixed(2)} | ${m.load.toFixed(2)} |`,
    );
  }
  const cost = (1 - of(enriching).rps / of(pass).rps) * 100;
  const cpuCost = (of(enriching).cpuPerRequest / of(pass).cpuPerRequest - 1) * 100;
  console.log(
    `\nenrichment cost against the same gateway passing through: ${cost.toFixed(1)} % of req/s, ${cpuCost.toFixed(1)} % more CPU per request`,
  );
  for (const note of notes) console.log(`- ${note}`);
  console.log(`ledger accepted ${ledger.stats().accepted.toLocaleString('en')} disclosures`);
  const out = fileURLToPath(new URL('../../../bench/out/', import.meta.url));
  mkdirSync(out, { recursive: true });
  const json = {
    scale,
    seconds,
    rounds,
    node: process.version,
    targets: targets.map((target) => ({ name: target.name, median: of(target), runs: measured.get(target) })),
    notes,
    enrichmentCostPercent: cost,
  };
  writeFileSync(`${out}gateway.json`, `${JSON.stringify(json, null, 2)}\n`);
} finally {
  for (const step of cleanup.reverse()) await step();
  await ledger.close();
}
process.exit(0);

/** Each figure's median over the rounds (separately: the rounds differ in what else ran). */
function median(all: readonly Measurement[]): Measurement {
  const mid = (pick: (m: Measurement) => number) => {
    const sorted = all.map(pick).sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
  };
  return {
    rps: mid((m) => m.rps),
    p50: mid((m) => m.p50),
    p99: mid((m) => m.p99),
    errors: all.reduce((sum, m) => sum + m.errors, 0),
    cpuPerRequest: mid((m) => m.cpuPerRequest),
    load: mid((m) => m.load),
  };
}

function child(command: string, args: string[]): Promise<{ port: number; pid: number }> {
  const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  cleanup.push(() => void proc.kill());
  return new Promise((resolve) =>
    proc.stdout.once('data', (d: Buffer) => resolve({ port: Number(String(d).trim()), pid: proc.pid ?? 0 })),
  );
}
