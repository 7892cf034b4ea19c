// TEMP profiling harness (removed before report)
import { spawn } from 'node:child_process';
import { createPseudonymizer } from '@linekeeper/identity-core';
import { createDisclosureLedger } from '@linekeeper/ledger';
import { compilePolicy, policySchema } from '@linekeeper/policy';
import { createMemorySessionStore } from '@linekeeper/subscriber-sessions';
import { Registry } from 'prom-client';
import { toActivePolicy } from '../dist/active-policy.js';
import { createGatewayServer } from '../dist/create-gateway-server.js';
import { gatewayConfigSchema } from '../dist/gateway-config.js';
import { createGatewayMetrics } from '../dist/gateway-metrics.js';
import { memoryLedgerStore, session } from '../dist/testing/gateway-fixture.js';

const ORIGIN = `require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' }); s.end('ok'); })
  .listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
const origin = spawn(process.execPath, ['-e', ORIGIN], { stdio: ['ignore', 'pipe', 'inherit'] });
const originPort = await new Promise<number>((resolve) =>
  origin.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))),
);
const partners = Array.from({ length: 100 }, (_, p) => ({
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
const nullLedger = { record: () => true };
const gateway = createGatewayServer(config, {
  policy: () => active,
  sessions,
  ledger: process.env.NULL_LEDGER ? nullLedger : ledger,
  pseudonymizer: createPseudonymizer({ key: Buffer.alloc(32, 3), epoch: 0 }),
  metrics: createGatewayMetrics(new Registry()),
});
const port = (await gateway.listen()).port;
console.log(`gateway ${port} origin ${originPort}`);
process.on('SIGINT', () => {
  origin.kill();
  process.exit(0);
});
