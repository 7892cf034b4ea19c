// TEMP micro-benchmark (removed before report)
import { createPseudonymizer } from '@linekeeper/identity-core';
import { createDisclosureLedger } from '@linekeeper/ledger';
import { compilePolicy, policySchema } from '@linekeeper/policy';
import { createMemorySessionStore } from '@linekeeper/subscriber-sessions';
import { Registry } from 'prom-client';
import { toActivePolicy } from '../dist/active-policy.js';
import { createResolver } from '../dist/create-resolver.js';
import { createGatewayMetrics } from '../dist/gateway-metrics.js';
import { createRequestHandler } from '../dist/handle-request.js';
import { parseRequestHead } from '../dist/parse-request-head.js';
import { memoryLedgerStore, session } from '../dist/testing/gateway-fixture.js';

const partners = Array.from({ length: 1000 }, (_, p) => ({
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
await sessions.record(session('127.0.0.1'));
const which = process.env.LEDGER ?? 'memory';
const store = memoryLedgerStore();
if (which === 'discard') (store as any).appendBatch = async () => {};
const sealOnly = which === 'discard';
const ledger =
  which === 'null'
    ? { record: () => true }
    : createDisclosureLedger({ store, instanceId: 'gateway-1', maxBuffered: 50_000_000 });
const pool = { acquire() {}, release() {}, discard() {}, close() {} };
const handle = createRequestHandler({
  policy: () => active,
  sessions,
  ledger,
  pseudonymizer: createPseudonymizer({ key: Buffer.alloc(32, 3), epoch: 0 }),
  resolver: createResolver({
    overrides: { 'h0.p0.bench.test': '127.0.0.1:1', 'pass.bench.test': '127.0.0.1:1' },
    dns: false,
  }),
  pool: pool as any,
  metrics: createGatewayMetrics(new Registry()),
  instanceId: 'gateway-1',
  transparent: true,
  limits: { maxHeaderBytes: 16384, maxHeaderCount: 100 },
  tunnelIdleTimeoutMs: 1000,
});
const conn: any = {
  clientAddress: '127.0.0.1',
  fail(c: string) {
    throw new Error(c);
  },
  poolsMemo: undefined,
  socket: {},
};
const raw = (host: string) => Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
async function run(host: string, n: number) {
  const buf = raw(host);
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const r = parseRequestHead(buf, { maxHeaderBytes: 16384, maxHeaderCount: 100 });
    if (r.kind !== 'head') throw new Error('x');
    await handle(conn, r.head);
  }
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / n;
}
for (let round = 0; round < 4; round++) {
  const a = process.env.ONLY ? 0 : await run('pass.bench.test', 200000);
  const m = createGatewayMetrics(new Registry()); const t0 = process.cpuUsage(); for (let i = 0; i < 200000; i++) { m.request('http'); m.observe('http', 0.0004); m.enriched('partner-0', 'carrier-billing'); } const d = process.cpuUsage(t0); console.log(`metrics request+observe+enriched ${((d.user + d.system) / 200000).toFixed(2)} us`);
  const b = await run('h0.p0.bench.test', 200000);
  await new Promise((r) => setTimeout(r, 300));
  console.log(`ledger=${which} pass ${a.toFixed(2)} us  enrich ${b.toFixed(2)} us`);
}
process.exit(0);
