import type { Server } from 'node:http';
import { createPseudonymizer } from '@linekeeper/identity-core';
import { createRedisSessionStore } from '@linekeeper/subscriber-sessions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  activePolicy,
  fixturePolicy,
  type GatewayHarness,
  MSISDN,
  PSEUDONYM_KEY,
  proxyGet,
  session,
  startEchoOrigin,
  startGatewayHarness,
} from './testing/gateway-fixture.js';

interface Echo {
  readonly rawHeaders: string[];
  readonly headers: Record<string, string>;
  readonly url: string;
  readonly body: string;
}

let origin: { server: Server; port: number };
let gateway: GatewayHarness;
const overrides = () => ({
  'partner.test': `127.0.0.1:${origin.port}`,
  'other.test': `127.0.0.1:${origin.port}`,
});

beforeAll(async () => {
  origin = await startEchoOrigin();
});
afterAll(() => new Promise<void>((resolve) => origin.server.close(() => resolve())));
afterEach(async () => gateway?.close());

const pseudonym = createPseudonymizer({ key: PSEUDONYM_KEY, epoch: 0 }).pseudonym('partner', MSISDN);
const identityNames = (echo: Echo) =>
  echo.rawHeaders.filter((_, i) => i % 2 === 0).map((name) => name.toLowerCase());

describe('the request path', () => {
  it('adds the MSISDN and the pseudonym for the listed partner, and records both disclosures', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    await gateway.sessions.record(session('127.0.0.2'));
    const response = await proxyGet(gateway.port, 'http://partner.test/buy?item=1', {
      localAddress: '127.0.0.2',
    });
    expect(response.status).toBe(200);
    const echo = JSON.parse(response.body) as Echo;
    expect(echo.headers['x-msisdn']).toBe(MSISDN);
    expect(echo.headers['x-linekeeper-pseudonym']).toBe(pseudonym);
    expect(echo.headers.host).toBe('partner.test');
    expect(echo.url).toBe('/buy?item=1');
    await gateway.ledger.flush();
    expect(gateway.ledgerStore.rows).toHaveLength(2);
    expect(gateway.ledgerStore.rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          msisdn: MSISDN,
          host: 'partner.test',
          partnerId: 'partner',
          purpose: 'carrier-billing',
          fields: ['msisdn'],
        }),
        expect.objectContaining({ purpose: 'customer-identification', fields: ['pseudonym'], path: '/' }),
      ]),
    );
    const metrics = await gateway.metrics.registry.metrics();
    expect(metrics).toContain(
      'linekeeper_gateway_enrichments_total{partner="partner",purpose="carrier-billing"} 1',
    );
  });

  it('adds nothing for a host the policy does not list', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    await gateway.sessions.record(session('127.0.0.2'));
    const response = await proxyGet(gateway.port, 'http://other.test/', { localAddress: '127.0.0.2' });
    const echo = JSON.parse(response.body) as Echo;
    expect(identityNames(echo)).not.toContain('x-msisdn');
    expect(identityNames(echo)).not.toContain('x-linekeeper-pseudonym');
    await gateway.ledger.flush();
    expect(gateway.ledgerStore.rows).toHaveLength(0);
  });

  it('strips spoofed identity headers in every case and duplicate, enriched or not', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    await gateway.sessions.record(session('127.0.0.2'));
    const spoofed = [
      'X-MSISDN',
      '+447700900999',
      'x-msisdn',
      '+447700900998',
      'X-Msisdn',
      '+447700900997',
      'X-Up-Calling-Line-ID',
      '447700900996',
      'x-linekeeper-pseudonym',
      'lkp1.0.forged',
      'X-Nokia-MSISDN',
      '447700900995',
      'X-Forwarded-For',
      '127.0.0.9',
      'X-Imsi-Hash',
      'abc',
      'Connection',
      'x-keep-me-not',
      'X-Keep-Me-Not',
      'hop',
      'X-Ordinary',
      'kept',
    ];
    for (const [host, address] of [
      ['partner.test', '127.0.0.2'],
      ['other.test', '127.0.0.2'],
      ['other.test', '127.0.0.5'],
    ]) {
      const response = await proxyGet(gateway.port, `http://${host}/`, {
        localAddress: address,
        headers: spoofed,
      });
      const echo = JSON.parse(response.body) as Echo;
      const values = echo.rawHeaders.filter((_, i) => i % 2 === 1);
      for (const forged of [
        '+447700900999',
        '+447700900998',
        '+447700900997',
        '447700900996',
        'lkp1.0.forged',
        '447700900995',
        '127.0.0.9',
        'abc',
        'hop',
      ]) {
        expect(values).not.toContain(forged);
      }
      expect(echo.headers['x-ordinary']).toBe('kept');
      const msisdns = echo.rawHeaders.filter(
        (_, i, all) => i % 2 === 1 && all[i - 1]?.toLowerCase() === 'x-msisdn',
      );
      expect(msisdns).toEqual(host === 'partner.test' ? [MSISDN] : []);
    }
    expect(await gateway.metrics.registry.metrics()).toContain(
      'linekeeper_gateway_stripped_headers_total 24',
    );
  });

  it('adds nothing after the session is stopped', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    const started = session('127.0.0.2');
    await gateway.sessions.record(started);
    await gateway.sessions.stop({
      nas: started.nas,
      accountingSessionId: started.accountingSessionId,
      framedIpAddress: '127.0.0.2',
      framedIpv6Prefix: undefined,
    });
    const echo = JSON.parse(
      (await proxyGet(gateway.port, 'http://partner.test/', { localAddress: '127.0.0.2' })).body,
    ) as Echo;
    expect(identityNames(echo)).not.toContain('x-msisdn');
  });

  it('adds nothing for a client outside the subscriber pools, even with a session', async () => {
    const policy = activePolicy(fixturePolicy({ pools: { 'mobile-data': ['127.0.0.0/30'] } }));
    gateway = await startGatewayHarness({ overrides: overrides(), policy });
    await gateway.sessions.record(session('127.0.0.9'));
    await gateway.sessions.record(session('127.0.0.2'));
    const response = await proxyGet(gateway.port, 'http://partner.test/', { localAddress: '127.0.0.9' });
    expect(response.status).toBe(200);
    expect(identityNames(JSON.parse(response.body) as Echo)).not.toContain('x-msisdn');
    const inside = await proxyGet(gateway.port, 'http://partner.test/', { localAddress: '127.0.0.2' });
    expect((JSON.parse(inside.body) as Echo).headers['x-msisdn']).toBe(MSISDN);
  });

  it('fails closed when the ledger refuses: traffic flows, no identity, counted', async () => {
    gateway = await startGatewayHarness({ overrides: overrides() });
    await gateway.sessions.record(session('127.0.0.2'));
    gateway.ledgerStore.fail = true;
    await proxyGet(gateway.port, 'http://partner.test/', { localAddress: '127.0.0.2' });
    await expect(gateway.ledger.flush()).rejects.toThrow();
    const response = await proxyGet(gateway.port, 'http://partner.test/', { localAddress: '127.0.0.2' });
    expect(response.status).toBe(200);
    expect(identityNames(JSON.parse(response.body) as Echo)).not.toContain('x-msisdn');
    expect(await gateway.metrics.registry.metrics()).toContain(
      'linekeeper_gateway_fail_closed_total{reason="ledger-refused"} 2',
    );
  });

  it('fails closed when the session store cannot answer (Redis down)', async () => {
    const redis = createRedisSessionStore({
      url: 'redis://127.0.0.1:1',
      commandTimeoutMs: 50,
      redisOptions: { connectTimeout: 100, retryStrategy: () => null, lazyConnect: true },
    });
    gateway = await startGatewayHarness({ overrides: overrides(), sessions: redis });
    const response = await proxyGet(gateway.port, 'http://partner.test/', { localAddress: '127.0.0.2' });
    expect(response.status).toBe(200);
    expect(identityNames(JSON.parse(response.body) as Echo)).not.toContain('x-msisdn');
    expect(await gateway.metrics.registry.metrics()).toContain(
      'linekeeper_gateway_fail_closed_total{reason="session-unknown"} 1',
    );
    await redis.close();
  });

  it('fails closed without a policy, and still strips the catalogue names', async () => {
    gateway = await startGatewayHarness({ overrides: overrides(), policy: undefined });
    await gateway.sessions.record(session('127.0.0.2'));
    const response = await proxyGet(gateway.port, 'http://partner.test/', {
      localAddress: '127.0.0.2',
      headers: ['X-MSISDN', '+447700900999'],
    });
    expect(identityNames(JSON.parse(response.body) as Echo)).not.toContain('x-msisdn');
    expect(await gateway.metrics.registry.metrics()).toContain(
      'linekeeper_gateway_fail_closed_total{reason="no-policy"} 1',
    );
  });

  it('streams request bodies (chunked and sized) and routes origin-form by Host in transparent mode', async () => {
    gateway = await startGatewayHarness({ overrides: overrides(), config: { transparent: true } });
    await gateway.sessions.record(session('127.0.0.2'));
    const sized = await proxyGet(gateway.port, 'http://other.test/upload', {
      method: 'POST',
      body: 'hello',
      headers: ['Content-Length', '5'],
    });
    expect((JSON.parse(sized.body) as Echo).body).toBe('hello');
    const chunked = await proxyGet(gateway.port, '/upload', {
      method: 'POST',
      body: 'chunked body',
      headers: ['Host', 'partner.test', 'Transfer-Encoding', 'chunked'],
      localAddress: '127.0.0.2',
    });
    const echo = JSON.parse(chunked.body) as Echo;
    expect(echo.body).toBe('chunked body');
    expect(echo.headers['x-msisdn']).toBe(MSISDN);
  });
});
