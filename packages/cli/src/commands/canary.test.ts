import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ActivePolicy,
  createGatewayMetrics,
  createGatewayServer,
  createPolicyReloader,
  type GatewayServer,
  gatewayConfigSchema,
} from '@linekeeper/gateway';
import { createLogger, createPseudonymizer } from '@linekeeper/identity-core';
import { startLeakCheck } from '@linekeeper/leak-check';
import {
  createDisclosureLedger,
  createKyselyLedgerStore,
  type DisclosureLedger,
  exposureReport,
  type LedgerDatabase,
  migrateLedger,
  openLedgerDatabase,
} from '@linekeeper/ledger';
import { assessPolicyChange, type PolicyInput, policySchema } from '@linekeeper/policy';
import { startSubscriberSessions, subscriberSessionsConfigSchema } from '@linekeeper/subscriber-sessions';
import { sql } from 'kysely';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CanaryServiceHandle, canaryConfigSchema, startCanaryService } from './canary.js';
import { disclosureAllowedFromPolicyFile } from './ledger-policy-adapter.js';

const SECRET = 'canary-test-secret';
const CANARY_E164 = '+447700900999';
const ALARM_BOUND_MS = 10_000;

/** The intended policy: demo-partner on partner.demo only, approved against "no policy". */
function intendedPolicy(): PolicyInput {
  return {
    version: 1,
    id: 'canary-e2e',
    pools: { 'mobile-data': ['127.0.0.0/8'] },
    partners: [
      {
        id: 'demo-partner',
        legalName: 'Demo Partner Ltd',
        contract: { reference: 'DEMO-1', expires: '2099-12-31' },
        contact: 'privacy@partner.demo',
        destinations: [{ scheme: 'http', host: 'partner.demo' }],
        purposes: {
          'carrier-billing': {
            disclose: { msisdn: 'X-MSISDN' },
            justification: 'The billed line is charged for the order.',
          },
          'customer-identification': { disclose: { pseudonym: 'X-LineKeeper-Pseudonym' } },
        },
      },
    ],
  };
}

/** `input` with an approval naming its exact diff against `running`, by someone else. */
function approved(running: PolicyInput | undefined, input: PolicyInput): PolicyInput {
  const { diffHash } = assessPolicyChange(
    running === undefined ? undefined : policySchema.parse(running),
    policySchema.parse(input),
  );
  return {
    ...input,
    approval: { diffHash, author: 'change-author', approver: 'change-manager', approvedAt: '2026-01-01' },
  };
}

async function echoOrigin(): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ url: req.url, headers: req.headers }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function waitFor(condition: () => boolean, boundMs: number): Promise<number> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > boundMs) throw new Error(`not within ${boundMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return Date.now() - started;
}

describe('the leak canary, end to end', () => {
  const logLines: string[] = [];
  const logger = createLogger({ name: 'canary-e2e', destination: { write: (line) => logLines.push(line) } });
  const schema = `canary_e2e_${randomBytes(4).toString('hex')}`;
  const cleanup: (() => Promise<unknown>)[] = [];
  let dir: string;
  let policyFile: string;
  let intendedFile: string;
  let database: LedgerDatabase;
  let ledger: DisclosureLedger;
  let gateway: GatewayServer;
  let canary: CanaryServiceHandle;
  let reload: () => Promise<{ accepted: boolean; message: string }>;
  /** The fault below the policy: when set, the decision layer matches every host as partner.demo. */
  let fault = false;
  const startedAt = new Date(Date.now() - 1000);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'linekeeper-canary-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    policyFile = join(dir, 'policy.json');
    intendedFile = join(dir, 'intended.json');
    const intended = JSON.stringify(approved(undefined, intendedPolicy()));
    await writeFile(policyFile, intended);
    await writeFile(intendedFile, intended);

    const url = process.env.DATABASE_URL;
    database = await openLedgerDatabase(url ? { databaseUrl: url } : { dataDir: 'memory://' });
    cleanup.push(() => database.close());
    await migrateLedger(database.db, schema);
    cleanup.push(() => sql`drop schema if exists ${sql.id(schema)} cascade`.execute(database.db));
    ledger = createDisclosureLedger({
      store: createKyselyLedgerStore({ db: database.db, schema }),
      instanceId: 'canary-e2e',
      flushIntervalMs: 50,
    });
    cleanup.push(() => ledger.close());

    const sessions = await startSubscriberSessions(
      subscriberSessionsConfigSchema.parse({
        port: 0,
        clients: [{ name: 'test-nas', cidr: '127.0.0.0/8', secret: SECRET }],
        admin: { host: '127.0.0.1', port: 0 },
      }),
      { logger, registry: new Registry() },
    );
    cleanup.push(() => sessions.close());
    const leakCheck = await startLeakCheck(
      { host: '127.0.0.1', port: 0 } as Parameters<typeof startLeakCheck>[0],
      { logger },
    );
    cleanup.push(() => leakCheck.close());
    const echo = await echoOrigin();
    cleanup.push(() => new Promise((resolve) => echo.close(resolve)));

    const metrics = createGatewayMetrics(new Registry());
    const reloader = createPolicyReloader({ file: policyFile, ledger, metrics });
    reload = () => reloader.load();
    expect((await reload()).accepted).toBe(true);
    cleanup.push(async () => reloader.close());
    const config = gatewayConfigSchema.parse({
      port: 0,
      instanceId: 'canary-e2e',
      policyFile,
      pseudonym: { key: Buffer.alloc(32, 9).toString('base64') },
      resolver: {
        overrides: {
          'partner.demo': `127.0.0.1:${(echo.address() as AddressInfo).port}`,
          'leak-check.demo': (leakCheck.listening[0] as string).replace('http://', ''),
        },
        dns: false,
      },
    });
    // The injection point is the gateway's own constructor argument: the test decorates the
    // running policy's matcher, so no hook exists in production code.
    const faulty = (active: ActivePolicy | undefined): ActivePolicy | undefined => {
      if (!fault || active === undefined) return active;
      const { compiled } = active;
      return {
        ...active,
        compiled: {
          ...compiled,
          isSubscriberAddress: (address) => compiled.isSubscriberAddress(address),
          poolsOf: (address) => compiled.poolsOf(address),
          match: (request) => compiled.match({ ...request, host: 'partner.demo' }),
        },
      };
    };
    gateway = createGatewayServer(config, {
      policy: () => faulty(reloader.current()),
      sessions: sessions.store,
      ledger,
      pseudonymizer: createPseudonymizer({ key: Buffer.alloc(32, 9), epoch: 0 }),
      metrics,
    });
    const { port } = await gateway.listen();
    cleanup.push(() => gateway.close());

    canary = await startCanaryService(
      canaryConfigSchema.parse({
        proxyUrl: `http://127.0.0.1:${port}`,
        canaryUrl: 'http://leak-check.demo/api/check',
        clientAddress: '127.0.0.9',
        intervalMs: 250,
        partners: [
          {
            partnerId: 'demo-partner',
            url: 'http://partner.demo/canary',
            expectHeaders: ['X-MSISDN', 'X-LineKeeper-Pseudonym'],
          },
        ],
        radius: { port: sessions.listener.address.port, secret: SECRET },
      }),
      logger,
    );
    cleanup.push(() => canary.close());
  }, 60_000);

  afterAll(async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  }, 30_000);

  const alarmingHost = () => canary.canary.alarming().includes('canary-host');
  const nextRound = () => new Promise((resolve) => canary.canary.once('round', resolve));

  it('is green against the intended policy: nothing at the canary host, the partner gets its headers', async () => {
    const round = (await nextRound()) as {
      alarm: boolean;
      checks: { check: string; alarm: boolean; reason: string }[];
    };
    expect(round.checks.map((check) => [check.check, check.alarm])).toEqual([
      ['canary-host', false],
      ['partner:demo-partner', false],
    ]);
    const metrics = await canary.registry.getSingleMetricAsString('linekeeper_canary_alarm');
    expect(metrics).toContain('linekeeper_canary_alarm{check="canary-host"} 0');
  });

  it('alarms within 10 s when an approved but wrong policy enriches the canary host, and clears on restore', async () => {
    const wrong = intendedPolicy();
    const partner = wrong.partners?.[0] as { destinations: { scheme: string; host: string }[] };
    partner.destinations.push({ scheme: 'http', host: 'leak-check.demo' });
    await writeFile(policyFile, JSON.stringify(approved(intendedPolicy(), wrong)));
    const loaded = await reload();
    expect(loaded.accepted, loaded.message).toBe(true);
    const took = await waitFor(alarmingHost, ALARM_BOUND_MS);
    expect(took).toBeLessThan(ALARM_BOUND_MS);
    expect(logLines.some((line) => line.includes('CANARY ALARM canary-host'))).toBe(true);
    expect(await canary.registry.getSingleMetricAsString('linekeeper_canary_alarm')).toContain(
      'linekeeper_canary_alarm{check="canary-host"} 1',
    );

    await writeFile(policyFile, JSON.stringify(approved(undefined, intendedPolicy())));
    expect((await reload()).accepted).toBe(true);
    await waitFor(() => !alarmingHost(), ALARM_BOUND_MS);
  });

  it('alarms within 10 s on a fault below the policy, and clears when it is gone', async () => {
    fault = true;
    try {
      expect(await waitFor(alarmingHost, ALARM_BOUND_MS)).toBeLessThan(ALARM_BOUND_MS);
    } finally {
      fault = false;
    }
    await waitFor(() => !alarmingHost(), ALARM_BOUND_MS);
    expect(canary.canary.alarming()).toEqual([]);
  });

  it('the exposure report lists exactly the disclosures outside the intended policy, and the canary subscriber', async () => {
    await ledger.flush();
    const to = new Date(Date.now() + 1000);
    const report = await exposureReport({
      db: database.db,
      schema,
      from: startedAt,
      to,
      outsidePolicy: await disclosureAllowedFromPolicyFile(intendedFile, startedAt),
      summaries: false,
    });
    const counted = await sql<{ host: string; n: string | number }>`
      select host, count(*) as n from ${sql.table(`${schema}.disclosure`)}
      where at >= ${startedAt.toISOString()}::timestamptz group by host`.execute(database.db);
    const byHost = new Map(counted.rows.map((row) => [row.host, Number(row.n)]));
    const leaked = byHost.get('leak-check.demo') ?? 0;
    expect(leaked).toBeGreaterThan(0);
    expect(byHost.get('partner.demo') ?? 0).toBeGreaterThan(0);

    const outside = report.outsidePolicy;
    expect(outside?.disclosures).toBe(leaked);
    expect(outside?.hosts.map((host) => [host.host, host.disclosures, host.subscribers])).toEqual([
      ['leak-check.demo', leaked, 1],
    ]);
    expect(outside?.affected.map((subscriber) => subscriber.msisdn)).toEqual([CANARY_E164]);
    expect(report.hosts.map((host) => host.host).sort()).toEqual(['leak-check.demo', 'partner.demo']);
  });
});
