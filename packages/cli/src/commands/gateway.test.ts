import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { createLogger, parseConfig } from '@linekeeper/identity-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayCommandSchema, startGatewayWorld } from './gateway.js';

const RADCLIENT = '/usr/bin/radclient';
const POLICY = new URL('../../../policy/demo/policy.yaml', import.meta.url).pathname;
const MSISDN = '+447700900123'; // Ofcom drama number

function radclient(port: number, attributes: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      RADCLIENT,
      ['-r', '1', '-t', '2', `127.0.0.1:${port}`, 'acct', 'linekeeper-demo'],
      (error) => (error ? reject(error) : resolve()),
    );
    child.stdin?.end(`${attributes}\n`);
  });
}

function get(port: number, url: string, localAddress: string, headers: string[] = []): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: url,
      localAddress,
      setHost: false,
      headers: ['Host', new URL(url, 'http://127.0.0.1').host, ...headers],
      agent: false,
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => resolve(body));
    });
    req.end();
  });
}

describe.skipIf(!existsSync(RADCLIENT))('linekeeper gateway, driven by radclient', () => {
  let world: Awaited<ReturnType<typeof startGatewayWorld>>;
  let echoPort: number;
  let echo: import('node:http').Server;

  beforeAll(async () => {
    const { createServer } = await import('node:http');
    echo = createServer((req, res) => res.end(JSON.stringify(req.headers)));
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    echoPort = (echo.address() as import('node:net').AddressInfo).port;
    const config = parseConfig(
      gatewayCommandSchema,
      {
        port: 0,
        policyFile: POLICY,
        watchPolicy: false,
        pseudonym: { key: Buffer.alloc(32, 1).toString('base64') },
        resolver: {
          overrides: { 'partner.demo': `127.0.0.1:${echoPort}`, 'other.demo': `127.0.0.1:${echoPort}` },
          dns: false,
        },
        radius: {
          port: 0,
          clients: [{ name: 'demo-nas', cidr: '127.0.0.0/8', secret: 'linekeeper-demo' }],
          admin: { host: '127.0.0.1', port: 0 },
        },
        // PostgreSQL when DATABASE_URL is set (one fixed schema, reused by reruns), else PGlite.
        ledger: process.env.DATABASE_URL
          ? { databaseUrl: process.env.DATABASE_URL, schema: 'linekeeper_gateway_e2e' }
          : { dataDir: 'memory://' },
      },
      'test',
    );
    world = await startGatewayWorld(config, createLogger({ name: 'test', level: 'silent' }));
  }, 30_000);
  afterAll(async () => {
    await world?.close();
    echo.closeAllConnections();
    echo.close();
  });

  it('enriches for the partner after a Start, for nobody else, and for nobody after the Stop', async () => {
    const start = `Acct-Status-Type = Start, Acct-Session-Id = "e2e-1", Calling-Station-Id = "447700900123", Framed-IP-Address = 127.0.0.2`;
    await radclient(world.radiusPort, start);
    const partner = JSON.parse(
      await get(world.proxyPort, 'http://partner.demo/', '127.0.0.2', ['X-MSISDN', '+447700900999']),
    );
    expect(partner['x-msisdn']).toBe(MSISDN);
    expect(partner['x-linekeeper-pseudonym']).toMatch(/^lkp1\.0\./);
    const other = JSON.parse(
      await get(world.proxyPort, 'http://other.demo/', '127.0.0.2', ['X-MSISDN', '+447700900999']),
    );
    expect(other['x-msisdn']).toBeUndefined();
    expect(other['x-linekeeper-pseudonym']).toBeUndefined();

    await radclient(world.radiusPort, start.replace('Start', 'Stop'));
    const after = JSON.parse(await get(world.proxyPort, 'http://partner.demo/', '127.0.0.2'));
    expect(after['x-msisdn']).toBeUndefined();

    const health = JSON.parse(await get(world.adminPort, '/healthz', '127.0.0.1'));
    expect(health).toEqual({ status: 'ok', checks: { store: true, gateway: true } });
    const metrics = await get(world.adminPort, '/metrics', '127.0.0.1');
    expect(metrics).toContain(
      'linekeeper_gateway_enrichments_total{partner="demo-partner",purpose="carrier-billing"} 1',
    );
    expect(metrics).toContain('linekeeper_radius_');
  });
});
