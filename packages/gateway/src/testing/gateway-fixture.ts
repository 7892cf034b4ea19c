import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { createPseudonymizer } from '@linekeeper/identity-core';
import {
  createDisclosureLedger,
  type DisclosureLedger,
  type LedgerStore,
  type PolicyLoad,
} from '@linekeeper/ledger';
import { compilePolicy, type Policy, type PolicyInput, policySchema } from '@linekeeper/policy';
import {
  createMemorySessionStore,
  type MemorySessionStore,
  type Session,
} from '@linekeeper/subscriber-sessions';
import { Registry } from 'prom-client';
import { type ActivePolicy, toActivePolicy } from '../active-policy.js';
import { createGatewayServer, type GatewayServer } from '../create-gateway-server.js';
import type { GatewayConfig } from '../gateway-config.js';
import { gatewayConfigSchema } from '../gateway-config.js';
import { createGatewayMetrics, type GatewayMetrics } from '../gateway-metrics.js';
import type { GatewaySessionStore } from '../handle-request.js';

export const MSISDN = '+447700900123'; // Ofcom drama number
export const PSEUDONYM_KEY = Buffer.alloc(32, 7);

/** partner.test: carrier billing (raw MSISDN) and customer identification (pseudonym). */
export function fixturePolicy(overrides: Partial<PolicyInput> = {}): Policy {
  return policySchema.parse({
    version: 1,
    id: 'gateway-fixture',
    pools: { 'mobile-data': ['127.0.0.0/8'] },
    partners: [
      {
        id: 'partner',
        legalName: 'Partner Ltd',
        contract: { reference: 'P-1', expires: '2099-12-31' },
        contact: 'dpo@partner.test',
        destinations: [{ scheme: 'http', host: 'partner.test' }],
        purposes: {
          'carrier-billing': {
            disclose: { msisdn: 'X-MSISDN' },
            justification: 'The billed line is charged for the order.',
          },
          'customer-identification': { disclose: { pseudonym: 'X-LineKeeper-Pseudonym' } },
        },
      },
    ],
    ...overrides,
  });
}

export function activePolicy(policy: Policy = fixturePolicy()): ActivePolicy {
  return toActivePolicy({ policy, compiled: compilePolicy(policy), version: `sha256:${'0'.repeat(64)}` });
}

export function session(address: string, msisdn = MSISDN, now = Date.now()): Session {
  return {
    msisdn,
    imsi: '234150999999999',
    imeisv: undefined,
    ratType: 6,
    nas: 'demo-nas/127.0.0.1',
    accountingSessionId: `acct-${address}`,
    framedIpAddress: address,
    framedIpv6Prefix: undefined,
    startedAt: now,
    lastSeenAt: now,
    expiresAt: now + 3_600_000,
    lastEventAt: now,
  };
}

/** A ledger store in memory: `fail` makes every write reject. */
export function memoryLedgerStore(): LedgerStore & { rows: unknown[]; loads: PolicyLoad[]; fail: boolean } {
  const store = {
    rows: [] as unknown[],
    loads: [] as PolicyLoad[],
    fail: false,
    chainHead: async () => undefined,
    appendBatch: async (batch: { rows: readonly unknown[] }) => {
      if (store.fail) throw new Error('ledger store down');
      store.rows.push(...batch.rows);
    },
    appendPolicyLoad: async (load: PolicyLoad) => {
      if (store.fail) throw new Error('ledger store down');
      store.loads.push(load);
    },
  };
  return store as unknown as LedgerStore & { rows: unknown[]; loads: PolicyLoad[]; fail: boolean };
}

/** An origin that answers every request with what it received, as JSON. */
export async function startEchoOrigin(): Promise<{ server: Server; port: number }> {
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = JSON.stringify({
        method: req.method,
        url: req.url,
        rawHeaders: req.rawHeaders,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort,
      });
      res.writeHead(200, { 'content-type': 'application/json', 'x-origin': 'echo' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

export interface GatewayHarness {
  readonly port: number;
  readonly sessions: MemorySessionStore;
  readonly ledger: DisclosureLedger;
  readonly ledgerStore: ReturnType<typeof memoryLedgerStore>;
  readonly metrics: GatewayMetrics;
  readonly server: GatewayServer;
  setPolicy(policy: ActivePolicy | undefined): void;
  close(): Promise<void>;
}

export async function startGatewayHarness(options: {
  overrides: Record<string, string>;
  config?: Partial<Record<keyof GatewayConfig, unknown>>;
  sessions?: GatewaySessionStore;
  policy?: ActivePolicy | undefined;
}): Promise<GatewayHarness> {
  const config = gatewayConfigSchema.parse({
    port: 0,
    policyFile: 'unused.yaml',
    pseudonym: { key: PSEUDONYM_KEY.toString('base64') },
    resolver: { overrides: options.overrides, dns: false },
    connectPorts: [443],
    ...options.config,
  });
  const sessions = createMemorySessionStore({ sweepIntervalMs: 0 });
  const ledgerStore = memoryLedgerStore();
  const ledger = createDisclosureLedger({
    store: ledgerStore,
    instanceId: config.instanceId,
    flushIntervalMs: 20,
  });
  const metrics = createGatewayMetrics(new Registry());
  let policy = 'policy' in options ? options.policy : activePolicy();
  const server = createGatewayServer(config, {
    policy: () => policy,
    sessions: options.sessions ?? sessions,
    ledger,
    pseudonymizer: createPseudonymizer({ key: PSEUDONYM_KEY, epoch: 0 }),
    metrics,
  });
  const address = await server.listen();
  return {
    port: address.port,
    sessions,
    ledger,
    ledgerStore,
    metrics,
    server,
    setPolicy: (next) => {
      policy = next;
    },
    close: async () => {
      await server.close();
      await ledger.close().catch(() => undefined);
      await sessions.close();
    },
  };
}

export interface ProxiedResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One request through the proxy, from `localAddress` (a loopback "subscriber"). */
export function proxyGet(
  proxyPort: number,
  url: string,
  options: { localAddress?: string; headers?: string[]; method?: string; body?: string } = {},
): Promise<ProxiedResponse> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: options.localAddress?.includes(':') ? '::1' : '127.0.0.1',
      port: proxyPort,
      method: options.method ?? 'GET',
      path: url,
      localAddress: options.localAddress ?? '127.0.0.1',
      // As curl does: an absolute-form request carries its authority as Host too.
      headers: [...(/^http:\/\//.test(url) ? ['Host', new URL(url).host] : []), ...(options.headers ?? [])],
      setHost: false,
      agent: false,
    });
    req.setTimeout(5000, () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    req.end(options.body);
  });
}

/** Raw bytes to the proxy, and everything it sends back until it closes (or `ms` passes). */
export function rawExchange(
  port: number,
  data: string | Buffer,
  ms = 2000,
  localAddress = '127.0.0.1',
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), ms);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.write(data);
  });
}
